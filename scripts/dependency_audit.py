"""Audit the installed Python dependencies against PyPI's advisory database (pip-audit).

Exit 1 when any dependency has a known vulnerability. When the advisory database cannot be
reached (pip-audit then skips every package), say so loudly: that is NOT a pass. It exits 1
when COPLAN_AUDIT_REQUIRED is true (set it wherever the network reaches PyPI's JSON API),
and 0 otherwise so that a sandbox without that access can still run the other gates.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

BANNER = "!" * 78


def verdict(returncode: int, output: str) -> tuple[int | None, list[str]]:
    """What pip-audit's run means: (1 vulnerable / 0 clean / None not done, lines to print).

    Clean only when pip-audit ran to its end and checked every package. A crash (the advisory
    database unreachable makes it raise), an output that is not its report, or packages it
    skipped ("could not be audited") mean the audit was not done, never that it passed.
    """
    try:
        report = json.loads(output) if output.strip() else None
    except ValueError:
        report = None
    if returncode not in (0, 1) or not isinstance(report, dict) or not report.get("dependencies"):
        return None, [f"pip-audit did not produce its report (exit status {returncode})."]
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            lines.append(
                f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})"
            )
    if vulnerable:
        return 1, lines
    if len(audited) < len(dependencies):
        return None, [
            f"{len(dependencies) - len(audited)} of the {len(dependencies)} installed packages "
            "could not be checked against the advisory database."
        ]
    return 0, [f"pip-audit: {len(audited)} packages checked, no known vulnerability"]


def main() -> int:
    result = subprocess.run(  # noqa: S603 - fixed program, no shell
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--skip-editable",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    # pip-audit's own stderr is not echoed: it says "No known vulnerabilities found" even when
    # it could check nothing.
    status, lines = verdict(result.returncode, result.stdout)
    if status is not None:
        print("\n".join(lines))
        return status
    required = os.environ.get("COPLAN_AUDIT_REQUIRED", "").lower() in {"1", "true", "yes"}
    print(BANNER)
    print("!!! DEPENDENCY AUDIT NOT DONE: PyPI's advisory database could not be reached.")
    for line in lines:
        print(f"!!! {line}")
    print("!!! This is not a pass. Run it where the network reaches PyPI's JSON API.")
    print(BANNER)
    return 1 if required else 0


if __name__ == "__main__":
    sys.exit(main())
