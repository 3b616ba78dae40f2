"""A throwaway Dovecot IMAP server on loopback, started by the tests that need one.

Everything lives in a temporary directory (configuration, passwd-file, maildirs, sockets, logs,
a self-signed certificate made with openssl for the TLS tests); nothing system-wide changes.
Dovecot runs in the foreground as a child process (`dovecot -F -c <config>`) and is stopped at
the end. When run as root, mail is owned by `nobody` (Dovecot refuses to deliver as root).
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
STARTUP_SECONDS = 20
USER_POOL = 100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"dovecot did not listen on {port}: {log.read_text(errors='replace')}")


@dataclass
class Dovecot:
    root: Path
    port: int
    tls_port: int
    cafile: Path
    process: subprocess.Popen | None = None
    users: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(cls, root: Path) -> Dovecot:
        if not Path(DOVECOT).exists():
            raise RuntimeError("dovecot is not installed (Debian package dovecot-imapd)")
        server = cls(root=root, port=free_port(), tls_port=free_port(), cafile=root / "cert.pem")
        server._write_config()
        # Dovecot reads the passwd-file at start; users added later may not be seen at once.
        for number in range(1, USER_POOL + 1):
            server.add_user(f"user{number}", f"pw-user{number}-secret")
        log = root / "dovecot.log"
        server.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(server.port, server.process, log)
        _wait_for_port(server.tls_port, server.process, log)
        return server

    def _write_config(self) -> None:
        root = self.root
        for name in ("run", "state", "home"):
            (root / name).mkdir(mode=0o755)
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-keyout",
                str(root / "key.pem"),
                "-out",
                str(root / "cert.pem"),
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ],
            check=True,
            capture_output=True,
        )
        (root / "passwd").write_text("")
        owner = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        self.owner = owner
        if os.geteuid() == 0:
            os.chown(root / "home", owner.pw_uid, owner.pw_gid)
        login_user = "dovenull" if os.geteuid() == 0 else owner.pw_name
        internal_user = "dovecot" if os.geteuid() == 0 else owner.pw_name
        (root / "dovecot.conf").write_text(
            f"""
base_dir = {root}/run
state_dir = {root}/state
instance_name = coplan-test-{self.port}
protocols = imap
listen = 127.0.0.1
log_path = {root}/dovecot.log
default_login_user = {login_user}
default_internal_user = {internal_user}
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = 1
mail_location = maildir:{root}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""
        )

    def add_user(self, username: str, password: str) -> None:
        self.users[username] = password
        with open(self.root / "passwd", "a") as passwd:
            passwd.write(f"{username}:{{PLAIN}}{password}\n")

    def connect(self, username: str) -> imaplib.IMAP4:
        connection = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        connection.login(username, self.users[username])
        return connection

    def append(self, username: str, messages: list[bytes], folder: str = "INBOX") -> None:
        connection = self.connect(username)
        try:
            for raw in messages:
                status, _ = connection.append(folder, "", None, raw)
                assert status == "OK"
        finally:
            connection.logout()

    def flags(self, username: str, folder: str = "INBOX") -> list[bool]:
        """For each message in order: is it flagged \\Seen?"""
        connection = self.connect(username)
        try:
            connection.select(folder, readonly=True)
            status, data = connection.fetch("1:*", "(FLAGS)")
            return [b"\\Seen" in line for line in data if isinstance(line, bytes)]
        finally:
            connection.logout()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
