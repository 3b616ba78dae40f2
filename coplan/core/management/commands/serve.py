import errno
import os
import socket as sockets
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from coplan.core.webserver import control_socket_path


class Command(BaseCommand):
    help = "Prepare the site (migrate, translations, static files) and serve it with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--demo", action="store_true", help="Load the demo data first.")
        parser.add_argument(
            "--no-prepare",
            action="store_true",
            help="Skip migrate/messages/collectstatic (already done).",
        )

    def handle(
        self, *args, bind: str, workers: int, threads: int, demo: bool, no_prepare: bool, **options
    ):
        # Before minutes of preparation and demo loading, not after them.
        ensure_free(bind)
        if not no_prepare:
            call_command("messages", "compile")
            call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
        if demo:
            call_command("demo")
        self.stdout.write(f"Serving Coplan on http://{bind}/ (Ctrl+C to stop)")
        sys.stdout.flush()
        gunicorn = [
            sys.executable,
            "-m",
            "gunicorn",
            "coplan.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            # Threads in each process: a cached page (a cache read, about a millisecond) is
            # answered between the steps of slow requests (a submission, a full render) instead
            # of queueing behind them, as it did with one request per process at a time.
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            # The access log never carries query strings (they may hold signed tokens) nor the
            # client's address (personal information).
            "--access-logformat",
            '"%(m)s %(U)s" %(s)s %(B)s %(M)sms',
            # gunicorn's own messages lose every client address too ("Invalid request from
            # ip=…"): coplan.core.webserver.
            "--logger-class",
            "coplan.core.webserver.PrivateLogger",
        ]
        # One control socket per instance: gunicorn's default is one per user and host, which
        # a second instance would take over from the first.
        socket = control_socket_path(settings.VAR_DIR, bind)
        if socket is None:
            gunicorn.append("--no-control-socket")
        else:
            socket.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            gunicorn += ["--control-socket", str(socket)]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        os.execvpe(gunicorn[0], gunicorn, env)  # noqa: S606 - fixed argv, no shell


def ensure_free(bind: str) -> None:
    """Refuse at once, with the way out, when the address is taken or cannot be used."""
    if bind.startswith("unix:"):
        return
    host, _, port = bind.rpartition(":")
    host = host.strip("[]") or "0.0.0.0"  # noqa: S104 - the address gunicorn would use
    try:
        number = int(port)
    except ValueError:
        raise CommandError(
            f"--bind must be HOST:PORT (for example 127.0.0.1:8000), not {bind!r}."
        ) from None
    family = sockets.AF_INET6 if ":" in host else sockets.AF_INET
    probe = sockets.socket(family, sockets.SOCK_STREAM)
    # As gunicorn does: a port left in TIME_WAIT by a server just stopped is free.
    probe.setsockopt(sockets.SOL_SOCKET, sockets.SO_REUSEADDR, 1)
    try:
        probe.bind((host, number))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                f"Port {number} on {host} is already in use (another Coplan or program?). "
                f"Choose another port: bin/serve --bind {host}:{number + 1}  (or BIND={host}:"
                f"{number + 1} bin/serve)."
            ) from None
        raise CommandError(f"Cannot serve on {bind}: {exc.strerror}.") from None
    finally:
        probe.close()
