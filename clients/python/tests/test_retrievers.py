"""The three framework retrievers through the frameworks' own calls, and user tokens."""
from __future__ import annotations

import asyncio
import json
import time

from joserfc import jwt
from joserfc.jwk import ECKey

from ragvault import AsyncRAGVault, RAGVault, Unauthenticated

QUERY = "repository access portal approvals deploy"


def check_metadata(meta: dict) -> None:
    assert meta["document_id"] and len(meta["chunk_id"]) == 16 and meta["citation"].startswith("ragvault://")
    assert isinstance(meta["flags"], list) and isinstance(meta["possible_injection"], bool) and "redactions" in meta


def test_langchain_retriever_invoke_and_ainvoke(server):
    from ragvault.langchain import RAGVaultRetriever
    sync = RAGVault(server.url, server.keys["alice"])
    retriever = RAGVaultRetriever(client=sync, async_client=AsyncRAGVault(server.url, server.keys["alice"]), top_k=5)
    docs = retriever.invoke(QUERY)
    assert docs and all(d.metadata["document_id"].startswith(("engineering/", "public/")) for d in docs)
    for d in docs:
        check_metadata(d.metadata)
    assert any(d.metadata["possible_injection"] for d in docs), "the hidden instruction in onboarding.html is marked"
    adocs = asyncio.run(retriever.ainvoke(QUERY))
    assert [d.metadata["chunk_id"] for d in adocs] == [d.metadata["chunk_id"] for d in docs]


def test_llamaindex_retriever_retrieve_and_aretrieve(server):
    from ragvault.llamaindex import RAGVaultRetriever
    retriever = RAGVaultRetriever(RAGVault(server.url, server.keys["carol"]), async_client=AsyncRAGVault(server.url, server.keys["carol"]),
                                  top_k=4)
    nodes = retriever.retrieve("salary review contractor")
    assert nodes and all(n.node.metadata["document_id"].startswith("hr/") for n in nodes)
    assert all(n.score and n.score > 0 and n.node.node_id == n.node.metadata["chunk_id"] for n in nodes)
    for n in nodes:
        check_metadata(n.node.metadata)
    anodes = asyncio.run(retriever.aretrieve("salary review contractor"))
    assert [n.node.node_id for n in anodes] == [n.node.node_id for n in nodes]


def test_haystack_retriever_in_a_pipeline(server, monkeypatch):
    from haystack import Pipeline
    from haystack.utils import Secret

    from ragvault.haystack import RAGVaultRetriever
    monkeypatch.setenv("RAGVAULT_API_KEY", server.keys["dana"])
    pipe = Pipeline()
    pipe.add_component("retriever", RAGVaultRetriever(url=server.url, api_key=Secret.from_env_var("RAGVAULT_API_KEY"), top_k=3))
    docs = pipe.run({"retriever": {"query": "database failover incident"}})["retriever"]["documents"]
    assert docs and docs[0].meta["document_id"] == "ops/incident-2026-04.md" and docs[0].score > 0
    for d in docs:
        check_metadata(d.meta)
    # The serialised pipeline names the key's environment variable, never the key.
    serialised = json.dumps(pipe.to_dict())
    assert server.keys["dana"] not in serialised and "RAGVAULT_API_KEY" in serialised
    again = Pipeline.from_dict(pipe.to_dict(), allowed_modules=["ragvault.haystack"])
    assert again.run({"retriever": {"query": "database failover incident"}})["retriever"]["documents"][0].id == docs[0].id


def test_a_delegated_key_searches_as_the_users_token(server):
    key = ECKey.generate_key("P-256", parameters={"kid": "py-1"})
    issuer, audience = "https://idp.python-tests.example", "ragvault-python-tests"
    with RAGVault(server.url, server.keys["admin"]) as admin:
        admin.set_identity_providers([{"issuer": issuer, "audience": audience, "roles_claim": "roles",
                                       "jwks": json.dumps({"keys": [key.as_dict(private=False) | {"alg": "ES256"}]})}])

    def token(user: str, roles: list[str]) -> str:
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience, "sub": user, "roles": roles, "iat": now, "exp": now + 300}
        return jwt.encode({"alg": "ES256", "kid": "py-1"}, claims, key)

    hr = RAGVault(server.url, server.keys["delegated"], user_token=token("erin", ["hr", "employee"]))
    eng = RAGVault(server.url, server.keys["delegated"])
    found_hr = {p.document_id for p in hr.search("salary review deploy rotate signing key", top_k=20).results}
    found_eng = {p.document_id for p in eng.search("salary review deploy rotate signing key", top_k=20,
                                                    user_token=token("dan", ["eng", "employee"])).results}
    assert any(d.startswith("hr/") for d in found_hr) and not any(d.startswith("engineering/") for d in found_hr)
    assert any(d.startswith("engineering/") for d in found_eng) and not any(d.startswith("hr/") for d in found_eng)
    try:
        eng.search("salary")
        raise AssertionError("a delegated key without a user token must be refused")
    except Unauthenticated as e:
        assert e.code == "user_token_missing"
