"""The `coplan` command: Django's commands run under the development settings unless told
otherwise, and a configuration error is one clear line, never a traceback."""

from __future__ import annotations

import pytest

from coplan import cli
from tests.core.helpers import run_coplan


def test_malformed_database_url_stops_startup_with_one_line():
    """A malformed DATABASE_URL is one clear line on stderr and a non-zero exit."""
    result = run_coplan(["check"], {"DATABASE_URL": "mysqlish:/nowhere"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_URL is malformed" in lines[0]


def test_password_in_malformed_url_is_not_echoed():
    result = run_coplan(["check"], {"DATABASE_URL": "postgress://user:hunter2@host/db"})
    assert result.returncode == 2
    assert "hunter2" not in result.stderr


def test_a_django_command_runs_in_this_process(capsys):
    cli.main(["coplan", "check", "--fail-level", "ERROR"])
    assert "System check identified no issues" in capsys.readouterr().out


def test_an_unknown_command_is_refused_by_name(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["coplan", "no-such-command"])
    assert stopped.value.code == 1
    assert "Unknown command: 'no-such-command'" in capsys.readouterr().err


def test_the_development_settings_are_the_default(tmp_path):
    show = "from django.conf import settings; print(settings.SETTINGS_MODULE)"
    result = run_coplan(["shell", "-c", show], {"COPLAN_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    # The last line: Django's shell first says what it imported for you.
    assert result.stdout.strip().splitlines()[-1] == "coplan.settings.dev"
