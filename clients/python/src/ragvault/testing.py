"""Prove isolation from a Python test suite: the `ragvault probe` isolation probe against a
running server, as a function and as a pytest fixture.

The probe itself is the `ragvault` binary's (`ragvault probe --url`): it makes throw-away
tenants with nothing but an operator key, plants canaries under an ACL matrix, asks for them
as every identity that may not read them, compares side channels and removes everything. This
module runs it and turns its JSON report into a test result that names each leaking request::

    pytest_plugins = ["ragvault.testing"]          # in the root conftest.py (or import ragvault_probe)

    def test_no_tenant_or_role_boundary_is_crossed(ragvault_probe):
        ragvault_probe("https://rag.example.com")   # operator key from RAGVAULT_OPERATOR_KEY

The operator key is passed to the binary in its environment, never on its command line
(where other users of the machine could read it).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

__all__ = ["ProbeLeak", "ProbeReport", "IsolationLeak", "run_probe", "ragvault_probe"]


@dataclass(frozen=True)
class ProbeLeak:
    probe: str
    identity: str
    request: str
    detail: str


@dataclass(frozen=True)
class ProbeReport:
    interface: str
    passed: bool
    requests: int
    seconds: float
    per_second: float
    probes: dict[str, int]
    leaks: list[ProbeLeak] = field(default_factory=list)
    ineffective: list[str] = field(default_factory=list)
    cleaned_up: bool = True

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ProbeReport":
        return cls(
            interface=data["interface"], passed=bool(data["passed"]), requests=int(data["requests"]),
            seconds=float(data.get("seconds", 0)), per_second=float(data.get("per_second", 0)), probes=dict(data["probes"]),
            leaks=[ProbeLeak(**{k: leak[k] for k in ("probe", "identity", "request", "detail")}) for leak in data["leaks"]],
            ineffective=list(data["ineffective"]), cleaned_up=bool(data["cleaned_up"]))

    def failures(self) -> list[str]:
        """One line per finding: each leak with the identity and the exact request."""
        lines = [f"LEAK {leak.probe} as {leak.identity}: {leak.request} — {leak.detail}" for leak in self.leaks]
        lines += [f"INEFFECTIVE {problem}" for problem in self.ineffective]
        if not self.cleaned_up:
            lines.append("probe tenants were left behind")
        return lines


class IsolationLeak(AssertionError):
    """The probe found a leak (or could not prove anything): the message lists every finding."""

    def __init__(self, report: ProbeReport):
        self.report = report
        super().__init__(f"isolation probe over {report.interface} failed:\n" + "\n".join(report.failures()))


def _binary(binary: Optional[str]) -> str:
    found = binary or os.environ.get("RAGVAULT_BIN") or shutil.which("ragvault")
    if not found:
        raise FileNotFoundError("the ragvault binary was not found: set RAGVAULT_BIN or put ragvault on PATH")
    return found


def run_probe(url: str, operator_key: Optional[str] = None, *, binary: Optional[str] = None, rate: Optional[float] = None,
              timeout: float = 600) -> ProbeReport:
    """Runs the isolation probe against the server at `url` and returns its report; raises
    `IsolationLeak` when anything leaked, a control failed or probe tenants were left."""
    key = operator_key or os.environ.get("RAGVAULT_OPERATOR_KEY")
    if not key:
        raise ValueError("an operator key is needed: pass operator_key or set RAGVAULT_OPERATOR_KEY")
    command = [_binary(binary), "probe", "--url", url, "--json"]
    if rate is not None:
        command += ["--rate", str(rate)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "RAGVAULT_OPERATOR_KEY": key})
    try:
        report = ProbeReport.from_json(json.loads(done.stdout))
    except (ValueError, KeyError) as error:
        raise RuntimeError(f"ragvault probe did not report (exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}") from error
    if not report.passed:
        raise IsolationLeak(report)
    return report


try:
    import pytest

    @pytest.fixture
    def ragvault_probe() -> Callable[..., ProbeReport]:
        """`ragvault_probe(url=None, operator_key=None, rate=None)` runs the probe (URL from
        RAGVAULT_URL when not given) and fails the test with every leaking request."""

        def probe(url: Optional[str] = None, operator_key: Optional[str] = None, rate: Optional[float] = None) -> ProbeReport:
            target = url or os.environ.get("RAGVAULT_URL")
            if not target:
                raise ValueError("no server to probe: pass url or set RAGVAULT_URL")
            try:
                return run_probe(target, operator_key, rate=rate)
            except IsolationLeak as leak:
                pytest.fail(str(leak), pytrace=False)

        return probe
except ImportError:  # pytest is only needed for the fixture
    pass
