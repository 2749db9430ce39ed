"""What the sync and async clients share: request building, answers, retry policy."""
from __future__ import annotations

import json
import random
from typing import Any
from urllib.parse import quote

import httpx

from .errors import ConnectionFailed, RAGVaultError, error_for

USER_TOKEN_HEADER = "X-RAGVault-User-Token"
#: Only these are retried: the server asks to come back later, or never answered.
RETRY_STATUSES = frozenset({429, 503})


def path_id(value: str) -> str:
    """A document or chunk id as a path segment (`/` as `%2F`)."""
    return quote(value, safe="-._~")


def headers(api_key: str, user_token: str | None) -> dict[str, str]:
    h = {"Authorization": f"Bearer {api_key}", "Accept": "application/json", "User-Agent": "ragvault-python/0.9.0"}
    if user_token:
        h[USER_TOKEN_HEADER] = user_token
    return h


def search_body(query: str, top_k: int | None, documents: list[str] | None, metadata: dict[str, str] | None,
                updated_after: str | None, context: int | None, match: str | None, snippet_length: int | None,
                per_document: int | None = None, vector: list[float] | None = None,
                fusion: dict[str, Any] | None = None, fallback: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"query": query}
    for key, value in (("top_k", top_k), ("document_ids", documents), ("metadata", metadata), ("updated_after", updated_after),
                       ("context", context), ("match", match), ("snippet_length", snippet_length),
                       ("per_document", per_document), ("vector", list(vector) if vector is not None else None),
                       ("fusion", fusion), ("fallback", fallback)):
        if value is not None:
            body[key] = value
    return body


def document_body(doc_id: str, *, text: str | None, markdown: str | None, html: str | None, rst: str | None, acl: Any,
                  title: str | None, metadata: dict[str, Any] | None, source: str | None,
                  embedding: list[float] | None = None) -> dict[str, Any]:
    bodies = {k: v for k, v in (("text", text), ("markdown", markdown), ("html", html), ("rst", rst)) if v is not None}
    if len(bodies) != 1:
        raise ValueError("give exactly one of text, markdown, html or rst")
    body: dict[str, Any] = {"id": doc_id, **bodies, "acl": acl.to_json() if hasattr(acl, "to_json") else dict(acl)}
    for key, value in (("title", title), ("metadata", metadata), ("source", source),
                       ("embedding", list(embedding) if embedding is not None else None)):
        if value is not None:
            body[key] = value
    return body


def answer(response: httpx.Response) -> Any:
    """The JSON of a 2xx answer, or the typed error of any other."""
    if 200 <= response.status_code < 300:
        return response.json()
    try:
        body = response.json()
    except ValueError:
        body = None
    raise error_for(response.status_code, body, {k.lower(): v for k, v in response.headers.items()})


def answer_bytes(status: int, headers: dict[str, str], content: bytes) -> Any:
    """`answer` for an answer read whole, without an httpx response (`headers` lower-cased)."""
    if 200 <= status < 300:
        return json.loads(content)
    try:
        body = json.loads(content)
    except ValueError:
        body = None
    raise error_for(status, body, headers)


def json_bytes(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def backoff(attempt: int, error: RAGVaultError | None, cap: float) -> float:
    """Seconds before retry `attempt` (1, 2, …): the server's Retry-After when it gave one, else
    exponential with jitter; never more than `cap`."""
    if error is not None and error.retry_after is not None:
        return min(cap, error.retry_after)
    return min(cap, 0.2 * (2 ** (attempt - 1)) * (0.5 + random.random()))


def retryable(error: Exception) -> bool:
    return isinstance(error, ConnectionFailed) or (isinstance(error, RAGVaultError) and error.status in RETRY_STATUSES)


def connection_failed(error: Exception) -> ConnectionFailed:
    return ConnectionFailed(f"the server could not be reached ({type(error).__name__})", code="connection_failed")


def ndjson_line(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
