"""The columns of every published table, and the data dictionary built from them.

Header choice (documented in the data dictionary and the README): one file per format with
bilingual column headers, "English | French" (as in Canada's 2018 consultation data set), so a
single file serves readers of both languages and rows are never duplicated. Values that are
codes (channel, kind, language, phase, disposition, theme…) stay language-neutral codes; the
dictionary gives each allowed value's meaning in both languages. JSON uses the stable
snake_case keys, which the dictionary also lists.

The contributions table is specified here whole: each Column also says how its values are
computed, in Python for a chunk of rows (contribution_chunks.Chunk) and in SQL for PostgreSQL's
COPY (contribution_sql), with the contribution fields it reads. The dictionary, the
datapackage schema, the JSON, XLSX and CSV writers and the SQL are all made from this list.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coplan.contributions.models import Channel, Kind, Language
from coplan.processes.models import Phase, Process

from .expressions import UtcText, shown
from .plan_columns import COMMITMENTS, MILESTONES, QUESTIONNAIRE_RESULTS, commitment_identifiers
from .spec import (
    DATETIME,
    INTEGER,
    STRING,
    Column,
    Resource,
    bilingual,
    choices,
    copied,
    dictionary,
    in_both,
    stored,
)

__all__ = [
    "COMMITMENTS",
    "CONTRIBUTIONS",
    "MILESTONES",
    "QUESTIONNAIRE_RESULTS",
    "RESOURCES_BY_KIND",
    "Column",
    "Resource",
    "dictionary",
    "in_both",
]


def _opportunities(process: Process) -> list[tuple[str, str, str]]:
    from coplan.processes.models import Opportunity

    rows = Opportunity.objects.filter(phase__process=process).order_by(
        "phase__position", "position"
    )
    return [(o.slug, o.title_en or "", o.title_fr or "") for o in rows]


def _themes(process: Process) -> list[tuple[str, str, str]]:
    from coplan.analysis.models import Theme

    return [
        (theme.code, theme.name_en or "", theme.name_fr or "")
        for theme in Theme.objects.filter(process=process).order_by("position", "pk")
    ]


def _dispositions(process: Process) -> list[tuple[str, str, str]]:  # noqa: ARG001
    from coplan.analysis.models import Disposition

    return [(d.code, d.name_en or "", d.name_fr or "") for d in Disposition.objects.all()]


CONTEXT_TYPES = [
    ("process", _("The consultation as a whole")),
    ("opportunity", _("An opportunity to take part")),
    ("idea", _("An idea or another contribution (for comments and replies)")),
    ("commitment", _("A commitment")),
    ("milestone", _("A milestone of a commitment")),
    ("plan_paragraph", _("A paragraph of the plan")),
    ("plan_version", _("A version of the plan as a whole")),
    ("event", _("An in-person or online session")),
    ("questionnaire", _("A questionnaire")),
    ("web_page", _("A page of the site")),
    ("other", _("Another published object")),
]

# SQL: the answered object was found (ctx.x), or the contribution is about a page of the site.
_FOUND = "ctx.x IS NOT NULL"
_PAGE = "c.c_page_url <> ''"
_CAMPAIGN = "u.campaign IS NOT NULL"
_GROUPED = "c.c_group <> ''"
_CONTEXT_ADDRESS = (
    f"CASE WHEN {_FOUND} THEN ctx.x ->> 3 "
    f"WHEN {_PAGE} AND left(c.c_page_url, 1) = '/' THEN %(site)s || c.c_page_url END"
)


def _context(index: int) -> str:
    return f"CASE WHEN {_FOUND} THEN ctx.x ->> {index} WHEN {_PAGE} THEN c.c_page_url END"


def _contexts() -> tuple[Column, Column]:
    """What it answered, in English and in French: parts 1 and 2 of each row's context."""
    english, french = bilingual(
        "context",
        (_("Context (English)"), _("Context (French)")),
        (
            _("What it answered, in English: the idea, paragraph, milestone or event."),
            _("What it answered, in French."),
        ),
    )
    return (
        replace(english, python=lambda chunk: chunk.context(1), sql=_context(1)),
        replace(french, python=lambda chunk: chunk.context(2), sql=_context(2)),
    )


