"""gunicorn as `coplan serve` runs it: no client address in any log, one control socket each.

The access log's format leaves the address out; gunicorn's own messages do not all do so
("Invalid request from ip=…" for a malformed request). PrivateLogger removes IP addresses from
every message of gunicorn's error log, except the few in which gunicorn names the address it
listens on (ours, not a visitor's).

gunicorn 25+ opens a control socket for `gunicornc`, by default one path per user
($XDG_RUNTIME_DIR/gunicorn.ctl): a second instance on the host takes it over from the first.
control_socket_path gives each instance its own, named after the address it serves.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from gunicorn.glogging import Logger

ADDRESS = re.compile(
    r"(?<![\w.:])("
    r"[0-9a-fA-F:]*:(?:\d{1,3}\.){3}\d{1,3}"  # IPv4 in IPv6 (::ffff:192.0.2.1)
    r"|(?:\d{1,3}\.){3}\d{1,3}"  # IPv4
    r"|(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}"  # IPv6, full
    r"|[0-9a-fA-F:]*::[0-9a-fA-F:]*"  # IPv6, compressed (never a time such as 05:00:00)
    r")(?![\w.])"
)
HIDDEN = "[address hidden]"
# gunicorn's messages about the address it listens on (the server's own, not a client's).
OWN_ADDRESS_MESSAGES = ("Listening at:", "Connection in use:", "Invalid address:", "Can't connect")
# A Unix socket path has at most 107 bytes on Linux.
MAX_SOCKET_PATH = 100


def without_addresses(text: str) -> str:
    return ADDRESS.sub(HIDDEN, text)


class AddressFilter(logging.Filter):
    """Rewrite a record's message without the IP addresses it holds."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(OWN_ADDRESS_MESSAGES):
            return True
        cleaned = without_addresses(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class PrivateLogger(Logger):
    """gunicorn's logger with the address filter on its error log."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        if not any(isinstance(f, AddressFilter) for f in self.error_log.filters):
            self.error_log.addFilter(AddressFilter())


def control_socket_path(var_dir: Path, bind: str) -> Path | None:
    """This instance's control socket (None when the folder's path is too long for one)."""
    name = "gunicorn-" + hashlib.sha256(bind.encode()).hexdigest()[:12] + ".ctl"
    path = Path(var_dir) / "run" / name
    return path if len(str(path)) <= MAX_SOCKET_PATH else None
