"""The sync and async clients against a real server: reads, writes, errors, retries, tenants."""
from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from ragvault import (AccessList, AsyncRAGVault, BadRequest, ConnectionFailed, Forbidden, NotFound, PayloadTooLarge, RAGVault,
                      RateLimited, Unauthenticated, Unavailable)

from conftest import cli


def client(server, who: str, **kw) -> RAGVault:
    return RAGVault(server.url, server.keys[who], **kw)


def test_search_returns_typed_redacted_passages_with_citations(server):
    with client(server, "carol") as rv:
        result = rv.search("salary review contractor", top_k=5)
    assert result.results and result.took_ms >= 0
    p = result.results[0]
    assert p.document_id.startswith("hr/") and len(p.chunk_id) == 16 and p.citation.startswith("ragvault://hr%2F")
    assert p.score > 0 and p.heading_path is not None and isinstance(p.highlights, list)
    # The fixtures plant an SSN and an IBAN in the salary file: they come back redacted, counted.
    text = " ".join(r.text for r in result.results)
    assert "536-22-8471" not in text and any(r.redactions for r in result.results)


def test_each_key_sees_only_its_roles(server):
    with client(server, "alice") as alice, client(server, "carol") as carol:
        a = {p.document_id for p in alice.search("salary review deploy rotate signing key", top_k=20).results}
        c = {p.document_id for p in carol.search("salary review deploy rotate signing key", top_k=20).results}
    assert not any(d.startswith("hr/") for d in a) and any(d.startswith("hr/") for d in c)
    assert any(d.startswith("engineering/") for d in a) and not any(d.startswith("engineering/") for d in c)


def test_chunk_and_document_reads_and_not_found_alike(server):
    with client(server, "carol") as carol, client(server, "alice") as alice, client(server, "dana") as dana:
        p = carol.search("salary review", top_k=1).results[0]
        chunk = carol.chunk(p.chunk_id)
        assert chunk.chunk_id == p.chunk_id and chunk.document_id == p.document_id and "536-22-8471" not in chunk.text
        doc = carol.document(p.document_id)
        assert doc.id == p.document_id and doc.chunks and doc.acl is None  # the ACL only for ingest/admin keys
        # Behind the ACL, in another tenant, and nowhere: the same NotFound, the same code.
        codes = []
        for reader, chunk_id in ((alice, p.chunk_id), (dana, p.chunk_id), (carol, "0123456789abcdef")):
            with pytest.raises(NotFound) as e:
                reader.chunk(chunk_id)
            codes.append((e.value.code, e.value.status))
            assert e.value.request_id
        assert len(set(codes)) == 1


def test_ingest_acl_change_and_delete_show_in_the_next_search(server):
    doc_id = f"py/{uuid.uuid4().hex}.md"
    word = "zyxwalrus" + uuid.uuid4().hex[:6]
    with client(server, "admin") as admin, client(server, "alice") as alice:
        written = admin.put_document(doc_id, markdown=f"# Note\n\nThe {word} runbook.", acl=AccessList(allow=["role:eng"]))
        assert written.outcome == "added" and written.version == 1
        assert [p.document_id for p in alice.search(word).results] == [doc_id]
        assert admin.set_acl(doc_id, {"allow": ["role:hr"]}).outcome == "acl_updated"
        assert alice.search(word).results == []
        assert admin.document(doc_id).acl == AccessList(allow=["role:hr"])
        assert admin.delete_document(doc_id).outcome == "deleted"
        with pytest.raises(NotFound):
            admin.document(doc_id)


def test_index_batch_streams_a_result_per_line(server):
    tag = uuid.uuid4().hex[:8]
    lines = [
        {"id": f"batch/{tag}-1.md", "text": "first batch note", "acl": {"allow": ["role:eng"]}},
        {"id": f"batch/{tag}-2.md", "text": "second batch note"},  # no ACL: refused, not made public
        {"id": f"batch/{tag}-3.md", "markdown": "# Third\n\nbatch note", "acl": {"allow": ["role:eng"]}},
    ]
    with client(server, "admin") as admin:
        results = list(admin.index_batch(lines))
    assert [r["line"] for r in results] == [1, 2, 3]
    outcomes = [r["result"].get("outcome") for r in results]
    assert outcomes[0] == "added" and outcomes[2] == "added" and outcomes[1] != "added"


def test_each_error_class_carries_code_and_request_id(server):
    with RAGVault(server.url, "rvk_" + "0" * 16 + "_" + "A" * 43, max_retries=0) as bad:
        with pytest.raises(Unauthenticated) as e:
            bad.search("x")
        assert e.value.code == "unauthenticated" and e.value.status == 401
    with client(server, "alice") as alice:
        with pytest.raises(Forbidden) as e:
            alice.policy()
        assert e.value.code == "forbidden"
        with pytest.raises(BadRequest) as e:
            alice.search("x", top_k=0)
        assert e.value.status == 400 and e.value.request_id
        with pytest.raises(PayloadTooLarge):
            alice.search("x" * (70 << 10))
    with client(server, "admin") as admin:
        with pytest.raises(ValueError):
            admin.put_document("a.md", text="x", markdown="y", acl={"allow": ["role:eng"]})