CONTRIBUTIONS = Resource(
    name="contributions",
    title=_("Comments received and how they were used"),
    description=_(
        "Every published contribution whose author agreed to its publication, in the words of "
        "its author with personal details masked, and what was done with it."
    ),
    columns=[
        copied(
            "row",
            _("Identifier"),
            INTEGER,
            _("The contribution's number."),
            required=True,
            alias="c_id",
        ),
        Column(
            "process",
            _("Process"),
            STRING,
            _("Short name of the consultation."),
            python=lambda chunk: [chunk.lookups.process.slug] * chunk.size,
            sql="%(slug)s::text",
        ),
        Column(
            "phase",
            _("Phase"),
            STRING,
            _("Phase of the cycle it was received in."),
            choices(Phase.Kind.choices),
            reads={"c_phase": F("phase_id")},
            python=lambda chunk: chunk.looked_up(chunk.lookups.phases, "c_phase"),
            sql="%(phases)s::jsonb ->> c.c_phase::text",
        ),
        Column(
            "opportunity",
            _("Opportunity"),
            STRING,
            _("Short name of the opportunity to take part it answered (blank: none)."),
            _opportunities,
            python=lambda chunk: chunk.looked_up(chunk.lookups.opportunities, "c_opportunity"),
            sql="%(opportunities)s::jsonb ->> c.c_opportunity::text",
        ),
        copied(
            "source",
            _("Source"),
            STRING,
            _("The channel it came through."),
            choices(Channel.choices),
            read=F("channel"),
            alias="c_channel",
        ),
        Column(
            "context_type",
            _("Context type"),
            STRING,
            _("What kind of thing it answered."),
            choices(CONTEXT_TYPES),
            python=lambda chunk: chunk.context(0),
            sql=(
                f"CASE WHEN {_FOUND} THEN ctx.x ->> 0 WHEN {_PAGE} THEN 'web_page' "
                "WHEN c.c_opportunity IS NOT NULL THEN 'opportunity' ELSE 'process' END"
            ),
        ),
        *_contexts(),
        copied(
            "kind",
            _("Kind"),
            STRING,
            _("Kind of contribution."),
            choices(Kind.choices),
            alias="c_kind",
        ),
        copied(
            "language",
            _("Source language"),
            STRING,
            _("The language it was written in."),
            choices(Language.choices),
            alias="c_language",
        ),
        copied(
            "received",
            pgettext_lazy("date", "Received"),
            DATETIME,
            _("When it was received (ISO 8601, UTC)."),
            read=UtcText("received_at"),
            alias="c_received",
        ),
        copied(
            "title",
            _("Title"),
            STRING,
            _("Its title in the source language, personal details masked (ideas only)."),
            free_text=True,
            read=shown("redacted_title", "title"),
            alias="c_title",
        ),
        copied(
            "comment",
            _("Comment"),
            STRING,
            _("Its text in the source language, personal details masked."),
            free_text=True,
            read=shown("redacted_text", "text"),
            alias="c_text",
        ),
        stored(
            "translation_language",
            _("Translation language"),
            STRING,
            _("Language of the translation, when one was made."),
            choices([("en", _("English")), ("fr", _("French"))]),
            record="translations",
            part=0,
        ),
        stored(
            "translation",
            _("Translation"),
            STRING,
            _("A translation by the team, when available."),
            free_text=True,
            record="translations",
            part=1,
            column="translation_text",
        ),
        copied(
            "votes",
            _("Votes"),
            INTEGER,
            _("How many people supported it."),
            read=F("support_count"),
            alias="c_votes",
        ),
        stored(
            "primary_commitment",
            _("Primary commitment"),
            STRING,
            _("Identifier of the commitment it was the main source of."),
            commitment_identifiers,
            record="primary",
        ),
        stored(
            "secondary_commitments",
            _("Secondary commitments"),
            STRING,
            _("Identifiers of other commitments it informed, separated by semicolons."),
            commitment_identifiers,
            multiple=True,
            record="secondary",
        ),
        stored(
            "primary_theme",
            _("Primary theme"),
            STRING,
            _("Code of its main theme in the codebook."),
            _themes,
            record="assessments",
            part=1,
        ),
        stored(
            "themes",
            _("Themes"),
            STRING,
            _("Codes of every theme it was coded with, separated by semicolons."),
            _themes,
            multiple=True,
            record="themes",
        ),
        Column(
            "campaign",
            _("Campaign"),
            STRING,
            _("Group of near-identical contributions (form letter) it belongs to."),
            python=lambda chunk: chunk.related("campaigns", 0),
            sql=f"CASE WHEN {_CAMPAIGN} THEN u.campaign WHEN {_GROUPED} THEN c.c_group END",
        ),
        Column(
            "campaign_size",
            _("Campaign size"),
            INTEGER,
            _("How many people sent the campaign's text (blank: not part of a campaign)."),
            python=lambda chunk: chunk.related("campaigns", 1, None),
            sql=(
                f"CASE WHEN {_CAMPAIGN} THEN u.campaign_size WHEN {_GROUPED} "
                "THEN COALESCE((%(groups)s::jsonb ->> c.c_group)::integer, 1) END"
            ),
        ),
        stored(
            "disposition",
            _("Disposition"),
            STRING,
            _("What became of it."),
            _dispositions,
            record="assessments",
            part=0,
        ),
        stored(
            "response_en",
            _("Reasoned response (English)"),
            STRING,
            _("Why, in English."),
            free_text=True,
            record="assessments",
            part=2,
        ),
        stored(
            "response_fr",
            _("Reasoned response (French)"),
            STRING,
            _("Why, in French."),
            free_text=True,
            record="assessments",
            part=3,
        ),
        Column(
            "url",
            _("Public page"),
            STRING,
            _("Address of the page where it is published."),
            python=lambda chunk: chunk.addresses,
            sql=(
                "CASE WHEN c.c_kind = %(idea)s THEN "
                "CASE WHEN c.c_language = 'fr' THEN %(idea_fr)s || c.c_id || %(idea_fr_end)s "
                "ELSE %(idea_en)s || c.c_id || %(idea_en_end)s END "
                f"ELSE COALESCE(NULLIF({_CONTEXT_ADDRESS}, ''), CASE WHEN c.c_language = 'fr' "
                "THEN %(process_fr)s ELSE %(process_en)s END) END"
            ),
        ),
    ],
)

RESOURCES_BY_KIND: dict[str, list[Resource]] = {
    "contributions": [CONTRIBUTIONS],
    "commitments": [COMMITMENTS, MILESTONES],
    "questionnaire_results": [QUESTIONNAIRE_RESULTS],
}
