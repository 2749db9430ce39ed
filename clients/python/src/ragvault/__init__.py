"""RAGVault: tenant-scoped, encrypted retrieval — the Python client.

`RAGVault` / `AsyncRAGVault` for the HTTP API; `ragvault.langchain.RAGVaultRetriever`,
`ragvault.llamaindex.RAGVaultRetriever` and `ragvault.haystack.RAGVaultRetriever` with the
`langchain`, `llamaindex` and `haystack` extras.
"""
from .client import AsyncRAGVault, RAGVault
from .errors import (BadRequest, Conflict, ConnectionFailed, Forbidden, NotFound, PayloadTooLarge, RAGVaultError, RateLimited,
                     ServerError, Unauthenticated, Unavailable)
from .models import AccessList, ApiKey, Chunk, ContextChunk, Detokenised, Document, Passage, SearchResult, WriteResult

__all__ = [
    "RAGVault", "AsyncRAGVault", "RAGVaultError", "BadRequest", "Unauthenticated", "Forbidden", "NotFound", "Conflict",
    "PayloadTooLarge", "RateLimited", "Unavailable", "ServerError", "ConnectionFailed", "AccessList", "ApiKey", "Chunk",
    "ContextChunk", "Detokenised", "Document", "Passage", "SearchResult", "WriteResult",
]
__version__ = "0.9.0"
