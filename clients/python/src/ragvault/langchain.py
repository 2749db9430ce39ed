"""`ragvault[langchain]`: a LangChain retriever over a RAGVault search.

>>> from ragvault import RAGVault
>>> from ragvault.langchain import RAGVaultRetriever
>>> retriever = RAGVaultRetriever(client=RAGVault(url, api_key=key), top_k=5)
>>> docs = retriever.invoke("how do I rotate the signing key?")
"""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from ._metadata import passage_metadata
from .client import AsyncRAGVault, RAGVault
from .models import SearchResult


class RAGVaultRetriever(BaseRetriever):
    """Returns one `Document` per passage: the redacted text as `page_content`, the citation
    fields, flags and redaction counts in `metadata` (`possible_injection` marks flagged ones)."""

    client: Any = None
    """A `RAGVault` (sync calls) and/or an `AsyncRAGVault` in `async_client` (async calls)."""
    async_client: Any = None
    top_k: int = 8
    user_token: str | None = None
    """For a `search:delegated` key: the end user's token."""
    search_kwargs: dict[str, Any] = {}

    def _documents(self, result: SearchResult) -> list[Document]:
        return [Document(page_content=p.text, metadata=passage_metadata(p), id=p.chunk_id) for p in result.results]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        if not isinstance(self.client, RAGVault):
            raise ValueError("RAGVaultRetriever needs client=RAGVault(...) for synchronous calls")
        return self._documents(self.client.search(query, top_k=self.top_k, user_token=self.user_token, **self.search_kwargs))

    async def _aget_relevant_documents(self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun) -> list[Document]:
        if isinstance(self.async_client, AsyncRAGVault):
            result = await self.async_client.search(query, top_k=self.top_k, user_token=self.user_token, **self.search_kwargs)
            return self._documents(result)
        return await super()._aget_relevant_documents(query, run_manager=run_manager)
