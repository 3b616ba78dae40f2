"""The test suite's own layout: a test module never imports another test module.

Shared helpers live in an app's helpers.py (or factories.py) and shared fixtures in conftest.py,
so that running one test module never depends on another one's fixtures and names."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_test_module(name: str | None) -> bool:
    return bool(name) and name.rsplit(".", 1)[-1].startswith("test_")


def imported_test_modules(source: str) -> list[str]:
    """The test modules that this source imports (by absolute or relative name)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if _is_test_module(node.module):
                found.append(node.module)
            elif node.module is None or node.level:
                found += [alias.name for alias in node.names if _is_test_module(alias.name)]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_test_module(alias.name)]
    return found


def test_finder_sees_every_form_of_import() -> None:
    source = (
        "from tests.app.test_views import helper\n"
        "from .test_rows import fixture\n"
        "from . import test_rows\n"
        "import tests.app.test_models\n"
        "def f():\n    from tests.app.test_admin import form\n"
        "from tests.app.helpers import helper\n"
        "from tests.app.conftest import thing\n"
    )
    assert imported_test_modules(source) == [
        "tests.app.test_views",
        "test_rows",
        "test_rows",
        "tests.app.test_models",
        "tests.app.test_admin",
    ]


def test_no_imported_test_modules_another() -> None:
    offenders = {
        str(path.relative_to(TESTS)): imported
        for path in sorted(TESTS.rglob("*.py"))
        if (imported := imported_test_modules(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "move the shared names to helpers.py or conftest.py"
