"""A real `ragvault serve` on loopback over the repository's fixtures (two tenants), started
once per test session — no mocks. RAGVAULT_BIN names the binary (default: the debug build)."""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = os.environ.get("RAGVAULT_BIN", str(ROOT / ".build" / "debug" / "ragvault"))


def cli(*args: str) -> str:
    done = subprocess.run([BIN, *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@dataclass
class Server:
    url: str
    data: str
    keys: dict[str, str]
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def serve(data: str, *extra: str) -> tuple[str, subprocess.Popen]:
    log = tempfile.NamedTemporaryFile(prefix="ragvault-serve-", suffix=".log", delete=False)
    process = subprocess.Popen([BIN, "serve", "--data", data, "--port", "0", *extra], stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(300):
        text = Path(log.name).read_text()
        found = re.search(r"on (http://[0-9.:]+)", text)
        if found:
            return found.group(1), process
        if process.poll() is not None:
            raise RuntimeError(f"ragvault serve exited: {text}")
        time.sleep(0.05)
    raise RuntimeError("ragvault serve did not start")


@pytest.fixture(scope="session")
def data_dir():
    with tempfile.TemporaryDirectory(prefix="ragvault-py-") as work:
        data = f"{work}/data"
        cli("init", "--data", data)
        for tenant in ("acme", "globex"):
            cli("tenant", "create", tenant, "--data", data)
            subprocess.run([BIN, "index", "--tenant", tenant, "--data", data, str(ROOT / "fixtures" / "tenants" / tenant)],
                           capture_output=True, check=False)
        yield data


@pytest.fixture(scope="session")
def server(data_dir):
    def key(*args: str) -> str:
        return cli("apikey", "create", "--data", data_dir, *args)

    keys = {
        "admin": key("--tenant", "acme", "--subject", "admin", "--roles", "eng,hr,employee", "--scopes", "search,ingest,admin"),
        "alice": key("--tenant", "acme", "--subject", "alice", "--roles", "eng,employee"),
        "carol": key("--tenant", "acme", "--subject", "carol", "--roles", "hr,employee"),
        "dana": key("--tenant", "globex", "--subject", "dana", "--roles", "staff"),
        "delegated": key("--tenant", "acme", "--subject", "assistant", "--scopes", "search:delegated"),
    }
    url, process = serve(data_dir, "--rate-limit", "100000", "--refusal-rate", "100000")
    s = Server(url, data_dir, keys, process)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def slow_server(data_dir, server):
    """A second server on the same data directory with 2 requests/s per key (bursts of 4)."""
    url, process = serve(data_dir, "--rate-limit", "2", "--refusal-rate", "100000")
    yield Server(url, data_dir, server.keys, process)
    process.terminate()
    process.wait(timeout=20)
