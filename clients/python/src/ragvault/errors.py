"""Errors carrying the server's stable code and request id (never a passage or a key)."""
from __future__ import annotations


class RAGVaultError(Exception):
    """Any error answered by the server (or the connection to it failing)."""

    def __init__(self, message: str, *, code: str, status: int | None = None, request_id: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{message} [{code}]" + (f" (request {request_id})" if request_id else ""))
        self.message, self.code, self.status, self.request_id, self.retry_after = message, code, status, request_id, retry_after


class BadRequest(RAGVaultError):
    """400: the request itself is wrong (invalid JSON, unknown field, invalid query, …)."""


class Unauthenticated(RAGVaultError):
    """401: the key, or a delegated user token (`user_token_*` codes), was refused."""


class Forbidden(RAGVaultError):
    """403: the key lacks the scope for this call."""


class NotFound(RAGVaultError):
    """404: no such document, chunk or key — or not visible to this credential (the same answer)."""


class Conflict(RAGVaultError):
    """409: e.g. `idp_taken`, `tenant_exists`."""


class PayloadTooLarge(RAGVaultError):
    """413: the body is over the route's limit."""


class RateLimited(RAGVaultError):
    """429: over the key's rate; `retry_after` says how many seconds to wait."""


class Unavailable(RAGVaultError):
    """503: overloaded, timed out, busy, or an identity provider or embedder that cannot be reached."""


class ServerError(RAGVaultError):
    """5xx other than 503: a server bug (it was logged with the request id)."""


class ConnectionFailed(RAGVaultError):
    """The server could not be reached (after retries)."""


_BY_STATUS: dict[int, type[RAGVaultError]] = {
    400: BadRequest, 401: Unauthenticated, 403: Forbidden, 404: NotFound, 409: Conflict, 413: PayloadTooLarge,
    429: RateLimited, 503: Unavailable,
}


def error_for(status: int, body: object, headers: dict[str, str]) -> RAGVaultError:
    """The typed exception for an error response `{"error": {"code", "message", "request_id"}}`."""
    inner = body.get("error") if isinstance(body, dict) else None
    inner = inner if isinstance(inner, dict) else {}
    retry = headers.get("retry-after")
    cls = _BY_STATUS.get(status, ServerError if status >= 500 else RAGVaultError)
    return cls(str(inner.get("message", f"HTTP {status}")), code=str(inner.get("code", f"http_{status}")), status=status,
               request_id=inner.get("request_id"), retry_after=float(retry) if retry and retry.replace(".", "", 1).isdigit() else None)