def test_4xx_are_never_retried(server):
    attempts = []
    http = httpx.Client(event_hooks={"request": [lambda request: attempts.append(request.url)]})
    with RAGVault(server.url, server.keys["alice"], http=http, max_retries=5) as alice:
        with pytest.raises(Forbidden):
            alice.policy()
    assert len(attempts) == 1


def test_rate_limits_are_retried_after_the_servers_wait(slow_server):
    with RAGVault(slow_server.url, slow_server.keys["carol"], max_retries=0) as impatient:
        with pytest.raises(RateLimited) as e:
            for _ in range(30):
                impatient.search("salary")
        assert e.value.retry_after and e.value.retry_after >= 1
    attempts = []
    http = httpx.Client(event_hooks={"request": [lambda request: attempts.append(1)]})
    with RAGVault(slow_server.url, slow_server.keys["carol"], http=http, max_retries=5, max_backoff=2) as patient:
        for _ in range(8):
            assert patient.search("salary").results
    assert len(attempts) > 8  # some answers were 429 and were tried again


def test_connection_failures_are_retried_then_raised():
    attempts = []
    http = httpx.Client(event_hooks={"request": [lambda request: attempts.append(1)]}, timeout=2)
    with RAGVault("http://127.0.0.1:9", "rvk_x", http=http, max_retries=2, max_backoff=0.05) as gone:
        with pytest.raises(ConnectionFailed):
            gone.search("x")
    assert len(attempts) == 3


def test_a_key_of_one_tenant_reads_nothing_of_another(server):
    with client(server, "carol") as carol, client(server, "dana") as dana:
        acme = carol.search("salary review handbook", top_k=10).results
        assert acme
        for p in acme:
            with pytest.raises(NotFound):
                dana.chunk(p.chunk_id)
            with pytest.raises(NotFound):
                dana.document(p.document_id)
        seen = {p.document_id for p in dana.search("salary review handbook deploy", top_k=50).results}
        assert not seen & {p.document_id for p in acme}
        # Naming acme's documents in a filter widens nothing.
        assert dana.search("salary", documents=[p.document_id for p in acme]).results == []


def test_the_async_client_does_the_same_concurrently(server):
    async def run():
        async with AsyncRAGVault(server.url, server.keys["carol"]) as rv:
            results = await asyncio.gather(*(rv.search("salary review", top_k=3) for _ in range(20)))
            first = results[0].results[0]
            chunk = await rv.chunk(first.chunk_id)
            return results, chunk
    results, chunk = asyncio.run(run())
    assert all(r.results and r.results[0].chunk_id == results[0].results[0].chunk_id for r in results)
    assert chunk.chunk_id == results[0].results[0].chunk_id


def test_the_async_client_sends_through_aiohttp_with_the_same_errors_retries_and_streams(server, slow_server):
    """The async client's default transport (aiohttp under httpx's API) must keep every
    contract of the client: typed errors, 4xx never retried, 429 and unreachable servers
    retried, NDJSON batches streamed both ways."""
    from ragvault._aiohttp import AiohttpTransport

    async def run():
        async with AsyncRAGVault(server.url, server.keys["alice"], max_retries=5) as alice:
            assert isinstance(alice._direct, AiohttpTransport) and alice._http._transport is alice._direct
            with pytest.raises(Forbidden) as e:
                await alice.policy()
            assert e.value.code == "forbidden" and e.value.request_id
            with pytest.raises(NotFound):
                await alice.chunk("0" * 16)
            with pytest.raises(PayloadTooLarge):
                await alice.search("x" * (70 << 10))
        tag = uuid.uuid4().hex[:8]
        lines = [{"id": f"abatch/{tag}-{n}.md", "text": f"async batch note {n}", "acl": {"allow": ["role:eng"]}} for n in range(3)]
        async with AsyncRAGVault(server.url, server.keys["admin"]) as admin:
            results = [r async for r in admin.index_batch(lines)]
            assert [r["result"].get("outcome") for r in results] == ["added"] * 3
            for n in range(3):
                await admin.delete_document(f"abatch/{tag}-{n}.md")
        async with AsyncRAGVault(slow_server.url, slow_server.keys["carol"], max_retries=0) as impatient:
            with pytest.raises(RateLimited) as limited:
                await asyncio.gather(*(impatient.search("salary") for _ in range(30)))
            assert limited.value.retry_after and limited.value.retry_after >= 1
        attempts = []
        gone = AsyncRAGVault("http://127.0.0.1:9", "rvk_x", max_retries=2, max_backoff=0.05)
        exchange = gone._direct.exchange

        async def counted(*args, **kwargs):
            attempts.append(1)
            return await exchange(*args, **kwargs)
        gone._direct.exchange = counted
        with pytest.raises(ConnectionFailed):
            await gone.search("x")
        await gone.aclose()
        assert len(attempts) == 3

    asyncio.run(run())


