"""The French that staff type gets French typography wherever a public page shows it.

Staff type French with ordinary spaces (« Note : ») in the bilingual fields of processes, phases,
opportunities, sessions, commitments, plans and questionnaires; the public pages write it with its
non-breaking space before « : » (the ``typography`` filter, or ``paragraphs`` for long texts).
The demo's French already holds its non-breaking spaces, so this test gives every displayed
staff text of the demo a colon typed the plain way, then reads the French public pages.
"""

from __future__ import annotations

import json
import re
from collections import deque
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import CharField, TextField
from django.test import Client
from modeltranslation.translator import translator

from tests.core.typography import RULES, french_problems

# The staff texts the public pages show, by model: titles, names, headings and their texts.
SHOWN = {
    "processes.process": ("title", "summary", "introduction"),
    "processes.phase": ("name", "purpose", "how_to_take_part"),
    "processes.opportunity": ("title", "description"),
    "processes.staticpage": ("title", "body"),
    "events.event": ("title", "summary", "description"),
    "commitments.commitment": ("title", "problem", "description"),
    "commitments.milestone": ("description",),
    "commitments.theme": ("label",),
    "plans.planversion": ("title",),
    "plans.plansection": ("heading",),
    "plans.frozensection": ("heading",),
    "plans.planparagraph": ("label", "text"),
    "surveys.questionnaire": ("title", "introduction"),
}
TYPED = "Note : "
COLON_RULES = [rule for rule in RULES if "« : »" in rule[1]]
MAX_PAGES = 150
SKIPPED = re.compile(
    r"/staff/|/account/|/sign-|/admin/|/static/|/media/|/api/|/pdf/|\.(?:ics|csv|pdf|json|xlsx)\b"
)
LINK = re.compile(r'href="(/fr/[^"#?]*)')


def _type_plain_colons() -> int:
    """Start every shown staff French text with « Note : » typed with a plain space."""
    changed = 0
    for model in translator.get_registered_models():
        fields = SHOWN.get(model._meta.label_lower, ())
        for name in fields:
            field = model._meta.get_field(f"{name}_fr")
            assert isinstance(field, CharField | TextField), (model, name)
            limit = field.max_length or 10_000
            rows = []
            for row in model._default_manager.exclude(**{f"{name}_fr": ""}).exclude(
                **{f"{name}_fr__isnull": True}
            ):
                setattr(row, f"{name}_fr", (TYPED + getattr(row, f"{name}_fr"))[:limit])
                rows.append(row)
            model._default_manager.bulk_update(rows, [f"{name}_fr"])
            changed += len(rows)
    return changed


def _public_french_pages(client: Client) -> dict[str, str]:
    queue, seen, pages = deque(["/fr/"]), set(), {}
    shapes: dict[str, int] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        shape = re.sub(r"/\d+/", "/N/", url)
        if url in seen or SKIPPED.search(url) or shapes.get(shape, 0) >= 2:
            continue
        seen.add(url)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(url)
        if response.streaming:  # a file (PDF, CSV...): read and closed, not a page
            b"".join(response.streaming_content)
            response.close()
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        queue.extend(LINK.findall(html))
    return pages


@pytest.mark.slow
@pytest.mark.django_db
def test_staff_french_typed_with_plain_spaces_is_written_with_non_breaking_ones():
    call_command("demo", stdout=StringIO())
    assert _type_plain_colons() > 100
    pages = _public_french_pages(Client())
    assert len(pages) >= 30, sorted(pages)
    shown = [url for url, html in pages.items() if "Note\xa0:" in html]
    assert len(shown) >= 20, shown
    problems = {url: sorted(set(french_problems(html, COLON_RULES))) for url, html in pages.items()}
    problems = {url: found for url, found in problems.items() if found}
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
