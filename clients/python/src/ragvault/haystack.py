"""`ragvault[haystack]`: a Haystack retriever component over a RAGVault search.

>>> from haystack import Pipeline
>>> from haystack.utils import Secret
>>> from ragvault.haystack import RAGVaultRetriever
>>> pipe = Pipeline()
>>> pipe.add_component("retriever", RAGVaultRetriever(url=url, api_key=Secret.from_env_var("RAGVAULT_API_KEY")))
>>> pipe.run({"retriever": {"query": "rotate the signing key"}})["retriever"]["documents"]
"""
from __future__ import annotations

from typing import Any

from haystack import Document, component, default_from_dict, default_to_dict
from haystack.utils import Secret, deserialize_secrets_inplace

from ._metadata import passage_metadata
from .client import RAGVault


@component
class RAGVaultRetriever:
    """Outputs `documents`: one `Document` per passage (id = chunk id, `meta` = citation fields and
    flags, `possible_injection` marking flagged ones, `score` = the search score). The key is a
    Haystack `Secret` (from an environment variable by default), so a serialised pipeline never
    holds it."""

    def __init__(self, url: str, api_key: Secret = Secret.from_env_var("RAGVAULT_API_KEY"), *, top_k: int = 8,
                 timeout: float = 30.0) -> None:
        self.url, self.api_key, self.top_k, self.timeout = url, api_key, top_k, timeout
        self._client: RAGVault | None = None

    def warm_up(self) -> None:
        if self._client is None:
            key = self.api_key.resolve_value()
            if not key:
                raise ValueError("RAGVaultRetriever: the API key secret resolved to nothing")
            self._client = RAGVault(self.url, key, timeout=self.timeout)

    @component.output_types(documents=list[Document])
    def run(self, query: str, top_k: int | None = None, user_token: str | None = None) -> dict[str, Any]:
        """`user_token`: for a `search:delegated` key, the end user's token for this query."""
        self.warm_up()
        assert self._client is not None
        result = self._client.search(query, top_k=top_k or self.top_k, user_token=user_token)
        return {"documents": [Document(id=p.chunk_id, content=p.text, meta=passage_metadata(p), score=p.score) for p in result.results]}

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(self, url=self.url, api_key=self.api_key.to_dict(), top_k=self.top_k, timeout=self.timeout)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RAGVaultRetriever":
        deserialize_secrets_inplace(data["init_parameters"], keys=["api_key"])
        return default_from_dict(cls, data)
