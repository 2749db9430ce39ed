"""`ragvault[llamaindex]`: a LlamaIndex retriever over a RAGVault search.

>>> from ragvault.llamaindex import RAGVaultRetriever
>>> nodes = RAGVaultRetriever(RAGVault(url, api_key=key), top_k=5).retrieve("rotate the signing key")
"""
from __future__ import annotations

from typing import Any

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from ._metadata import passage_metadata
from .client import AsyncRAGVault, RAGVault
from .models import SearchResult


class RAGVaultRetriever(BaseRetriever):
    """Returns `NodeWithScore`s: a `TextNode` per passage (id = chunk id, metadata = citation
    fields and flags, `possible_injection` marking flagged ones) with the search score."""

    def __init__(self, client: RAGVault | None = None, *, async_client: AsyncRAGVault | None = None, top_k: int = 8,
                 user_token: str | None = None, search_kwargs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self._client, self._async_client = client, async_client
        self._top_k, self._user_token, self._search_kwargs = top_k, user_token, dict(search_kwargs or {})
        super().__init__(**kwargs)

    @staticmethod
    def _nodes(result: SearchResult) -> list[NodeWithScore]:
        return [NodeWithScore(node=TextNode(id_=p.chunk_id, text=p.text, metadata=passage_metadata(p)), score=p.score) for p in result.results]

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        if self._client is None:
            raise ValueError("RAGVaultRetriever needs a RAGVault client for synchronous calls")
        return self._nodes(self._client.search(query_bundle.query_str, top_k=self._top_k, user_token=self._user_token, **self._search_kwargs))

    async def _aretrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        if self._async_client is None:
            return self._retrieve(query_bundle)
        result = await self._async_client.search(query_bundle.query_str, top_k=self._top_k, user_token=self._user_token, **self._search_kwargs)
        return self._nodes(result)
