"""`RAGVault` (sync) and `AsyncRAGVault` (asyncio), over httpx with keep-alive.

Every call goes to the HTTP API as the key (and, for a `search:delegated` key, as the end user
whose token is given): the server decides tenant and principal, never an argument here.
Retries with backoff only for 429/503 answers and connection failures, never for other 4xx.
"""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any

import httpx

from . import _transport as t
from .errors import RAGVaultError
from .models import AccessList, ApiKey, Chunk, Detokenised, Document, SearchResult, WriteResult


class _Options:
    def __init__(self, url: str, api_key: str, user_token: str | None, timeout: float, max_retries: int, max_backoff: float) -> None:
        if not api_key:
            raise ValueError("api_key is required (rvk_…)")
        self.url, self.api_key, self.user_token = url.rstrip("/"), api_key, user_token
        self.timeout, self.max_retries, self.max_backoff = timeout, max_retries, max_backoff

    def headers(self, user_token: str | None) -> dict[str, str]:
        return t.headers(self.api_key, user_token if user_token is not None else self.user_token)


class RAGVault:
    """A synchronous client. Use as a context manager, or call `close()`.

    >>> rv = RAGVault("http://127.0.0.1:8480", api_key="rvk_…")
    >>> for p in rv.search("rotate the signing key", top_k=5).results:
    ...     print(p.citation, p.snippet)
    """

    def __init__(self, url: str, api_key: str, *, user_token: str | None = None, timeout: float = 30.0, max_retries: int = 3,
                 max_backoff: float = 10.0, http: httpx.Client | None = None) -> None:
        self._o = _Options(url, api_key, user_token, timeout, max_retries, max_backoff)
        self._http = http or httpx.Client(timeout=timeout)

    def __enter__(self) -> "RAGVault":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, *, json_body: Any = None, user_token: str | None = None) -> Any:
        attempt = 0
        while True:
            try:
                try:
                    response = self._http.request(method, self._o.url + path, json=json_body, headers=self._o.headers(user_token))
                except httpx.TransportError as e:
                    raise t.connection_failed(e) from e
                return t.answer(response)
            except RAGVaultError as error:
                attempt += 1
                if attempt > self._o.max_retries or not t.retryable(error):
                    raise
                time.sleep(t.backoff(attempt, error, self._o.max_backoff))

    # Reading
    def search(self, query: str, *, top_k: int | None = None, documents: list[str] | None = None, metadata: dict[str, str] | None = None,
               updated_after: str | None = None, context: int | None = None, match: str | None = None,
               snippet_length: int | None = None, per_document: int | None = None, vector: list[float] | None = None,
               fusion: dict[str, Any] | None = None, fallback: str | None = None, user_token: str | None = None) -> SearchResult:
        """`match`: natural, all, any, vector or hybrid; `vector`: the query's vector in the tenant's
        dimensions; `fusion`: `{"method": "rrf", …}` or `{"method": "convex", "alpha": …}`;
        `fallback="text"`: rank by text alone when the tenant's embedder is unavailable (the
        result's `fallback` then says "text") instead of raising `Unavailable`."""
        body = t.search_body(query, top_k, documents, metadata, updated_after, context, match, snippet_length, per_document, vector,
                             fusion, fallback)
        return SearchResult.from_json(self._call("POST", "/v1/search", json_body=body, user_token=user_token))

    def chunk(self, chunk_id: str, *, user_token: str | None = None) -> Chunk:
        return Chunk.from_json(self._call("GET", "/v1/chunks/" + t.path_id(chunk_id), user_token=user_token))

    def document(self, doc_id: str, *, user_token: str | None = None) -> Document:
        return Document.from_json(self._call("GET", "/v1/documents/" + t.path_id(doc_id), user_token=user_token))

    def detokenise(self, text: str, *, user_token: str | None = None) -> Detokenised:
        """Resolves reversible tokens (`[EMAIL:…]`, policy action `tokenise`) in `text` for a reader the policy exempts."""
        return Detokenised.from_json(self._call("POST", "/v1/detokenise", json_body={"text": text}, user_token=user_token))

    # Writing
    def put_document(self, doc_id: str, *, acl: AccessList | dict[str, Any], text: str | None = None, markdown: str | None = None,
                     html: str | None = None, rst: str | None = None, title: str | None = None, metadata: dict[str, Any] | None = None,
                     source: str | None = None, embedding: list[float] | None = None) -> WriteResult:
        body = t.document_body(doc_id, text=text, markdown=markdown, html=html, rst=rst, acl=acl, title=title, metadata=metadata,
                               source=source, embedding=embedding)
        return WriteResult.from_json(self._call("PUT", "/v1/documents/" + t.path_id(doc_id), json_body=body))

    def index_batch(self, documents: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Streams documents as NDJSON and yields one `{"line", "result"}` per line as the server
        answers it. Not retried (a stream cannot be replayed)."""
        headers = {**self._o.headers(None), "Content-Type": "application/x-ndjson", "Accept": "application/x-ndjson"}
        with self._http.stream("POST", self._o.url + "/v1/documents:batch", content=(t.ndjson_line(d) for d in documents),
                               headers=headers) as response:
            if response.status_code != 200:
                response.read()
                t.answer(response)
            for line in response.iter_lines():
                if line.strip():
                    yield json.loads(line)

    def delete_document(self, doc_id: str) -> WriteResult:
        return WriteResult.from_json(self._call("DELETE", "/v1/documents/" + t.path_id(doc_id)))

    def set_acl(self, doc_id: str, acl: AccessList | dict[str, Any]) -> WriteResult:
        body = acl.to_json() if isinstance(acl, AccessList) else dict(acl)
        return WriteResult.from_json(self._call("PATCH", "/v1/documents/" + t.path_id(doc_id) + "/acl", json_body=body))

    # Administering (scope admin)
    def policy(self) -> dict[str, Any]:
        return self._call("GET", "/v1/policy")

    def set_policy(self, policy: dict[str, Any]) -> dict[str, Any]:
        return self._call("PUT", "/v1/policy", json_body=policy)

    def vectors(self) -> dict[str, Any]:
        """The tenant's vector configuration with `stored` and `stale` counts (scope `admin`)."""
        return self._call("GET", "/v1/vectors")

    def set_vectors(self, config: dict[str, Any]) -> dict[str, Any]:
        """`{"model", "dims", "search_mode", "fusion", "embedder"}` (scope `admin`)."""
        return self._call("PUT", "/v1/vectors", json_body=config)

    def keys(self) -> list[ApiKey]:
        return [ApiKey.from_json(k) for k in self._call("GET", "/v1/keys")["keys"]]

    def create_key(self, *, scopes: list[str], roles: list[str] | None = None, groups: list[str] | None = None,
                   subject: str | None = None, expires_at: str | None = None) -> tuple[str, ApiKey]:
        body: dict[str, Any] = {"scopes": scopes, **{k: v for k, v in (("roles", roles), ("groups", groups), ("subject", subject),
                                                                       ("expires_at", expires_at)) if v is not None}}
        created = self._call("POST", "/v1/keys", json_body=body)
        return created["key"], ApiKey.from_json(created["record"])

    def revoke_key(self, key_id: str) -> None:
        self._call("DELETE", "/v1/keys/" + t.path_id(key_id))

    def identity_providers(self) -> list[dict[str, Any]]:
        return self._call("GET", "/v1/idp")["providers"]

    def set_identity_providers(self, providers: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return self._call("PUT", "/v1/idp", json_body={"providers": providers})["providers"]


def _fast_transport() -> Any:
    """aiohttp's pool (`_aiohttp`) when the `aiohttp` extra is installed, else None (httpx's own):
    several times the searches per second with many in flight."""
    try:
        from ._aiohttp import AiohttpTransport
    except ImportError:
        return None
    return AiohttpTransport(limit=64)


class AsyncRAGVault:
    """The asyncio client: the same calls as `RAGVault`, awaited."""

    def __init__(self, url: str, api_key: str, *, user_token: str | None = None, timeout: float = 30.0, max_retries: int = 3,
                 max_backoff: float = 10.0, http: httpx.AsyncClient | None = None) -> None:
        self._o = _Options(url, api_key, user_token, timeout, max_retries, max_backoff)
        # With no client of the caller's, JSON calls go straight through aiohttp when it is
        # installed; streams use httpx over the same pool. A caller's own client is used as given.
        self._direct = _fast_transport() if http is None else None
        self._http = http or httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
                                               transport=self._direct)

    async def __aenter__(self) -> "AsyncRAGVault":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _call(self, method: str, path: str, *, json_body: Any = None, user_token: str | None = None) -> Any:
        attempt = 0
        while True:
            try:
                try:
                    if self._direct is not None:
                        body = None if json_body is None else t.json_bytes(json_body)
                        status, headers, content = await self._direct.exchange(
                            method, self._o.url + path, body=body, headers=self._o.headers(user_token), timeout=self._o.timeout)
                        return t.answer_bytes(status, headers, content)
                    response = await self._http.request(method, self._o.url + path, json=json_body, headers=self._o.headers(user_token))
                except httpx.TransportError as e:
                    raise t.connection_failed(e) from e
                return t.answer(response)
            except RAGVaultError as error:
                attempt += 1
                if attempt > self._o.max_retries or not t.retryable(error):
                    raise
                await asyncio.sleep(t.backoff(attempt, error, self._o.max_backoff))

    async def search(self, query: str, *, top_k: int | None = None, documents: list[str] | None = None,
                     metadata: dict[str, str] | None = None, updated_after: str | None = None, context: int | None = None,
                     match: str | None = None, snippet_length: int | None = None, per_document: int | None = None,
                     vector: list[float] | None = None, fusion: dict[str, Any] | None = None, fallback: str | None = None,
                     user_token: str | None = None) -> SearchResult:
        body = t.search_body(query, top_k, documents, metadata, updated_after, context, match, snippet_length, per_document, vector,
                             fusion, fallback)
        return SearchResult.from_json(await self._call("POST", "/v1/search", json_body=body, user_token=user_token))

    async def chunk(self, chunk_id: str, *, user_token: str | None = None) -> Chunk:
        return Chunk.from_json(await self._call("GET", "/v1/chunks/" + t.path_id(chunk_id), user_token=user_token))

    async def document(self, doc_id: str, *, user_token: str | None = None) -> Document:
        return Document.from_json(await self._call("GET", "/v1/documents/" + t.path_id(doc_id), user_token=user_token))

    async def detokenise(self, text: str, *, user_token: str | None = None) -> Detokenised:
        """Resolves reversible tokens (`[EMAIL:…]`, policy action `tokenise`) in `text` for a reader the policy exempts."""
        return Detokenised.from_json(await self._call("POST", "/v1/detokenise", json_body={"text": text}, user_token=user_token))

    async def put_document(self, doc_id: str, *, acl: AccessList | dict[str, Any], text: str | None = None,
                           markdown: str | None = None, html: str | None = None, rst: str | None = None, title: str | None = None,
                           metadata: dict[str, Any] | None = None, source: str | None = None,
                           embedding: list[float] | None = None) -> WriteResult:
        body = t.document_body(doc_id, text=text, markdown=markdown, html=html, rst=rst, acl=acl, title=title, metadata=metadata,
                               source=source, embedding=embedding)
        return WriteResult.from_json(await self._call("PUT", "/v1/documents/" + t.path_id(doc_id), json_body=body))

    async def index_batch(self, documents: Iterable[dict[str, Any]] | AsyncIterable[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
        async def lines() -> AsyncIterator[bytes]:
            if isinstance(documents, AsyncIterable):
                async for d in documents:
                    yield t.ndjson_line(d)
            else:
                for d in documents:
                    yield t.ndjson_line(d)

        headers = {**self._o.headers(None), "Content-Type": "application/x-ndjson", "Accept": "application/x-ndjson"}
        async with self._http.stream("POST", self._o.url + "/v1/documents:batch", content=lines(), headers=headers) as response:
            if response.status_code != 200:
                await response.aread()
                t.answer(response)
            async for line in response.aiter_lines():
                if line.strip():
                    yield json.loads(line)

    async def delete_document(self, doc_id: str) -> WriteResult:
        return WriteResult.from_json(await self._call("DELETE", "/v1/documents/" + t.path_id(doc_id)))

    async def set_acl(self, doc_id: str, acl: AccessList | dict[str, Any]) -> WriteResult:
        body = acl.to_json() if isinstance(acl, AccessList) else dict(acl)
        return WriteResult.from_json(await self._call("PATCH", "/v1/documents/" + t.path_id(doc_id) + "/acl", json_body=body))

    async def policy(self) -> dict[str, Any]:
        return await self._call("GET", "/v1/policy")

    async def set_policy(self, policy: dict[str, Any]) -> dict[str, Any]:
        return await self._call("PUT", "/v1/policy", json_body=policy)

    async def vectors(self) -> dict[str, Any]:
        return await self._call("GET", "/v1/vectors")

    async def set_vectors(self, config: dict[str, Any]) -> dict[str, Any]:
        return await self._call("PUT", "/v1/vectors", json_body=config)
