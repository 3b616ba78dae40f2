"""Every demo page in French is French: Translation Bureau typography, and no English.

The demo is loaded and the pages reachable from the French home page are read, as a visitor and
as a person holding every staff role (with the progress pages of the demo's jobs). The page's own
text (tests/core/typography.py: not the public's contributions, which carry their own ``lang``)
must write dates, times, numbers and punctuation the Translation Bureau way (« 1er juillet »,
« 18 h 30 », « 15 399 », « 14 % », « Note : », «  guillemets  », no space before ; ! ?), staff
text included (the ``typography`` filter), and must not show English: no text of the English
catalogs left untranslated (a label built once at import time), no English of a bilingual field
(staff notes, titles, labels) and none of Django's own French where the project's wins.
"""

from __future__ import annotations

import json
import re
from collections import deque
from io import StringIO

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils.translation import gettext_lazy
from modeltranslation.translator import translator

from coplan.core.models import JobProgress
from coplan.core.progress import Progress
from tests.core.helpers import ROOT, SKIPPED, everyone, libraries_french, parse, shape
from tests.core.typography import french_problems, page_blocks

MAX_PAGES = 400
# English of at least this many words is looked for anywhere in a page's text; shorter English
# only as a whole piece of text (a label, a cell, a title), where it cannot be a French word.
PHRASE_WORDS = 5
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def french_pages(client: Client, roots: list[str]) -> dict[str, str]:
    """The French HTML pages reachable from `roots` (two of each URL shape)."""
    queue = deque(roots)
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    pages: dict[str, str] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if (
            url in seen
            or not url.startswith("/fr/")
            or any(part in url for part in SKIPPED)
            or "/sign-out/" in url
            or shapes.get(shape(url), 0) >= 2
        ):
            continue
        seen.add(url)
        shapes[shape(url)] = shapes.get(shape(url), 0) + 1
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
            continue
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        queue.extend(link for link in parse(url, html).links if link not in seen)
    return pages


def _staff_roots(slugs: set[str]) -> list[str]:
    roots = [
        "/fr/account/",
        "/fr/staff/",
        "/fr/staff/moderation/",
        "/fr/staff/intake/",
        "/fr/questionnaires/staff/",
        "/fr/events/staff/",
        "/fr/analysis/staff/",
        "/fr/open-data/staff/",
    ] + [f"/fr/forum/{slug}/staff/" for slug in sorted(slugs)]
    # Progress pages are reached from the answer to a form, never by a link: every job's.
    return roots + [
        f"/fr/staff/progress/{pk}/" for pk in JobProgress.objects.values_list("pk", flat=True)
    ]


_DEMO: dict[str, dict[str, str]] = {}


def demo_french_pages() -> dict[str, str]:
    """The French demo pages (public, then staff), loaded once for the tests of this module."""
    if not _DEMO:
        call_command("demo", stdout=StringIO())
        # A finished job of known size: its page says « 4 sur 4 terminés (100 %). ».
        with Progress(gettext_lazy("Email import: %(file)s"), label_params={"file": "a.mbox"}) as p:
            p.advance(4)
        pages = french_pages(Client(), ["/fr/"])
        slugs = {m.group(1) for u in pages if (m := re.match(r"^/fr/processes/([^/]+)/$", u))}
        for url, html in french_pages(everyone(), _staff_roots(slugs)).items():
            pages.setdefault(url, html)
        _DEMO["pages"] = pages
        _DEMO["english"] = english_of_bilingual_fields()
    return _DEMO["pages"]


@pytest.mark.slow
@pytest.mark.django_db
def test_every_french_demo_page_follows_french_typography():
    """Every demo page in French (public and staff) writes « 1er », 24-hour times « 18 h 30 »,
    thousands with a space, « 14 % », « Note : » and «  guillemets  » with their non-breaking
    spaces, and no space before ; ! ?."""
    pages = demo_french_pages()
    assert len(pages) >= 60 and any("/staff/" in url for url in pages), sorted(pages)
    assert any("/staff/progress/" in url for url in pages), sorted(pages)
    problems = {url: sorted(set(french_problems(html))) for url, html in pages.items()}
    problems = {url: found for url, found in problems.items() if found}
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)


def _normal(text: str) -> str:
    """One space between words (non-breaking ones included)."""
    return " ".join(text.split())


def _catalogs() -> list[polib.POEntry]:
    entries = []
    for app in settings.COPLAN_APPS:
        path = ROOT / app.replace(".", "/") / "locale/fr/LC_MESSAGES/django.po"
        if path.exists():
            entries += [e for e in polib.pofile(str(path)) if not e.obsolete]
    return entries


