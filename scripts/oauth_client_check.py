"""The official Python MCP client (`mcp` on PyPI) completing the MCP authorization flow against
RAGVault's per-tenant OAuth resource, with a real authorization server (scripts/oauth_provider.py,
authlib): a 401 challenge, Protected Resource Metadata discovery, authorization server
metadata, authorization code + PKCE, a token bound to the resource (RFC 8707), then searches —
as two users with different groups, each seeing exactly their documents — and a token of
tenant A's issuer getting nothing from tenant B. Run by scripts/oauth-e2e.sh.
"""
import asyncio
import os
import sys
from urllib.parse import parse_qs, urlparse

import httpx
from mcp import ClientSession
from mcp.client.auth import OAuthClientProvider, TokenStorage
from mcp.client.streamable_http import streamablehttp_client
from mcp.shared.auth import OAuthClientInformationFull, OAuthClientMetadata, OAuthToken

RAGVAULT = os.environ["RAGVAULT_URL"]
REDIRECT = "http://127.0.0.1/callback"


def check(condition, message):
    if not condition:
        print("FAILED:", message, file=sys.stderr)
        sys.exit(1)
    print("ok:", message)


class Storage(TokenStorage):
    """The client registered in advance (no dynamic registration); tokens kept in memory."""

    def __init__(self):
        self.tokens = None

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken):
        self.tokens = tokens

    async def get_client_info(self):
        return OAuthClientInformationFull(
            client_id="mcp-host", redirect_uris=[REDIRECT], token_endpoint_auth_method="none",
            grant_types=["authorization_code"], response_types=["code"], scope="search")

    async def set_client_info(self, info):
        pass


async def sign_in(tenant, user):
    """An MCP session at tenant's resource, signed in as user; returns (session factory, storage)."""
    storage = Storage()
    answer = {}

    async def redirect_handler(url):
        # The browser step: the authorization server approves for `login_hint` and redirects.
        async with httpx.AsyncClient() as http:
            reply = await http.get(url + "&login_hint=" + user, follow_redirects=False)
        check(reply.status_code == 302, f"{tenant}/{user}: the authorization server redirects back ({reply.status_code} {reply.text[:200]})")
        query = parse_qs(urlparse(reply.headers["location"]).query)
        check("code" in query, f"{tenant}/{user}: an authorization code came back ({reply.headers['location'][:160]})")
        answer["code"], answer["state"] = query["code"][0], query.get("state", [None])[0]

    async def callback_handler():
        return answer["code"], answer["state"]

    auth = OAuthClientProvider(
        server_url=f"{RAGVAULT}/t/{tenant}/mcp",
        client_metadata=OAuthClientMetadata(client_name="e2e", redirect_uris=[REDIRECT], grant_types=["authorization_code"],
                                            response_types=["code"], token_endpoint_auth_method="none", scope="search"),
        storage=storage, redirect_handler=redirect_handler, callback_handler=callback_handler)
    return auth, storage


async def documents(tenant, user, query):
    auth, storage = await sign_in(tenant, user)
    async with streamablehttp_client(f"{RAGVAULT}/t/{tenant}/mcp", auth=auth) as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = sorted(t.name for t in (await session.list_tools()).tools)
            check(tools == ["fetch", "search"], f"{tenant}/{user}: the tools over OAuth ({tools})")
            result = await session.call_tool("search", {"query": query, "top_k": 20})
            check(not result.isError, f"{tenant}/{user}: search succeeds")
            found = {p["document_id"] for p in (result.structuredContent or {}).get("results", [])}
    return found, storage.tokens


async def main():
    # A bare request is challenged with the metadata URL; the metadata names acme's issuer.
    async with httpx.AsyncClient() as http:
        bare = await http.post(f"{RAGVAULT}/t/acme/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                               headers={"Accept": "application/json, text/event-stream"})
        check(bare.status_code == 401 and "resource_metadata=" in bare.headers.get("www-authenticate", ""),
              f"unauthenticated: 401 naming the resource metadata ({bare.headers.get('www-authenticate')})")
        meta = (await http.get(f"{RAGVAULT}/.well-known/oauth-protected-resource/t/acme")).json()
        check(meta["resource"] == f"{RAGVAULT}/t/acme" and meta["authorization_servers"][0].endswith("/acme"),
              f"metadata: resource and authorization server ({meta})")

    query = "salary review contractor deploy rotate signing key"
    carol, carol_token = await documents("acme", "carol", query)
    alice, _ = await documents("acme", "alice", query)
    print("carol (hr, employee) sees:", sorted(carol))
    print("alice (eng, employee) sees:", sorted(alice))
    check(any(d.startswith("hr/") for d in carol), "carol (hr) sees HR documents")
    check(not any(d.startswith("hr/") for d in alice), "alice (eng) sees no HR document")
    check(any(d.startswith("engineering/") for d in alice), "alice (eng) sees engineering documents")
    check(not any(d.startswith("engineering/") for d in carol), "carol sees no engineering document")
    check(carol != alice, "two users, two different views")
    dana, _ = await documents("globex", "dana", "database failover incident")
    check(dana == {"ops/incident-2026-04.md"}, f"dana (globex, staff) sees the incident report and no legal contract ({sorted(dana)})")

    # Tenant A's token at tenant B's resource: refused, nothing returned.
    async with httpx.AsyncClient() as http:
        crossed = await http.post(
            f"{RAGVAULT}/t/globex/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                              "params": {"name": "search", "arguments": {"query": "contract"}}},
            headers={"Authorization": f"Bearer {carol_token.access_token}", "Accept": "application/json, text/event-stream"})
        check(crossed.status_code == 401 and crossed.json()["error"]["code"] == "user_token_wrong_issuer",
              f"acme's token at globex's resource is refused ({crossed.status_code} {crossed.text[:160]})")
        # The same token searches acme's /v1 directly (one resource per tenant: /mcp and /v1).
        direct = await http.post(f"{RAGVAULT}/t/acme/v1/search", json={"query": query},
                                 headers={"Authorization": f"Bearer {carol_token.access_token}"})
        found = {p["document_id"] for p in direct.json().get("results", [])}
        check(direct.status_code == 200 and found == carol, f"carol's token at /t/acme/v1/search sees what her MCP search saw ({sorted(found)})")


asyncio.run(main())
