"""The dependency audit (bin/test) passes only when every package was checked: an advisory
database out of reach is "not done", never "no known vulnerabilities"."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "dependency_audit.py"
spec = importlib.util.spec_from_file_location("dependency_audit", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_unreachable_advisory_database_is_not_done_and_fails_where_required():
    """pip-audit run for real through a proxy that refuses every connection."""
    proxy = f"http://127.0.0.1:{closed_port()}"
    env = {
        **os.environ,
        "HTTPS_PROXY": proxy,
        "https_proxy": proxy,
        "HTTP_PROXY": proxy,
        "http_proxy": proxy,
        "NO_PROXY": "",
        "no_proxy": "",
        "COPLAN_AUDIT_REQUIRED": "true",
    }
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=600
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "DEPENDENCY AUDIT NOT DONE" in output
    assert "no known vulnerabilit" not in output.lower()


def report(*dependencies: dict) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


CHECKED = {"name": "django", "version": "5.2", "vulns": []}
SKIPPED = {"name": "rules", "skip_reason": "Dependency not found on PyPI and could not be audited"}


@pytest.mark.parametrize(
    ("returncode", "output"),
    [
        (1, ""),  # pip-audit raised (connection refused): no report at all
        (0, "Traceback (most recent call last): ..."),
        (0, report()),  # nothing listed
        (0, report(SKIPPED, dict(SKIPPED, name="ninja"))),  # every package skipped
        (0, report(CHECKED, SKIPPED)),  # some skipped: not every package was checked
        (2, report(CHECKED)),  # a usage error, whatever it printed
    ],
)
def test_anything_short_of_a_full_report_is_not_done(returncode, output):
    status, lines = audit.verdict(returncode, output)
    assert status is None
    assert lines and not any("no known vulnerabilit" in line.lower() for line in lines)


def test_a_full_report_passes_or_names_the_vulnerabilities():
    assert audit.verdict(0, report(CHECKED, dict(CHECKED, name="rules")))[0] == 0
    vulnerable = dict(CHECKED, vulns=[{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}])
    status, lines = audit.verdict(1, report(vulnerable, SKIPPED))
    assert status == 1
    assert lines == ["django 5.2: PYSEC-1 (fixed in 5.2.1)"]