def test_possible_injection_is_flagged(server):
    with client(server, "alice") as alice:
        flagged = [p for p in alice.search("repository access portal approvals", top_k=10).results if p.possible_injection]
    assert flagged and all(any(f.startswith("possible_injection") for f in p.flags) for p in flagged)


def test_an_assistant_round_trip_detokenises_for_the_entitled_user_only(server):
    """search (assistant, not exempt) → model answer with tokens → detokenise as the user the policy exempts."""
    import re
    with client(server, "admin") as admin, client(server, "alice") as alice, client(server, "carol") as carol, \
            client(server, "dana") as dana:
        before = admin.policy()
        admin.set_policy({"pii": {"EMAIL": "tokenise"}, "exemptions": {"EMAIL": ["role:hr"]}})
        try:
            admin.put_document("people/benefits.md", markdown="# Benefits\n\nBenefits desk: ben.ortiz@example.org\n",
                               acl={"allow": ["role:employee"]})
            passage = alice.search("benefits desk", top_k=1).results[0].text
            token = re.search(r"\[EMAIL:[0-9a-f]{16}\]", passage)
            assert token and "ben.ortiz@example.org" not in passage
            answer = f"Write to {token.group(0)}."
            assert carol.detokenise(answer).text == "Write to ben.ortiz@example.org."
            assert alice.detokenise(answer).text == answer and alice.detokenise(answer).unresolved == 1
            assert dana.detokenise(answer).resolved == 0  # another tenant
        finally:
            admin.delete_document("people/benefits.md")
            admin.set_policy(before)


def test_vector_and_hybrid_search_with_the_callers_vectors(server):
    with client(server, "admin") as admin, client(server, "alice") as alice:
        status = admin.set_vectors({"model": "py-test", "dims": 3})
        assert status["config"]["model"] == "py-test" and status["stale"] == 0
        try:
            for doc_id, vector in (("vec/north.md", [1.0, 0.0, 0.0]), ("vec/south.md", [0.0, 1.0, 0.0])):
                assert admin.put_document(doc_id, markdown=f"# {doc_id}\n\nthe depot", acl={"allow": ["role:eng"]},
                                          embedding=vector).outcome in ("added", "updated")
            with pytest.raises(BadRequest) as wrong:
                admin.put_document("vec/wrong.md", markdown="x", acl={"allow": ["role:eng"]}, embedding=[1.0, 0.0])
            assert wrong.value.code == "invalid_embedding"
            result = alice.search("", match="vector", vector=[0.1, 1.0, 0.0], top_k=2)
            assert result.search_mode == "vector"
            assert [p.document_id for p in result.results] == ["vec/south.md", "vec/north.md"]
            assert result.results[0].ranks == {"text": None, "vector": 1}
            hybrid = alice.search("depot", vector=[1.0, 0.0, 0.0], fusion={"method": "rrf", "k": 60}, documents=["vec/north.md"])
            assert hybrid.search_mode == "hybrid" and [p.document_id for p in hybrid.results] == ["vec/north.md"]
            assert alice.search("depot").search_mode == "text"
        finally:
            for doc_id in ("vec/north.md", "vec/south.md"):
                admin.delete_document(doc_id)


def test_an_embedder_that_is_down_fails_or_falls_back_to_text_when_asked(server):
    # The operator points the tenant at an embedding service nobody answers (port 9, discard).
    cli("vectors", "set", "--data", server.data, "--tenant", "acme", "--model", "all-MiniLM-L6-v2", "--dims", "384",
        "--embedder", "endpoint", "--endpoint-url", "http://127.0.0.1:9/v1", "--endpoint-timeout-ms", "1000")
    with client(server, "admin") as admin, client(server, "alice") as alice:
        try:
            with pytest.raises(Unavailable) as down:
                alice.search("signing key")
            assert down.value.code == "embedder_unavailable"
            result = alice.search("signing key", fallback="text")
            assert result.fallback == "text" and result.search_mode == "text" and result.results
            assert admin.vectors()["config"]["endpoint"]["url"] == "http://127.0.0.1:9/v1"
        finally:
            admin.set_vectors({"model": "py-test", "dims": 3})


def test_the_aiohttp_path_uses_the_environments_proxy_as_httpx_would(monkeypatch):
    from ragvault import _aiohttp
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    _aiohttp._proxy_for.cache_clear()
    try:
        assert _aiohttp._proxy_for(_aiohttp._origin("http://rag.internal:8480/v1/search")) == "http://proxy.example:3128"
        assert _aiohttp._proxy_for(_aiohttp._origin("http://127.0.0.1:8480/v1/search")) is None
    finally:
        _aiohttp._proxy_for.cache_clear()
