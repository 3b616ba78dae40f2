"""The project's own gates: migrations, system checks, production settings."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.core.helpers import run_coplan


@pytest.mark.django_db
def test_no_missing_migrations():
    """Models and migrations agree."""
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_production_settings_pass_check_deploy():
    """`check --deploy` reports nothing in production settings."""
    result = run_coplan(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "coplan.settings.production",
            "SECRET_KEY": "x" * 30 + "-production-secret-key-0123456789abcdef",
            "ALLOWED_HOSTS": "coplan.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_requires_a_secret_key():
    result = run_coplan(
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
    result = run_coplan(
        ["collectstatic", "--noinput", "-v0"],
        {
            "DJANGO_SETTINGS_MODULE": "coplan.settings.dev",
            "COPLAN_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
