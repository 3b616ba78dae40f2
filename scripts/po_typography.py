"""French typography of the catalogs, as the Translation Bureau writes it (Canadian usage).

Usage: python scripts/po_typography.py [APP ...]   (every app's catalog when none is named)
Rewrites each French translation: a non-breaking space before « : », « % » and « $ » and inside
« guillemets », none before « ; », « ! » and « ? ». Idempotent. The rules live in
coplan/core/typography.py (also applied to the French staff type); scripts/po_fill.py applies
the same function to what it fills, and tests/core/test_french_typography.py checks every catalog.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

from coplan.core.typography import french_typography


def fix_catalog(path: Path) -> int:
    """Apply french_typography to every translation of the catalog; the number changed."""
    catalog = polib.pofile(str(path))
    changed = 0
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgstr:
            fixed = french_typography(entry.msgstr)
            if fixed != entry.msgstr:
                entry.msgstr, changed = fixed, changed + 1
        for index, value in list(entry.msgstr_plural.items()):
            fixed = french_typography(value)
            if fixed != value:
                entry.msgstr_plural[index], changed = fixed, changed + 1
    if changed:
        catalog.save()
    return changed


def main() -> None:
    root = Path(__file__).resolve().parent.parent / "coplan"
    apps = sys.argv[1:] or sorted(
        p.parent.parent.parent.parent.name for p in root.glob("*/locale/fr/LC_MESSAGES/django.po")
    )
    for app in apps:
        path = root / app / "locale/fr/LC_MESSAGES/django.po"
        print(f"{app}: {fix_catalog(path)} translations changed")


if __name__ == "__main__":
    main()
