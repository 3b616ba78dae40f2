"""The core management commands. `coplan serve` (gunicorn): two instances on one host keep their
own control sockets, no client address reaches any log, gunicorn's own messages included, and a
bind that cannot be served is refused at once with the way out."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

VISITOR = "127.0.0.2"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer")


@pytest.mark.slow
def test_two_instances_have_their_own_control_socket_and_log_no_client_address(tmp_path):
    runtime = tmp_path / "xdg"
    runtime.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
        "DJANGO_SETTINGS_MODULE": "coplan.settings.test",
        "COPLAN_VAR_DIR": str(tmp_path / "v"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "SECRET_KEY": "serve-test-secret-key-0123456789",
        # Both instances run as one user with one runtime folder: gunicorn's default control
        # socket ($XDG_RUNTIME_DIR/gunicorn.ctl) would be the same for both.
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(tmp_path),
    }
    ports = [free_port(), free_port()]
    logs = [tmp_path / f"serve-{port}.log" for port in ports]
    servers = []
    try:
        for port, log in zip(ports, logs, strict=True):
            with log.open("wb") as handle:
                servers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "coplan.cli", "serve", "--no-prepare"]
                        + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
                        env=env,
                        stdout=handle,
                        stderr=subprocess.STDOUT,
                    )
                )
        for port, server in zip(ports, servers, strict=True):
            wait_until_up(port, server)
        sockets = sorted((tmp_path / "v/run").glob("*.ctl"))
        assert len(sockets) == 2 and all(path.is_socket() for path in sockets)
        assert not (runtime / "gunicorn.ctl").exists()
        # The visitor comes from another loopback address than the one served, so that any
        # trace of it in the logs is unmistakable.
        for request in (b"NOT HTTP AT ALL\r\n\r\n", b"GET /healthz HTTP/1.0\r\n\r\n"):
            with socket.socket() as client:
                client.bind((VISITOR, 0))
                client.settimeout(5)
                client.connect(("127.0.0.1", ports[0]))
                client.sendall(request)
                client.recv(1024)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
    output = logs[0].read_text()
    assert "Invalid request from ip=[address hidden]" in output
    assert "GET /healthz" in output
    assert VISITOR not in output


def test_a_taken_port_is_refused_at_once_with_the_way_out():
    """`coplan serve` on a port already listened on stops before preparing or loading the demo,
    and says how to choose another port."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    try:
        with pytest.raises(CommandError) as caught:
            call_command("serve", "--bind", f"127.0.0.1:{port}", "--demo")
    finally:
        listener.close()
    assert f"Port {port} on 127.0.0.1 is already in use" in str(caught.value)
    assert f"--bind 127.0.0.1:{port + 1}" in str(caught.value)


def test_a_malformed_bind_is_one_clear_error():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="HOST:PORT"):
        call_command("serve", "--bind", "localhost:http")


def test_restore_asks_for_confirmation_before_replacing_anything(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="add --yes to confirm"):
        call_command("restore", str(tmp_path))


@pytest.mark.django_db
def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    (tmp_path / "earlier.txt").write_text("keep me")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["earlier.txt"]


def test_messages_compile_builds_every_catalog():
    from io import StringIO

    from django.core.management import call_command

    from coplan.core.i18n import PACKAGE_DIR

    out = StringIO()
    call_command("messages", "compile", stdout=out)
    catalogs = list(PACKAGE_DIR.glob("*/locale/*/LC_MESSAGES/*.po"))
    assert out.getvalue().strip() == f"{len(catalogs)} catalogs compiled"
    assert all(po.with_suffix(".mo").stat().st_mtime >= po.stat().st_mtime for po in catalogs)
