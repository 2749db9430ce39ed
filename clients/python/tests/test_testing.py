"""ragvault.testing: the isolation probe against the session's real server, through the
pytest fixture, and a report with leaks turned into a failure that names each request."""
from __future__ import annotations

import subprocess

import pytest

from ragvault.testing import IsolationLeak, ProbeReport, ragvault_probe, run_probe  # noqa: F401 (a fixture, used by name)


def operator_key(server) -> str:
    from conftest import BIN
    done = subprocess.run([BIN, "apikey", "create", "--data", server.data, "--operator"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_fixture_probes_a_live_server_and_passes(server, ragvault_probe, monkeypatch):
    from conftest import BIN
    monkeypatch.setenv("RAGVAULT_BIN", BIN)
    report = ragvault_probe(server.url, operator_key(server))
    assert report.passed and report.interface == "http+mcp" and report.cleaned_up
    assert report.requests > 1000 and report.per_second > 0
    assert report.probes["http: search: exact term"] > 0 and report.probes["mcp: search: exact term"] > 0


def test_a_leak_fails_with_the_request_that_leaked():
    report = ProbeReport.from_json({
        "interface": "http", "passed": False, "requests": 10, "seconds": 1.0, "per_second": 10.0, "probes": {"search: prefix": 10},
        "leaks": [{"probe": "search: prefix", "identity": "tenant rvprobe-x-a, user zed", "request": "search 'qzbcd*'",
                   "detail": "found canary of role-only"}],
        "ineffective": [], "removed_leftovers": [], "cleaned_up": True})
    with pytest.raises(IsolationLeak) as raised:
        raise IsolationLeak(report)
    assert "search 'qzbcd*'" in str(raised.value) and "user zed" in str(raised.value)


def test_a_probe_without_an_operator_key_is_refused(monkeypatch):
    monkeypatch.delenv("RAGVAULT_OPERATOR_KEY", raising=False)
    with pytest.raises(ValueError):
        run_probe("http://127.0.0.1:9")
