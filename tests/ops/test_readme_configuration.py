"""The README's configuration table names every environment variable the code reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# A call that reads a variable by its literal name: os.environ.get("X"), os.environ["X"],
# os.getenv("X"), the settings helpers env_bool/env_int/env_list("X", ...), and helpers that
# take the variable's name as first argument (rates, database URLs).
_READS = re.compile(
    r"""(?:environ\.get|environ\[|getenv|env_bool|env_int|env_list|env_str|env_rate|_rate|"""
    r"""database_from_env\([^)]*variable=|setdefault)\(?\s*["']([A-Z][A-Z0-9_]{2,})["']"""
)
_SHELL_READS = re.compile(r"\$\{?([A-Z][A-Z0-9_]{2,})")
# Set by the test and CI harness only, or by Python/the shell themselves.
NOT_CONFIGURATION = {"CI", "CI_DATABASE_URL", "PG_URL", "PYTHON", "HOME", "PATH", "PWD"}


def variables_read() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((ROOT / "coplan").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for name in _READS.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, str(path.relative_to(ROOT)))
    for script in ("bin/serve", "bin/setup", "bin/test"):
        for name in _SHELL_READS.findall((ROOT / script).read_text(encoding="utf-8")):
            found.setdefault(name, script)
    return {name: where for name, where in found.items() if name not in NOT_CONFIGURATION}


def test_every_environment_variable_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]{2,})`", readme))
    missing = {name: where for name, where in variables_read().items() if name not in documented}
    assert not missing, f"read by the code but not in README's configuration: {missing}"


def test_the_scan_finds_what_settings_read():
    """The scan is not blind: it finds variables of each kind of reading."""
    names = variables_read()
    for expected in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "COPLAN_VAR_DIR"):
        assert expected in names
