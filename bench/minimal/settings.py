"""The baseline of bench/render_speed.py: the smallest Django project that answers a request.

One view, no database, no templates, no apps: Django's default middleware (as `startproject`
writes it) minus the ones that read the database (sessions, authentication, and messages, which
needs one of them). Served by the same gunicorn settings as Coplan, every page ratio in
bench/README.md is measured against it: what the framework and the server cost alone.
"""

SECRET_KEY = "bench-minimal-not-secret"  # noqa: S105 - a loopback benchmark, no secret to keep
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.minimal.urls"
WSGI_APPLICATION = "bench.minimal.wsgi.application"
INSTALLED_APPS: list[str] = []
DATABASES: dict = {}
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
USE_TZ = True
