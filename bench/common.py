"""Shared benchmark helpers: serve Coplan as the README does, load it with wrk, record figures.

Every benchmark measures its target and a baseline in the same run on the same machine, and
writes its figures into its own section of bench/README.md (between begin/end markers).
Loads go to 127.0.0.1 only and are bounded in time.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
COPLAN = str(VENV_BIN / "coplan")
README = ROOT / "bench" / "README.md"
LUA = ROOT / "bench" / "latency.lua"


def machine() -> str:
    """One line describing this machine (cores, CPU model, memory, OS, Python)."""
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({model}), {mem_gib:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    """wrk, installed with the other benchmark packages by `bin/setup bench`."""
    path = shutil.which("wrk")
    if path:
        return path
    sys.exit("wrk is needed: bin/setup bench installs it (bench/apt-packages.txt).")


def coplan(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [COPLAN, *args],
        env={**os.environ, **(env or {})},
        check=check,
        capture_output=True,
        text=True,
    )


def child_json(code: str, *args: str, env: dict, timeout: int = 3600) -> dict:
    """Run `code` in a fresh Python of the project's environment (with `env` on top of this
    one) and return the JSON object its last line prints; its error output ends the bench."""
    child = subprocess.run(
        [str(VENV_BIN / "python"), "-c", code, *args],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if child.returncode:
        sys.exit(child.stderr[-4000:])
    return json.loads(child.stdout.strip().splitlines()[-1])


def prepare(env: dict) -> None:
    """Migrate, compile translations and collect static files for the given environment."""
    coplan("messages", "compile", env=env)
    coplan("migrate", "--noinput", env=env)
    coplan("collectstatic", "--noinput", env=env)


@contextlib.contextmanager
def served(env: dict, *, workers: int = 2, port: int | None = None) -> Iterator[str]:
    """Run `coplan serve` (gunicorn, DEBUG off) on a loopback port; yield its base URL."""
    port = port or free_port()
    process = subprocess.Popen(
        [COPLAN, "serve", "--no-prepare", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env={**os.environ, "DEBUG": "false", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # A shared machine under load may take most of a minute to start the workers.
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wrk(
    url: str,
    *,
    seconds: int = 15,
    connections: int = 8,
    threads: int = 2,
    headers: dict[str, str] | None = None,
) -> dict:
    """Load one URL with wrk (bounded in time); return rps, p50/p95/p99 (ms) and errors."""
    header_args = [
        arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")
    ]
    result = subprocess.run(
        [
            ensure_wrk(),
            *header_args,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    for line in reversed(result.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(result.stdout + result.stderr)


def row(label: str, result: dict) -> str:
    """One markdown table row of a wrk result."""
    return (
        f"| {label} | {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} | "
        f"{result['p99_ms']:.1f} | {result['errors']} |"
    )


TABLE_HEAD = (
    "| URL | requests/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|"
)


def update_readme(key: str, title: str, body: str) -> None:
    """Replace (or add) this benchmark's section of bench/README.md."""
    begin, end = f"<!-- begin:{key} -->", f"<!-- end:{key} -->"
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    section = f"{begin}\n## {title}\n\n_Measured {today} on {machine()}._\n\n{body.strip()}\n{end}"
    text = README.read_text() if README.exists() else "# Benchmarks\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    README.write_text(text)
