"""The web server's own logs keep no client address; each instance has its own control socket."""

from __future__ import annotations

import logging

from coplan.core.webserver import AddressFilter, control_socket_path, without_addresses


def test_addresses_are_hidden_but_times_and_versions_kept():
    assert without_addresses("Invalid request from ip=192.0.2.10: bad") == (
        "Invalid request from ip=[address hidden]: bad"
    )
    assert without_addresses("from ip=2001:db8::17: bad") == "from ip=[address hidden] bad"
    assert without_addresses("peer ('::ffff:10.0.0.1', 5555)") == "peer ('[address hidden]', 5555)"
    assert without_addresses("at 05:00:00, gunicorn 27.0.1") == "at 05:00:00, gunicorn 27.0.1"


def record(message: str, *args) -> logging.LogRecord:
    return logging.LogRecord("gunicorn.error", logging.INFO, __file__, 1, message, args, None)


def test_the_filter_rewrites_messages_with_addresses_and_keeps_every_record():
    entry = record("Invalid request from ip=%s: %s", "198.51.100.7", "bad line")
    assert AddressFilter().filter(entry) is True
    assert entry.getMessage() == "Invalid request from ip=[address hidden]: bad line"
    plain = record("Booting worker with pid: %s", 42)
    assert AddressFilter().filter(plain) and plain.args == (42,)


def test_the_servers_own_address_is_kept_in_its_messages():
    entry = record("Listening at: http://127.0.0.1:8000 (%s)", 17)
    AddressFilter().filter(entry)
    assert entry.getMessage() == "Listening at: http://127.0.0.1:8000 (17)"


def test_each_bind_has_its_own_control_socket_unless_the_folder_is_too_deep(tmp_path):
    first = control_socket_path(tmp_path, "127.0.0.1:8000")
    assert first is not None and first.parent == tmp_path / "run"
    assert first.name.startswith("gunicorn-") and first.suffix == ".ctl"
    assert control_socket_path(tmp_path, "127.0.0.1:8000") == first
    assert control_socket_path(tmp_path, "127.0.0.1:8001") != first
    assert control_socket_path(tmp_path / ("deep" * 30), "127.0.0.1:8000") is None
