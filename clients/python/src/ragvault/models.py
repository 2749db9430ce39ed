"""Typed results, mirroring the OpenAPI schemas (`Sources/RAGVaultHTTP/openapi.yaml`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ContextChunk:
    chunk_id: str
    text: str
    offsets: list[int]


@dataclass(frozen=True)
class Passage:
    """One search result, already redacted by the server. `citation` is `ragvault://<doc>/<chunk>`."""

    document_id: str
    chunk_id: str
    title: str
    heading_path: list[str]
    text: str
    snippet: str
    highlights: list[list[int]]
    score: float
    offsets: list[int]
    flags: list[str]
    redactions: dict[str, int]
    context: list[ContextChunk] | None = None
    #: Vector and hybrid searches: the chunk's 1-based rank in each leg (`{"text": 3, "vector": None}`).
    ranks: dict[str, int | None] | None = None

    @property
    def possible_injection(self) -> bool:
        """Whether the server flagged the passage as a possible prompt injection."""
        return any(f.startswith("possible_injection") for f in self.flags)

    @property
    def citation(self) -> str:
        from urllib.parse import quote
        return f"ragvault://{quote(self.document_id, safe='')}/{self.chunk_id}"

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Passage":
        context = d.get("context")
        return cls(document_id=d["document_id"], chunk_id=d["chunk_id"], title=d["title"], heading_path=list(d["heading_path"]),
                   text=d["text"], snippet=d["snippet"], highlights=[list(h) for h in d["highlights"]], score=float(d["score"]),
                   offsets=list(d["offsets"]), flags=list(d["flags"]), redactions=dict(d["redactions"]),
                   context=[ContextChunk(c["chunk_id"], c["text"], list(c["offsets"])) for c in context] if context is not None else None,
                   ranks=dict(d["ranks"]) if d.get("ranks") is not None else None)


@dataclass(frozen=True)
class SearchResult:
    results: list[Passage]
    took_ms: float
    #: How the results were ranked: "text", "vector" or "hybrid".
    search_mode: str = "text"
    #: "text" when the tenant's embedder was unavailable and the search asked to fall back.
    fallback: str | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "SearchResult":
        return cls(results=[Passage.from_json(p) for p in d["results"]], took_ms=float(d["took_ms"]),
                   search_mode=d.get("search_mode", "text"), fallback=d.get("fallback"))


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    document_id: str
    title: str
    heading_path: list[str]
    text: str
    offsets: list[int]
    flags: list[str]
    redactions: dict[str, int]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Chunk":
        return cls(d["chunk_id"], d["document_id"], d["title"], list(d["heading_path"]), d["text"], list(d["offsets"]),
                   list(d["flags"]), dict(d["redactions"]))


@dataclass(frozen=True)
class AccessList:
    allow: list[str]
    deny: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"allow": list(self.allow), "deny": list(self.deny)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "AccessList":
        return cls(list(d.get("allow", [])), list(d.get("deny", [])))


@dataclass(frozen=True)
class DocumentChunk:
    chunk_id: str
    heading_path: list[str]
    offsets: list[int]
    flags: list[str]


@dataclass(frozen=True)
class Document:
    """A document's metadata and chunk list; `acl` only for ingest/admin keys."""

    id: str
    title: str
    version: int
    updated_at: str
    metadata: dict[str, str]
    chunks: list[DocumentChunk]
    source: str | None = None
    acl: AccessList | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Document":
        return cls(id=d["id"], title=d["title"], version=int(d["version"]), updated_at=d["updated_at"], metadata=dict(d["metadata"]),
                   chunks=[DocumentChunk(c["chunk_id"], list(c["heading_path"]), list(c["offsets"]), list(c["flags"])) for c in d["chunks"]],
                   source=d.get("source"), acl=AccessList.from_json(d["acl"]) if d.get("acl") else None)


@dataclass(frozen=True)
class WriteResult:
    id: str
    outcome: str
    secrets_scrubbed: int = 0
    invisible_characters_removed: int = 0
    possible_injection_chunks: int = 0
    version: int | None = None
    code: str | None = None
    reason: str | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "WriteResult":
        return cls(id=d["id"], outcome=d["outcome"], secrets_scrubbed=d.get("secrets_scrubbed", 0),
                   invisible_characters_removed=d.get("invisible_characters_removed", 0),
                   possible_injection_chunks=d.get("possible_injection_chunks", 0), version=d.get("version"), code=d.get("code"),
                   reason=d.get("reason"))


@dataclass(frozen=True)
class ApiKey:
    id: str
    roles: list[str]
    groups: list[str]
    scopes: list[str]
    created_at: str
    tenant: str | None = None
    subject: str | None = None
    expires_at: str | None = None
    revoked_at: str | None = None
    created_by: str | None = None
    active: bool | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "ApiKey":
        return cls(id=d["id"], roles=list(d["roles"]), groups=list(d["groups"]), scopes=list(d["scopes"]), created_at=d["created_at"],
                   tenant=d.get("tenant"), subject=d.get("subject"), expires_at=d.get("expires_at"), revoked_at=d.get("revoked_at"),
                   created_by=d.get("created_by"), active=d.get("active"))


@dataclass(frozen=True)
class Detokenised:
    """`detokenise`'s answer: the text with the tokens this reader may resolve replaced."""

    text: str
    resolved: int
    unresolved: int

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Detokenised":
        return cls(text=d["text"], resolved=int(d["resolved"]), unresolved=int(d["unresolved"]))