def french_of_the_site() -> set[str]:
    """Every French text of the catalogs: an English text equal to one of them is French too."""
    values = set()
    for entry in _catalogs():
        values |= {_normal(v) for v in [entry.msgstr, *entry.msgstr_plural.values()] if v}
    return values


def english_of_catalogs() -> set[str]:
    """The English of every catalog entry that French says otherwise: whole texts, and the
    pieces between placeholders long enough to be looked for inside a page's text."""
    english = set()
    for entry in _catalogs():
        if not entry.msgstr and not entry.msgstr_plural:
            continue
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            if _normal(msgid) == _normal(entry.msgstr):
                continue
            pieces = PLACEHOLDER.split(msgid)
            if len(pieces) == 1:
                english.add(_normal(msgid))
            english |= {_normal(p) for p in pieces if len(p.split()) >= PHRASE_WORDS}
    return english


def english_of_bilingual_fields() -> set[str]:
    """The English of every bilingual field of the demo (``_en`` of modeltranslation) that its
    French does not say the same way: on a French page the French must be shown."""
    english = set()
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            pairs = model._default_manager.values_list(f"{field}_en", f"{field}_fr")
            for en, fr in pairs.iterator():
                if (
                    isinstance(en, str)
                    and len(en.strip()) >= 3
                    and _normal(en) != _normal(fr or "")
                ):
                    # Long texts are shown paragraph by paragraph: their first paragraph.
                    english.add(_normal(en.strip().split("\n")[0]))
    return english


def english_on_page(html: str, english: set[str], django_french: set[str]) -> list[str]:
    """The English texts (and Django's French the project replaces) that the page shows as its
    own text, outside any element marked with a ``lang`` of its own."""
    blocks = [_normal(block) for block in page_blocks(html)]
    found = [f"Django's French: {b}" for b in blocks if b in django_french]
    whole = set(blocks)
    found += [f"English: {text}" for text in english if text in whole]
    # Longer English: its first words as a run of words of the page, then the whole text.
    text = "\n".join(blocks)
    words = text.replace("\n", " ").split(" ")
    runs = {" ".join(words[i : i + PHRASE_WORDS]) for i in range(len(words))}
    for phrase in english:
        head = phrase.split(" ")
        if len(head) >= PHRASE_WORDS and phrase not in whole:
            if " ".join(head[:PHRASE_WORDS]) in runs and phrase in text:
                found.append(f"English: {phrase[:120]}")
    return sorted(found)


@pytest.mark.slow
@pytest.mark.django_db
def test_no_english_on_french_demo_pages():
    """No French demo page (public or staff, progress pages and flash messages included) shows
    English as its own text: no English of the catalogs (a text left untranslated, or a label
    computed once in English when the code was loaded), no English of a bilingual field (notes,
    titles, labels), and where the project's French replaces Django's, not Django's."""
    pages = demo_french_pages()
    french = french_of_the_site()
    english = {t for t in english_of_catalogs() | _DEMO["english"] if t not in french}
    ours = {e.msgid: e.msgstr for e in _catalogs() if e.msgstr and not e.msgctxt}
    django_french = {
        _normal(theirs)
        for msgid, theirs in libraries_french().items()
        if msgid in ours and theirs != ours[msgid] and _normal(theirs) not in french
    }
    assert "Sessions" in django_french and "Email import: a.mbox" in english
    problems = {url: english_on_page(html, english, django_french) for url, html in pages.items()}
    problems = {url: found for url, found in problems.items() if found}
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)


def test_the_english_check_finds_english_and_leaves_marked_text_alone():
    """The check names a label left in English, an English sentence inside French text and
    Django's French, and leaves alone what is marked with its own language."""
    english = {"Treasury Board of Canada Secretariat", "Open implementation: at least two meetings"}
    html = (
        '<html lang="fr"><body><select><option>Treasury Board of Canada Secretariat</option>'
        "</select><p>Norme 5 : Open implementation: at least two meetings et la suite.</p>"
        "<nav><a>Sessions</a></nav>"
        '<blockquote lang="en">Treasury Board of Canada Secretariat</blockquote>'
        '<a lang="en">Open implementation: at least two meetings</a></body></html>'
    )
    assert english_on_page(html, english, {"Sessions"}) == [
        "Django's French: Sessions",
        "English: Open implementation: at least two meetings",
        "English: Treasury Board of Canada Secretariat",
    ]
    marked = (
        '<html lang="fr"><body><p lang="en">Treasury Board of Canada Secretariat</p></body></html>'
    )
    assert english_on_page(marked, english, {"Sessions"}) == []
