"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

import pypdf


def _alt_texts(reader: pypdf.PdfReader) -> list[str]:
    """The alternative texts of the tagged figures, read from the structure tree."""
    found = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
            return
        if not isinstance(node, pypdf.generic.DictionaryObject):
            return
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        if "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found
