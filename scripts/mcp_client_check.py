"""A real external MCP client (the official Python SDK, `mcp` on PyPI) against RAGVault.

Spawns `ragvault mcp` over stdio with a tenant key, and connects to `/mcp` on a live
`ragvault serve` with a bearer key. Asserts: exactly the two tools exist; results are scoped to
the key's tenant and roles; the fixtures' planted secrets and PII come back redacted; another
tenant's or a forbidden chunk id fails exactly like a nonexistent one; a revoked key stops
working. Run by scripts/mcp-client.sh, which prepares the data directory and the keys.
"""
import asyncio
import json
import os
import subprocess
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamablehttp_client

BIN, DATA, URL = os.environ["RAGVAULT_BIN"], os.environ["RAGVAULT_DATA"], os.environ["RAGVAULT_URL"]
KEYS = {name: os.environ[f"KEY_{name.upper()}"] for name in ("carol", "alice", "dana", "revoked")}
PLANTED = ["ghp_R2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG", "AKIAQ3EGRVNWXK2ZLM7P", "536-22-8471",
           "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"]


def check(condition, message):
    if not condition:
        print("FAILED:", message, file=sys.stderr)
        sys.exit(1)
    print("ok:", message)


def text(result):
    return "".join(c.text for c in result.content if getattr(c, "type", "") == "text")


async def search(session, query):
    result = await session.call_tool("search", {"query": query, "top_k": 10})
    check(not result.isError, f"search {query!r} succeeds")
    return result


async def stdio_session(key):
    params = StdioServerParameters(command=BIN, args=["mcp", "--data", DATA], env={"RAGVAULT_API_KEY": key, "PATH": "/usr/bin:/bin"})
    return stdio_client(params)


async def exercise(session, label):
    tools = await session.list_tools()
    names = sorted(t.name for t in tools.tools)
    check(names == ["fetch", "search"], f"{label}: exactly the tools search and fetch ({names})")
    check(all(t.annotations and t.annotations.readOnlyHint for t in tools.tools), f"{label}: both tools are read-only")


async def stdio_checks():
    # carol (acme, role:hr): sees the salary file, redacted.
    async with await stdio_session(KEYS["carol"]) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            await exercise(session, "stdio")
            result = await search(session, "salary contractor IBAN")
            body = text(result) + json.dumps(result.structuredContent)
            docs = {r["document_id"] for r in result.structuredContent["results"]}
            check("hr/salaries-2026.md" in docs, "stdio: carol finds the salary file")
            check(all(not d.startswith("engineering/") for d in docs), "stdio: carol sees no engineering document")
            hr_chunk = next(r["id"] for r in result.structuredContent["results"] if r["document_id"] == "hr/salaries-2026.md")
            fetched = await session.call_tool("fetch", {"id": hr_chunk})
            body += text(fetched) + json.dumps(fetched.structuredContent)
            check(not fetched.isError and "REDACTED" in text(fetched), "stdio: fetch returns the redacted chunk")
            check(not any(p in body for p in PLANTED), "stdio: no planted secret or PII in any result")
            widened = await session.call_tool("search", {"query": "runbook", "tenant": "globex"})
            check(widened.isError, "stdio: an argument naming a tenant is refused")
    # alice (acme, role:eng): the runbook's planted keys come back redacted; the salary chunk is forbidden.
    async with await stdio_session(KEYS["alice"]) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            result = await search(session, "deploy runbook token signing key")
            body = text(result) + json.dumps(result.structuredContent)
            check(any(r["document_id"].startswith("engineering/") for r in result.structuredContent["results"]), "stdio: alice finds engineering documents")
            for r in result.structuredContent["results"]:
                body += text(await session.call_tool("fetch", {"id": r["id"]}))
            check(not any(p in body for p in PLANTED), "stdio: alice's results hold no planted secret")
            forbidden = await session.call_tool("fetch", {"id": hr_chunk})
            missing = await session.call_tool("fetch", {"id": "0123456789abcdef"})
            check(forbidden.isError and missing.isError and text(forbidden) == text(missing),
                  "stdio: a forbidden chunk id fails exactly like a nonexistent one")
    return hr_chunk


