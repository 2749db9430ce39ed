"""aiohttp's connection pool for `AsyncRAGVault`, when the `aiohttp` extra is installed.

httpx's own async stack (httpcore, anyio, h11) spends several times aiohttp's CPU per request
once many are in flight (encode/httpx#3215, open): on two cores against a local server it held
32 concurrent searches to ~260/s where aiohttp reached ~1,700/s, and httpx's request and
response objects alone, even over aiohttp, halved that again. So calls that send JSON and read
JSON back go straight through aiohttp (`exchange`); streams (NDJSON batches) and event hooks
keep httpx's API over the same pool (`AiohttpTransport` as an httpx transport). Errors are
raised as httpx's, so retries and `ConnectionFailed` behave the same either way.
"""
from __future__ import annotations

import asyncio
import urllib.parse
import urllib.request
from functools import lru_cache
from typing import AsyncIterator

import aiohttp
import httpx

# Set by aiohttp from the body it sends, or meaningless between two hops.
_NOT_FORWARDED = {"host", "content-length", "transfer-encoding", "connection"}


class _Body(httpx.AsyncByteStream):
    """An aiohttp response body as httpx reads it (decoded by httpx, from the headers)."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except asyncio.TimeoutError as e:
            raise httpx.ReadTimeout(str(e) or "read timed out") from e
        except aiohttp.ClientError as e:
            raise httpx.ReadError(str(e) or type(e).__name__) from e

    async def aclose(self) -> None:
        self._response.release()


@lru_cache(maxsize=64)
def _proxy_for(origin: str) -> str | None:
    """The proxy the environment names for `origin` (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), as
    httpx would use it, or None; read once per origin."""
    parts = urllib.parse.urlsplit(origin)
    if urllib.request.proxy_bypass_environment(parts.hostname or ""):
        return None
    return urllib.request.getproxies_environment().get(parts.scheme)


def _origin(url: str) -> str:
    """scheme://host:port of `url` (what the proxy choice depends on)."""
    scheme, _, rest = url.partition("://")
    return scheme + "://" + rest.split("/", 1)[0]


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Keep-alive connections pooled by aiohttp (at most `limit`), opened on first use in the
    running event loop; a client used from another loop later gets a pool of its own."""

    def __init__(self, *, limit: int = 64) -> None:
        self._limit = limit
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _session_here(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            # httpx decodes the body from its headers; aiohttp must hand it over as sent.
            # trust_env would look proxies and .netrc up again in a worker thread on every
            # request (two thread hand-offs each); the environment's proxy is read once instead.
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._limit), auto_decompress=False)
            self._loop = loop
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._session_here()
        limits = request.extensions.get("timeout", {})
        timeout = aiohttp.ClientTimeout(total=None, connect=limits.get("pool"), sock_connect=limits.get("connect"),
                                        sock_read=limits.get("read"))
        headers = [(k, v) for k, v in request.headers.multi_items() if k.lower() not in _NOT_FORWARDED]
        # A body of known length is sent whole; a streamed one (NDJSON batches) chunked.
        body = await request.aread() if "content-length" in request.headers else request.stream
        try:
            response = await session.request(request.method, str(request.url), headers=headers, data=body,
                                             allow_redirects=False, timeout=timeout, proxy=_proxy_for(_origin(str(request.url))))
        except asyncio.TimeoutError as e:
            raise httpx.ConnectTimeout(str(e) or "timed out", request=request) from e
        except aiohttp.ClientConnectorError as e:
            raise httpx.ConnectError(str(e), request=request) from e
        except aiohttp.ServerDisconnectedError as e:
            raise httpx.RemoteProtocolError(str(e) or "server disconnected", request=request) from e
        except aiohttp.ClientError as e:
            raise httpx.NetworkError(str(e) or type(e).__name__, request=request) from e
        return httpx.Response(status_code=response.status, headers=list(response.raw_headers), stream=_Body(response),
                              request=request, extensions={"http_version": b"HTTP/1.1"})

    async def exchange(self, method: str, url: str, *, body: bytes | None, headers: dict[str, str],
                       timeout: float) -> tuple[int, dict[str, str], bytes]:
        """One request and its whole answer: status, lower-cased headers, body."""
        session = self._session_here()
        sent = {**headers, "Accept-Encoding": "identity"}  # the session hands bodies over as sent
        if body is not None:
            sent["Content-Type"] = "application/json"
        try:
            async with session.request(method, url, data=body, headers=sent, allow_redirects=False,
                                       timeout=aiohttp.ClientTimeout(total=timeout), proxy=_proxy_for(_origin(url))) as response:
                content = await response.read()
                return response.status, {k.lower(): v for k, v in response.headers.items()}, content
        except asyncio.TimeoutError as e:
            raise httpx.TimeoutException(str(e) or "timed out") from e
        except aiohttp.ClientError as e:
            raise httpx.NetworkError(str(e) or type(e).__name__) from e

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed and self._loop is asyncio.get_running_loop():
            await self._session.close()
        self._session = None
