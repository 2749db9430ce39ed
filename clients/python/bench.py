"""Client overhead next to raw HTTP, in one run: `python clients/python/bench.py [RAGVAULT_BIN]`.

Starts `ragvault serve` over the repository's fixtures, then, interleaved so both see the same
machine: p50 of a raw keep-alive httpx POST /v1/search and of `RAGVault.search` for the same
queries (the difference is what the client adds; target ≤ 0.3 ms), then searches/s of
`AsyncRAGVault` with 32 concurrent calls beside raw `httpx.AsyncClient` (target ≥ 1,500/s).
"""
from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent / "tests"))
import conftest  # noqa: E402  (the tests' server helpers)

from ragvault import AsyncRAGVault, RAGVault  # noqa: E402

if len(sys.argv) > 1:
    conftest.BIN = sys.argv[1]
QUERIES = ["salary review", "rotate signing key", "deploy runbook", "handbook leave policy", "onboarding access", "quarterly forecast"]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ragvault-bench-py-") as work:
        data = f"{work}/data"
        conftest.cli("init", "--data", data)
        conftest.cli("tenant", "create", "acme", "--data", data)
        subprocess.run([conftest.BIN, "index", "--tenant", "acme", "--data", data, str(conftest.ROOT / "fixtures/tenants/acme")],
                       capture_output=True)
        key = conftest.cli("apikey", "create", "--data", data, "--tenant", "acme", "--subject", "bench", "--roles", "eng,hr,finance,employee")
        url, process = conftest.serve(data, "--rate-limit", "1000000", "--audit", "relaxed")
        try:
            sequential(url, key)
            asyncio.run(concurrent(url, key))
        finally:
            process.terminate()
            process.wait(timeout=20)


def sequential(url: str, key: str, rounds: int = 600) -> None:
    raw = httpx.Client(timeout=30)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    client = RAGVault(url, key)
    raw_times, client_times = [], []
    for i in range(rounds + 50):
        q = QUERIES[i % len(QUERIES)]
        t = time.perf_counter()
        r = raw.post(url + "/v1/search", json={"query": q, "top_k": 8}, headers=headers)
        r.json()
        a = time.perf_counter() - t
        t = time.perf_counter()
        client.search(q, top_k=8)
        b = time.perf_counter() - t
        if i >= 50:
            raw_times.append(a * 1e6)
            client_times.append(b * 1e6)
    raw_p50, client_p50 = statistics.median(raw_times), statistics.median(client_times)
    print(f"sequential p50  raw httpx {raw_p50:.0f} µs  RAGVault.search {client_p50:.0f} µs  "
          f"client adds {(client_p50 - raw_p50) / 1000:.3f} ms (target ≤ 0.3)")


async def concurrent(url: str, key: str, seconds: float = 3.0, concurrency: int = 32) -> None:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def run(call) -> float:
        done = 0
        deadline = time.perf_counter() + seconds

        async def worker(w: int) -> None:
            nonlocal done
            i = w
            while time.perf_counter() < deadline:
                await call(QUERIES[i % len(QUERIES)])
                done += 1
                i += concurrency
        await asyncio.gather(*(worker(w) for w in range(concurrency)))
        return done / seconds

    async with httpx.AsyncClient(timeout=30, limits=limits) as raw, AsyncRAGVault(url, key) as client:
        async def raw_call(q: str) -> None:
            (await raw.post(url + "/v1/search", json={"query": q, "top_k": 8}, headers=headers)).json()

        async def client_call(q: str) -> None:
            await client.search(q, top_k=8)

        await run(raw_call)  # warm: connections, pages, the server's caches
        await run(client_call)
        raw_rates, client_rates = [], []
        for _ in range(3):  # alternated, so drift falls on both alike
            raw_rates.append(await run(raw_call))
            client_rates.append(await run(client_call))
        raw_rate, client_rate = statistics.median(raw_rates), statistics.median(client_rates)
    print(f"async, {concurrency} in flight  raw httpx {raw_rate:.0f}/s  AsyncRAGVault {client_rate:.0f}/s (target ≥ 1500)  "
          f"ratio {client_rate / max(1, raw_rate):.2f}")


if __name__ == "__main__":
    main()
