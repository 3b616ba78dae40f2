"""Fill French translations into an app's catalog from a JSON object {msgid: msgstr}.

Usage: python scripts/po_fill.py APP translations.json
A plural entry takes a list [singular, plural]. Untouched entries are listed at the end.
French typography (non-breaking spaces) is applied as scripts/po_typography.py does.
"""

import json
import sys
from pathlib import Path

import polib
from po_typography import french_typography


def main() -> None:
    app, source = sys.argv[1], sys.argv[2]
    path = (
        Path(__file__).resolve().parent.parent / "coplan" / app / "locale/fr/LC_MESSAGES/django.po"
    )
    catalog = polib.pofile(str(path))
    catalog.metadata.setdefault("Language", "fr")
    catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    translations = json.loads(Path(source).read_text(encoding="utf-8"))
    for entry in catalog:
        value = translations.get(entry.msgid)
        if value is None:
            continue
        if entry.msgid_plural:
            singular, plural = value if isinstance(value, list) else (value, value)
            entry.msgstr_plural = {0: french_typography(singular), 1: french_typography(plural)}
        else:
            entry.msgstr = french_typography(value)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save()
    missing = [e.msgid for e in catalog if not e.translated() or "fuzzy" in e.flags]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")


if __name__ == "__main__":
    main()
