"""Both official languages: every message people see goes through the catalogs."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _english_literal(node: ast.expr) -> bool:
    """A text written in the code as it is (a string or an f-string), never looked up in a
    catalog."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.BinOp):
        return _english_literal(node.left) or _english_literal(node.right)
    return isinstance(node, ast.JoinedStr)


def test_flash_messages_and_errors_go_through_the_catalogs():
    """Every flash message (``messages.success(request, …)``…), form error (``add_error``) and
    ``ValidationError`` shown to people is a translated text, never English written in the code:
    on a French page it would stay English."""
    levels = {"debug", "info", "success", "warning", "error"}
    found = []
    for path in sorted(ROOT.glob("coplan/**/*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "messages"
            ):
                texts = node.args[1:2] if name in levels else node.args[2:3]
            elif name == "add_error":
                texts = node.args[1:2]
            elif name == "ValidationError":
                texts = node.args[:1]
            else:
                continue
            texts += [k.value for k in node.keywords if k.arg in ("message", "error")]
            if any(_english_literal(text) for text in texts):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
