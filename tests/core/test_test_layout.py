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


# Tests mirror the code: every product module with behaviour (at least one function) has a test
# module named after it, tests/<app>/test_<module>.py (or test_<package>_<module>.py for a module
# inside a package, test_commands.py for management commands).
PACKAGE = TESTS.parent / "coplan"
_NOT_MIRRORED = {"__init__.py", "apps.py", "urls.py", "admin.py", "wiring.py"}


def _has_behaviour(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) for node in ast.walk(tree))


def mirror_candidates(path: Path) -> list[str]:
    """The test modules that would mirror the product module at path, relative to tests/."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if len(parts) == 1:
        return [f"core/test_{parts[0]}.py"]
    app, inner = parts[0], parts[1:]
    names = {f"test_{inner[-1]}.py", f"test_{'_'.join(inner)}.py"}
    if inner[0] == "management":
        names.add("test_commands.py")
    return sorted(f"{app}/{name}" for name in names)


def modules_without_mirror() -> list[str]:
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in {"settings", "migrations"} or "migrations" in relative.parts:
            continue
        if path.name in _NOT_MIRRORED or path.stem == "demo" or "demo" in relative.parts:
            continue
        if not _has_behaviour(path):
            continue
        if not any((TESTS / candidate).exists() for candidate in mirror_candidates(path)):
            missing.append(str(relative))
    return missing


def test_mirror_candidates_name_module_and_package() -> None:
    assert mirror_candidates(PACKAGE / "analysis/views/campaigns.py") == [
        "analysis/test_campaigns.py",
        "analysis/test_views_campaigns.py",
    ]
    assert mirror_candidates(PACKAGE / "cli.py") == ["core/test_cli.py"]


def test_every_module_with_behaviour_has_its_test_module() -> None:
    assert modules_without_mirror() == [], "each needs its tests/<app>/test_<module>.py"
