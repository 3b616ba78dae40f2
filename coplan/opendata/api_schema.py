"""The OpenAPI schema in French: the same schema, every summary, description and group of
operations (tag) translated.

django-ninja writes the schema from the code in one language. The French one is the English one
with each text looked up in the catalog; the texts are listed here so that `coplan messages make`
extracts them, and a test fails when the schema holds a text this list lacks.
"""

from __future__ import annotations

import copy
import functools

from django.utils.translation import gettext, gettext_noop, override

SCHEMA_TEXTS = (
    # The API
    gettext_noop(
        "Read-only public data of the consultations: processes, phases, opportunities, "
        "published contributions, commitments, milestones, progress updates, events and data "
        "set versions. Open Government Licence - Canada. Lists are paginated with a cursor: "
        "follow `next` until it is null. This schema in French: /api/openapi.fr.json"
    ),
    # Operations: names and descriptions
    gettext_noop("List Processes"),
    gettext_noop("Every consultation process."),
    gettext_noop("Get Process"),
    gettext_noop("One process."),
    gettext_noop("List Phases"),
    gettext_noop("The phases of a process in order (six at most)."),
    gettext_noop("List Opportunities"),
    gettext_noop("The opportunities to take part in a process, phase by phase."),
    gettext_noop("List Contributions"),
    gettext_noop(
        "Published contributions whose authors consented to publication, newest first (by\n"
        "identifier)."
    ),
    gettext_noop("Get Contribution"),
    gettext_noop("One published contribution."),
    gettext_noop("List Commitments"),
    gettext_noop("Commitments of every process (or one)."),
    gettext_noop("List Milestones"),
    gettext_noop("Milestones of the commitments and how far they have come."),
    gettext_noop("List Progress Updates"),
    gettext_noop("Progress reported on milestones, newest first (organisations, never people)."),
    gettext_noop("List Events"),
    gettext_noop("In-person and online sessions (no registration is ever shown)."),
    gettext_noop("List Datasets"),
    gettext_noop("Published data set versions with their files, checksums and row counts."),
    # Groups of operations (tags)
    gettext_noop("processes"),
    gettext_noop("contributions"),
    gettext_noop("commitments"),
    gettext_noop("events"),
    gettext_noop("data sets"),
    # Responses
    gettext_noop("OK"),
    gettext_noop("Bad Request"),
    gettext_noop("Not Found"),
    gettext_noop("Too Many Requests"),
    # Fields and parameters
    gettext_noop("Address of the next page, null on the last."),
    gettext_noop("Pass as `cursor` for the next page."),
    gettext_noop(
        "Pass as `cursor` for the next page: an identifier, or with a date range "
        "`<microseconds>_<identifier>` (the position in date order)."
    ),
    gettext_noop("`next_cursor` of the previous page."),
    gettext_noop("On or after this date."),
    gettext_noop("Before this date."),
    gettext_noop("The author's words, personal details masked."),
)
_TRANSLATED_KEYS = frozenset({"summary", "description"})


def _map_texts(node, change) -> None:
    """Replace, in place, each summary, description and tag of `node` with change(text)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _TRANSLATED_KEYS and isinstance(value, str):
                node[key] = change(value)
            elif key == "tags" and isinstance(value, list):
                node[key] = [change(tag) if isinstance(tag, str) else tag for tag in value]
            else:
                _map_texts(value, change)
    elif isinstance(node, list):
        for value in node:
            _map_texts(value, change)


def schema_texts(schema: dict) -> set[str]:
    """Every summary, description and operation group (tag) in `schema`."""
    found: set[str] = set()

    def note(text: str) -> str:
        found.add(text)
        return text

    _map_texts(copy.deepcopy(schema), note)
    return found


def translated(schema: dict, language: str) -> dict:
    """A copy of `schema` with its summaries, descriptions and tags in `language`."""
    result = copy.deepcopy(schema)
    with override(language):
        _map_texts(result, gettext)
    return result


@functools.cache
def french_schema() -> dict:
    """Built once per process: the schema only changes with the code."""
    from .api import api

    return translated(api.get_openapi_schema(), "fr")
