"""The project's own gates: migrations, system checks, production settings."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    """Models and migrations agree."""
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def _run(args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "coplan.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_malformed_database_url_stops_startup_with_one_line():
    """A malformed DATABASE_URL is one clear line on stderr and a non-zero exit."""
    result = _run(["check"], {"DATABASE_URL": "mysqlish:/nowhere"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_URL is malformed" in lines[0]


def test_password_in_malformed_url_is_not_echoed():
    result = _run(["check"], {"DATABASE_URL": "postgress://user:hunter2@host/db"})
    assert result.returncode == 2
    assert "hunter2" not in result.stderr


def test_production_settings_pass_check_deploy():
    """`check --deploy` reports nothing in production settings."""
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "coplan.settings.production",
            "SECRET_KEY": "x" * 30 + "-production-secret-key-0123456789abcdef",
            "ALLOWED_HOSTS": "coplan.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_requires_a_secret_key():
    result = _run(
        ["check"],
        {
            "DJANGO_SETTINGS_MODULE": "coplan.settings.production",
            "SECRET_KEY": "",
            "ALLOWED_HOSTS": "x.example.org",
        },
    )
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr


def test_collectstatic_succeeds_with_the_served_storage(tmp_path):
    """`bin/serve` collects static files with hashed names: every referenced file must exist."""
    result = _run(
        ["collectstatic", "--noinput", "-v0"],
        {
            "DJANGO_SETTINGS_MODULE": "coplan.settings.dev",
            "COPLAN_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
