import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from coplan.core.webserver import control_socket_path


class Command(BaseCommand):
    help = "Prepare the site (migrate, translations, static files) and serve it with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--demo", action="store_true", help="Load the demo data first.")
        parser.add_argument(
            "--no-prepare",
            action="store_true",
            help="Skip migrate/messages/collectstatic (already done).",
        )

    def handle(self, *args, bind: str, workers: int, demo: bool, no_prepare: bool, **options):
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