async def http_checks(hr_chunk):
    async def session_for(key):
        return streamablehttp_client(URL + "/mcp", headers={"Authorization": f"Bearer {key}"})

    async with await session_for(KEYS["dana"]) as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            await exercise(session, "http")
            result = await search(session, "salary contractor IBAN runbook password")
            docs = {r["document_id"] for r in result.structuredContent["results"]}
            check(all(not d.startswith(("hr/", "engineering/", "finance/")) for d in docs), f"http: globex's key sees no acme document ({docs})")
            foreign = await session.call_tool("fetch", {"id": hr_chunk})
            missing = await session.call_tool("fetch", {"id": "0123456789abcdef"})
            check(foreign.isError and text(foreign) == text(missing), "http: another tenant's chunk id fails exactly like a nonexistent one")
            check(not any(p in text(result) for p in PLANTED), "http: no planted secret in results")
    # A revoked key stops working, over both transports.
    refused = False
    try:
        async with await session_for(KEYS["revoked"]) as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                before = await session.call_tool("search", {"query": "salary"})
                check(not before.isError, "http: the key works before revocation")
                subprocess.run([BIN, "apikey", "revoke", KEYS["revoked"][4:20], "--data", DATA], check=True, capture_output=True)
                try:
                    after = await asyncio.wait_for(session.call_tool("search", {"query": "salary"}), 20)
                    refused = after.isError
                except Exception:
                    refused = True
    except Exception as error:  # the transport reports the 401 when its task group closes
        refused = refused or "401" in repr(error)
    check(refused, "http: a key revoked while connected is refused from the next call")
    started = subprocess.run([BIN, "mcp", "--data", DATA], env={"RAGVAULT_API_KEY": KEYS["revoked"], "PATH": "/usr/bin:/bin"},
                             input=b"", capture_output=True, timeout=60)
    check(started.returncode != 0 and b"unauthenticated" in started.stderr, "stdio: a revoked key refuses to start, with a message on stderr")


def audit_checks():
    """The tenant's audit log holds the stdio and HTTP tool calls as `mcp`, the revoked key's
    refused start in the operator log, and none of the planted values."""
    def export(*args):
        run = subprocess.run([BIN, "audit", "export", "--data", DATA, *args], capture_output=True, timeout=60)
        check(run.returncode == 0, f"audit export {args} succeeds ({run.stderr!r})")
        return [json.loads(line) for line in run.stdout.decode().splitlines() if line]
    acme = export("--tenant", "acme")
    mcp_searches = [r for r in acme if r["action"] == "search" and r["interface"] == "mcp"]
    check(len(mcp_searches) >= 3, f"audit: the MCP searches are recorded as interface mcp ({len(mcp_searches)})")
    check(any(r["action"] == "chunk.read" and r["interface"] == "mcp" and r["outcome"] == "denied" for r in acme),
          "audit: the forbidden fetch is recorded as denied")
    check(any(r.get("key_id") == KEYS["carol"][4:20] for r in mcp_searches), "audit: records carry the key id")
    operator = export("--operator")
    check(any(r["action"] == "authenticate" and r["outcome"] == "denied" and r["interface"] == "mcp" for r in operator),
          "audit: the revoked key's refused start is in the operator log")
    raw = json.dumps(acme) + json.dumps(operator)
    check(not any(p in raw for p in PLANTED) and not any(k in raw for k in KEYS.values()),
          "audit: no planted value or key in any record")


async def main():
    hr_chunk = await stdio_checks()
    await http_checks(hr_chunk)
    audit_checks()
    print("mcp client checks: all passed")


asyncio.run(main())
