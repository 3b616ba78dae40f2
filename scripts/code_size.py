"""Function and module sizes of the product code, held by a ratchet until the targets are met.

    .venv/bin/python scripts/code_size.py            # print, and fail on a regression
    .venv/bin/python scripts/code_size.py --write    # record today's figures as the ceiling

Measured over coplan/ outside migrations and demo data (files named demo.py): every function
and method (nested ones too), from its `def` line to its last line; every module, in lines.
Targets (issue 19): median function ≤ 8 lines, 90th percentile ≤ 25, none over 60, no module
over 400 lines. Until they hold, scripts/code_size_ceiling.json records today's offenders and
figures, and the check fails when the code gets worse: a new offender, an offender grown, or a
median or 90th percentile above the recorded one. Shrinking is always allowed; --write then
tightens the ceiling.
"""

from __future__ import annotations

import ast
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coplan"
CEILING = Path(__file__).with_name("code_size_ceiling.json")

MEDIAN_TARGET = 8
P90_TARGET = 25
FUNCTION_TARGET = 60
MODULE_TARGET = 400


@dataclass(frozen=True)
class Sizes:
    functions: dict[str, int]  # "path:Qualified.name" → lines
    modules: dict[str, int]  # "path" → lines

    @property
    def median(self) -> float:
        return statistics.median(self.functions.values())

    @property
    def p90(self) -> float:
        return statistics.quantiles(self.functions.values(), n=10, method="inclusive")[-1]

    def long_functions(self) -> dict[str, int]:
        return {key: n for key, n in self.functions.items() if n > FUNCTION_TARGET}

    def long_modules(self) -> dict[str, int]:
        return {key: n for key, n in self.modules.items() if n > MODULE_TARGET}


def measured(path: Path) -> bool:
    return "migrations" not in path.parts and path.name != "demo.py"


def _functions(tree: ast.Module, relative: str) -> dict[str, int]:
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                key = f"{relative}:{name}"
                # Two definitions of one name (a property and its setter): the longer counts.
                found[key] = max(found.get(key, 0), child.end_lineno - child.lineno + 1)
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def sizes(package: Path = PACKAGE) -> Sizes:
    functions: dict[str, int] = {}
    modules: dict[str, int] = {}
    for path in sorted(package.rglob("*.py")):
        if not measured(path.relative_to(package)):
            continue
        relative = path.relative_to(package.parent).as_posix()
        source = path.read_text("utf-8")
        modules[relative] = len(source.splitlines())
        functions |= _functions(ast.parse(source, filename=relative), relative)
    return Sizes(functions, modules)


def regressions(now: Sizes, ceiling: dict) -> list[str]:
    """What got worse than the recorded ceiling, one sentence each."""
    found = []
    if now.median > ceiling["median"]:
        found.append(f"median function length {now.median} > {ceiling['median']}")
    if now.p90 > ceiling["p90"]:
        found.append(f"90th percentile {now.p90} > {ceiling['p90']}")
    for kind, offenders, limit in (
        ("function", now.long_functions(), ceiling["functions"]),
        ("module", now.long_modules(), ceiling["modules"]),
    ):
        for key, lines in sorted(offenders.items()):
            if key not in limit:
                found.append(f"new long {kind}: {key} ({lines} lines)")
            elif lines > limit[key]:
                found.append(f"{kind} grew: {key} ({limit[key]} → {lines} lines)")
    return found


def report(now: Sizes) -> tuple[list[str], bool]:
    """Lines to print, and whether every target is met."""
    long_functions, long_modules = now.long_functions(), now.long_modules()
    lines = [
        f"functions: {len(now.functions)}, median {now.median} lines (target ≤ {MEDIAN_TARGET}), "
        f"90th percentile {now.p90} (target ≤ {P90_TARGET}), longest {max(now.functions.values())}"
        f" (target ≤ {FUNCTION_TARGET}); {len(long_functions)} over {FUNCTION_TARGET}",
        f"modules: {len(now.modules)}, {len(long_modules)} over {MODULE_TARGET} lines",
    ]
    lines += [
        f"  {lines_:5d}  {key}"
        for key, lines_ in sorted(long_modules.items(), key=lambda item: -item[1])
    ]
    met = (
        now.median <= MEDIAN_TARGET
        and now.p90 <= P90_TARGET
        and not long_functions
        and not long_modules
    )
    return lines, met


def main(argv: list[str]) -> int:
    now = sizes()
    lines, met = report(now)
    print("\n".join(lines))
    if "--write" in argv:
        ceiling = {
            "median": now.median,
            "p90": now.p90,
            "functions": dict(sorted(now.long_functions().items())),
            "modules": dict(sorted(now.long_modules().items())),
        }
        CEILING.write_text(json.dumps(ceiling, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"ceiling written to {CEILING.relative_to(ROOT)}")
        return 0
    if met:
        print("size targets met")
        return 0
    print(
        "size targets NOT YET MET (issue 19): held by the ratchet in "
        f"{CEILING.relative_to(ROOT)} — nothing may get worse"
    )
    worse = regressions(now, json.loads(CEILING.read_text("utf-8")))
    for sentence in worse:
        print(f"REGRESSION: {sentence}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
