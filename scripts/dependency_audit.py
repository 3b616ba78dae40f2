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
    try:
        report = json.loads(result.stdout or "{}")
    except ValueError:
        print(result.stdout + result.stderr, file=sys.stderr)
        return 1
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        return 1
    if dependencies and not audited:
        required = os.environ.get("COPLAN_AUDIT_REQUIRED", "").lower() in {"1", "true", "yes"}
        print(BANNER)
        print("!!! DEPENDENCY AUDIT NOT DONE: PyPI's advisory database could not be reached,")
        print(f"!!! so none of the {len(dependencies)} installed packages was checked.")
        print("!!! This is not a pass. Run it where the network reaches PyPI's JSON API.")
        print(BANNER)
        return 1 if required else 0
    print(f"pip-audit: {len(audited)} packages checked, no known vulnerability")
    return 0


if __name__ == "__main__":
    sys.exit(main())
