"""The rows of each published table, generated from the records (never typed), streamed.

Only published contributions whose author consented to publication appear, with their
redacted text; no account, name, email, handle, address or registration detail is ever read.
Rows come in primary-key chunks (keyset pagination): memory stays flat and the number of
queries grows with the number of chunks, never with the number of related records. The CSV
has its own fast path (contribution_csv_chunks): the same fields, formatted mostly by the
database, so that building it costs about what the database's own CSV dump costs. On
PostgreSQL the database writes it whole (COPY of contribution_select), reading each
contribution's uses from the table opendata.uses keeps.
"""

from __future__ import annotations

import gc
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, Count, F, Func, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.urls import reverse
from django.utils import translation

from coplan.contributions.commentable import commentable_for
from coplan.contributions.models import Contribution, Kind, ModerationState
from coplan.processes.models import Process

from .writers import FORMULA_STARTS, neutralise

CHUNK = 5000
T = TypeVar("T")
_PLACEHOLDER = 987654321

CONTEXT_TYPE_BY_MODEL = {
    "contributions.contribution": "idea",
    "processes.process": "process",
    "processes.opportunity": "opportunity",
    "commitments.commitment": "commitment",
    "commitments.milestone": "milestone",
    "plans.planparagraph": "plan_paragraph",
    "plans.planversion": "plan_version",
    "events.event": "event",
    "surveys.questionnaire": "questionnaire",
}


def public_contributions() -> QuerySet[Contribution]:
    """What the public may see and what the data set holds: published and consented."""
    return Contribution.objects.published().filter(consent_to_publish=True)


def public_contributions_by_key() -> QuerySet[Contribution]:
    """The same rows, for reading in primary-key order (API pages, data set chunks).

    The moderation state is compared through an expression so that no index starting with it
    can be chosen: SQLite without statistics takes it as selective, then sorts every published
    row to put them in key order (seconds with a million rows) instead of reading the table
    backwards along its key and stopping after one page."""
    return Contribution.objects.alias(
        public_state=Concat("moderation_state", Value(""), output_field=CharField())
    ).filter(public_state=ModerationState.PUBLISHED, consent_to_publish=True)


def public_contribution_count(process: Process) -> int:
    return public_contributions().filter(process=process).count()


class UtcText(Func):
    """A timestamp as ISO 8601 text in UTC ("2018-01-31T14:05:09Z"), written by the database:
    converting a million datetimes in Python cost more than reading them."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django keeps SQLite timestamps as UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        return self.as_sql(
            compiler,
            connection,
            # '%%%%' reaches the SQL as '%%', which the driver reads as a literal '%' (and which
            # DEBUG's query logging can format; a bare '%Y' made it raise ValueError).
            template="strftime('%%%%Y-%%%%m-%%%%dT%%%%H:%%%%M:%%%%SZ', %(expressions)s)",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template=(
                "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            ),
            **extra_context,
        )


def _char(connection, character: str) -> str:
    return f"{'chr' if connection.vendor == 'postgresql' else 'char'}({ord(character)})"


class Neutralised(Func):
    """Free text as writers.neutralise leaves it, computed by the database: a value starting
    with = + - @ tab or CR gets a leading quote so that spreadsheets do not run it."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        starts = ", ".join(_char(connection, character) for character in FORMULA_STARTS)
        first = f"substr({sql}, 1, 1)"
        # The expression is written three times, so are its parameters.
        return (
            f"CASE WHEN {first} IN ({starts}) THEN '''' || {sql} ELSE {sql} END",
            [*params, *params, *params],
        )


_NEEDS_QUOTES = re.compile(r'[,"\r\n]').search


def csv_cell(value: object) -> str:
    """One field as csv.writer writes it (QUOTE_MINIMAL); None is empty."""
    if value is None:
        return ""
    text = str(value)
    if _NEEDS_QUOTES(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def free_text_cell(value: str | None) -> str:
    """A free-text field of the CSV: formulas neutralised, then quoted as needed."""
    return csv_cell(neutralise(value or ""))


# Bounds of a chunk in queries compiled once per build: compiling the same ORM query for each
# chunk cost more than running it. Values no real key takes, within the columns' range.
_AFTER, _FIRST, _LAST = -1_000_000_001, -1_000_000_002, -1_000_000_003


class _Statement:
    """An ORM query compiled once and run for each chunk with that chunk's bounds.

    Rows come back in the order of `names` (values_list's order): modeltranslation's queryset
    may select the columns in another order, which values_list puts right but raw SQL does not.
    """

    def __init__(
        self,
        queryset: QuerySet,
        bounds: tuple[int, ...],
        names: tuple[str, ...],
    ) -> None:
        sql, params = queryset.query.sql_with_params()
        self.sql = sql
        self.params = list(params)
        self.names = names
        self.order: itemgetter | None = None
        self.described = False
        self.slots = [
            (index, value)
            for index, value in enumerate(self.params)
            if type(value) is int and value in (_AFTER, _FIRST, _LAST)
        ]
        if sorted(value for _index, value in self.slots) != sorted(bounds):
            # A bound left in place would read the wrong rows, or never end.
            raise RuntimeError(f"chunk bounds not found in {self.sql}")

    def run(self, bounds: dict[int, int]) -> list[tuple]:
        params = list(self.params)
        for index, value in self.slots:
            params[index] = bounds[value]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            found = cursor.fetchall()
            if not self.described:
                selected = [column[0] for column in cursor.description]
                if self.names and selected != list(self.names):
                    self.order = itemgetter(*(selected.index(name) for name in self.names))
                self.described = True
        if self.order is not None:
            return list(map(self.order, found))
        return found


def _site_url(path: str) -> str:
    return settings.COPLAN_SITE_URL.rstrip("/") + path if path else ""


def _context_cells(context_type: str, english: str, french: str) -> str:
    return f"{csv_cell(context_type)},{free_text_cell(english)},{free_text_cell(french)}"


class _Context:
    """Describes and links the objects contributions answered, fetched once per chunk.

    Each entry: (context type, English, French, address, the first three as CSV fields,
    the address as a CSV field)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[int, int], tuple[str, str, str, str, str, str]] = {}

    def _store(self, key: tuple[int, int], context_type: str, english: str, french: str, url: str):
        self.cache[key] = (
            context_type,
            english,
            french,
            url,
            _context_cells(context_type, english, french),
            csv_cell(url),
        )

    def fetch(self, wanted: dict[int, set[int]]) -> None:
        for type_id, ids in wanted.items():
            ids = {pk for pk in ids if (type_id, pk) not in self.cache}
            if not ids:
                continue
            model = ContentType.objects.get_for_id(type_id).model_class()
            label = model._meta.label_lower if model else ""
            context_type = CONTEXT_TYPE_BY_MODEL.get(label, "other")
            if model is None:
                continue
            if model is Contribution:
                # A comment's idea is shown only when it is itself public.
                for pk, title, redacted_title, text, redacted in (
                    public_contributions()
                    .filter(pk__in=ids)
                    .values_list("pk", "title", "redacted_title", "text", "redacted_text")
                ):
                    shown = redacted_title or title or (redacted or text)[:120]
                    url = ""
                    with translation.override("en"):
                        url = reverse("contributions:idea_detail", kwargs={"pk": pk})
                    self._store((type_id, pk), context_type, shown, shown, _site_url(url))
                continue
            queryset = model._default_manager.filter(pk__in=ids)
            entry = commentable_for(model)
            if entry is not None and entry.visible is not None:
                queryset = entry.visible(queryset)
            for obj in queryset:
                with translation.override("en"):
                    english = str(obj)
                    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
                with translation.override("fr"):
                    french = str(obj)
                self._store((type_id, obj.pk), context_type, english, french, _site_url(url))

    def get(self, type_id: int | None, pk: int | None) -> tuple | None:
        if type_id is None or pk is None:
            return None
        return self.cache.get((type_id, pk))


_END = object()


def _gc_paused(chunks: Iterator[T]) -> Iterator[T]:
    """The chunks, each made with the cyclic garbage collector paused (never while the caller
    works on it). Rows hold no cycles, but the thousands of tuples per chunk set off
    collections that walked every object of the process: a sixth of the CSV build."""
    while True:
        enabled = gc.isenabled()
        gc.disable()
        try:
            chunk = next(chunks, _END)
        finally:
            if enabled:
                gc.enable()
        if chunk is _END:
            return
        yield chunk


def contribution_rows(process: Process) -> Iterator[tuple]:
    """The rows of the contributions table, in the order of CONTRIBUTIONS.columns."""
    for chunk in contribution_row_chunks(process):
        yield from chunk


def contribution_row_chunks(process: Process) -> Iterator[list[tuple]]:
    """The rows of the contributions table in lists of up to CHUNK rows (JSON, XLSX)."""
    for rows, _lines in _gc_paused(_contribution_chunks(process, rows=True, lines=False)):
        yield rows


def contribution_csv_chunks(process: Process) -> Iterator[list[str]]:
    """The contributions table as CSV lines ("\\r\\n" ended, no header), in lists of up to CHUNK.

    The same fields csv.writer writes from contribution_rows with formulas neutralised (tests
    hold them byte for byte), but the long texts are neutralised and quoted by the database
    and every other field is formatted once per build or per chunk: csv.writer and the Python
    objects of each row cost three times the database's own dump. On PostgreSQL the database
    writes the lines itself (COPY, _copied_csv_chunks): formatting them in Python still took
    five times its dump; tests hold both paths to the same bytes."""
    if connection.vendor == "postgresql":
        yield from _copied_csv_chunks(process)
        return
    yield from python_csv_chunks(process)


def python_csv_chunks(process: Process) -> Iterator[list[str]]:
    """The CSV lines formatted in Python: SQLite's path, and the reference for PostgreSQL's."""
    for _rows, lines in _gc_paused(_contribution_chunks(process, rows=False, lines=True)):
        yield lines


def contribution_table_chunks(process: Process) -> Iterator[tuple[list[tuple], list[str]]]:
    """Rows (JSON, XLSX) and CSV lines of the same contributions, read by the same queries:
    the files of a version hold the same rows even while contributions are being published."""
    yield from _gc_paused(_contribution_chunks(process, rows=True, lines=True))


def _related_statements() -> dict[str, _Statement]:
    """The related records of a chunk of contributions, one query each, compiled once."""
    from coplan.analysis.models import (
        CampaignMember,
        Coding,
        ContributionAssessment,
        ContributionTranslation,
    )
    from coplan.commitments.models import ContributionLink

    in_chunk = {"contribution_id__gte": _FIRST, "contribution_id__lte": _LAST}

    def statement(queryset: QuerySet, *names: str) -> _Statement:
        return _Statement(queryset.values_list(*names), (_FIRST, _LAST), names=names)

    return {
        "assessments": statement(
            ContributionAssessment.objects.filter(**in_chunk),
            "contribution_id",
            "disposition_id",
            "primary_theme_id",
            "response_en",
            "response_fr",
        ),
        "campaigns": statement(
            CampaignMember.objects.filter(**in_chunk),
            "contribution_id",
            "campaign__key",
            "campaign__size",
        ),
        "themes": statement(
            Coding.objects.filter(confirmed=True, **in_chunk).order_by(
                "contribution_id", "theme__position", "theme_id"
            ),
            "contribution_id",
            "theme__code",
        ),
        "links": statement(
            ContributionLink.objects.filter(**in_chunk).order_by(
                "contribution_id", "commitment__position", "commitment__identifier"
            ),
            "contribution_id",
            "relation",
            "commitment__identifier",
        ),
        "translations": statement(
            ContributionTranslation.objects.filter(**in_chunk).order_by(
                "contribution_id", "language"
            ),
            "contribution_id",
            "language",
            "text",
        ),
    }


class CodesKey(Func):
    """Phase, opportunity, channel, kind and language of a contribution as one JSON text.

    They take a handful of combinations: each is decoded and formatted once per build, where
    five values per row cost the CSV build more than its comment text."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="json_array(%(expressions)s)")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="json_build_array(%(expressions)s)::text")


def _contribution_statement(process: Process, *, rows: bool, lines: bool) -> _Statement:
    """The contributions of one chunk, in key order, with no joins (related data comes per
    chunk): own columns for the rows; for the CSV, received as text and the title and comment
    with formulas neutralised by the database (quoting is left to Python, where four `in`
    tests scan a comment faster than the database's instr() does)."""
    shown_title = Coalesce(NullIf("redacted_title", Value("")), "title")
    shown_text = Coalesce(NullIf("redacted_text", Value("")), "text", output_field=TextField())
    columns = {
        "c_id": F("pk"),
        "c_codes": CodesKey("phase_id", "opportunity_id", "channel", "kind", "language"),
        "c_target_type": F("target_type_id"),
        "c_target": F("target_id"),
        "c_page_url": F("page_url"),
        "c_group": F("duplicate_group"),
        "c_votes": F("support_count"),
    }
    if rows:
        columns |= {
            "c_received": UtcText("received_at"),
            "c_title": shown_title,
            "c_comment": shown_text,
        }
    if lines:
        columns |= {
            "c_received_text": UtcText("received_at"),
            "c_free_title": Neutralised(shown_title),
            "c_free_text": Neutralised(shown_text),
        }
    # SQLite reads them in key order only when the state is hidden from its planner (see
    # public_contributions_by_key); PostgreSQL, which keeps statistics, needs to see it: behind
    # the expression it guessed so few matches that it scanned the table for each early chunk.
    public = (
        public_contributions()
        if connection.vendor == "postgresql"
        else public_contributions_by_key()
    )
    queryset = (
        public.filter(process_id=process.pk, pk__gt=_AFTER).order_by("pk").values(**columns)[:CHUNK]
    )
    return _Statement(queryset, (_AFTER,), names=tuple(columns))


class _Lazy(dict):
    """A cache filled on first use by `make(key)`."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


def _after_votes(links: str, primary_theme: str, themes: str, campaign: str, assessed: str):
    """The CSV fields from primary commitment to French response, joined."""
    return f"{links},{primary_theme},{themes},{campaign},{assessed}"


def _contribution_chunks(
    process: Process, *, rows: bool, lines: bool
) -> Iterator[tuple[list[tuple] | None, list[str] | None]]:
    """Per chunk: one query for the contributions, one each for assessments, campaigns,
    themes, commitment links and translations, and one per kind of answered object among
    those not seen yet; never one per row. Lookup tables are read once per build."""
    from coplan.analysis.models import Disposition, Theme
    from coplan.processes.models import Opportunity, Phase

    group_sizes = dict(
        public_contributions()
        .filter(process=process)
        .exclude(duplicate_group="")
        .values_list("duplicate_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    phases = dict(Phase.objects.filter(process=process).values_list("pk", "kind"))
    opportunities = dict(
        Opportunity.objects.filter(phase__process=process).values_list("pk", "slug")
    )
    dispositions = dict(Disposition.objects.values_list("pk", "code"))
    theme_codes = dict(Theme.objects.values_list("pk", "code"))
    idea_urls = {}
    process_urls = {}
    for language in ("en", "fr"):
        with translation.override(language):
            idea_urls[language] = _site_url(
                reverse("contributions:idea_detail", kwargs={"pk": _PLACEHOLDER})
            )
            process_urls[language] = _site_url(
                reverse("processes:detail", kwargs={"slug": process.slug})
            )
    idea_prefix = {language: url.split(str(_PLACEHOLDER))[0] for language, url in idea_urls.items()}
    idea_suffix = {language: url.split(str(_PLACEHOLDER))[1] for language, url in idea_urls.items()}
    # An idea's address needs quoting only if the site's does (its key is digits).
    plain_idea_urls = not any(_NEEDS_QUOTES(url) for url in idea_urls.values())
    process_url_cells = {language: csv_cell(url) for language, url in process_urls.items()}
    slug = process.slug
    slug_cell = csv_cell(slug)
    idea = str(Kind.IDEA)

    def decode(key: str) -> tuple:
        phase_id, opportunity_id, channel, kind, language = json.loads(key)
        phase, opportunity = phases.get(phase_id, ""), opportunities.get(opportunity_id, "")
        return (
            f"{csv_cell(phase)},{csv_cell(opportunity)},{csv_cell(channel)}",
            f"{csv_cell(kind)},{csv_cell(language)}",
            phase,
            opportunity,
            channel,
            kind,
            language,
            opportunity_id,
            kind == idea,
            "fr" if language == "fr" else "en",
        )

    codes = _Lazy(decode)
    # Codes and lists of codes (themes, commitments, campaigns) as CSV fields, formatted once.
    cell = _Lazy(csv_cell)
    group_cells = _Lazy(lambda group: f"{csv_cell(group)},{group_sizes.get(group, 1)}")
    nothing_after = _after_votes(",", "", "", ",", ",,")
    group_after = _Lazy(lambda group: _after_votes(",", "", "", group_cells[group], ",,"))
    process_context = ("process", "", "", "", "process,,", "")
    opportunity_context = ("opportunity", "", "", "", "opportunity,,", "")
    context = _Context()
    main = _contribution_statement(process, rows=rows, lines=lines)
    related = _related_statements()
    last = 0
    while True:
        chunk = main.run({_AFTER: last})
        if not chunk:
            return
        first, last = chunk[0][0], chunk[-1][0]
        bounds = {_FIRST: first, _LAST: last}
        assessments = {pk: rest for pk, *rest in related["assessments"].run(bounds)}
        campaigns = {pk: (key, size) for pk, key, size in related["campaigns"].run(bounds)}
        themes: dict[int, list[str]] = defaultdict(list)
        for pk, code in related["themes"].run(bounds):
            themes[pk].append(code)
        primary: dict[int, str] = {}
        secondary: dict[int, list[str]] = defaultdict(list)
        for pk, relation, identifier in related["links"].run(bounds):
            if relation == "primary" and pk not in primary:
                primary[pk] = identifier
            else:
                secondary[pk].append(identifier)
        translations: dict[int, tuple[str, str]] = {}
        for pk, language, text in related["translations"].run(bounds):
            translations.setdefault(pk, (language, text))
        wanted: dict[int, set[int]] = defaultdict(set)
        for row in chunk:
            if row[2] is not None and row[3] is not None:
                wanted[row[2]].add(row[3])
        if wanted:
            context.fetch(wanted)
        if lines:
            # This chunk's related fields as CSV text, for the contributions that have any.
            translation_cells = {
                pk: f"{csv_cell(language)},{free_text_cell(text)}"
                for pk, (language, text) in translations.items()
            }
            after_cells = {}
            with_related = primary.keys() | secondary.keys() | themes.keys()
            with_related |= assessments.keys() | campaigns.keys()
            if with_related:
                groups = {row[0]: row[5] for row in chunk if row[5]} if group_sizes else {}
                for pk in with_related:
                    if pk in campaigns:
                        key, size = campaigns[pk]
                        campaign = f"{cell[key]},{size}"
                    elif pk in groups:
                        campaign = group_cells[groups[pk]]
                    else:
                        campaign = ","
                    if pk in assessments:
                        disposition_id, theme_id, response_en, response_fr = assessments[pk]
                        primary_theme = cell[theme_codes.get(theme_id, "")]
                        assessed = (
                            f"{cell[dispositions.get(disposition_id, '')]},"
                            f"{free_text_cell(response_en)},{free_text_cell(response_fr)}"
                        )
                    else:
                        primary_theme, assessed = "", ",,"
                    after_cells[pk] = _after_votes(
                        f"{cell[primary.get(pk, '')]},"
                        f"{cell[';'.join(secondary[pk]) if pk in secondary else '']}",
                        primary_theme,
                        cell[";".join(themes[pk]) if pk in themes else ""],
                        campaign,
                        assessed,
                    )
        out_rows: list[tuple] | None = [] if rows else None
        out_lines: list[str] | None = [] if lines else None
        for row in chunk:
            pk, key, target_type, target_id, page_url, group, supports = row[:7]
            (
                head,
                kind_language,
                phase,
                opportunity,
                channel,
                kind,
                language,
                opportunity_id,
                is_idea,
                url_language,
            ) = codes[key]
            described = context.get(target_type, target_id) if target_type else None
            if described is None:
                if page_url:
                    web_url = _site_url(page_url) if page_url.startswith("/") else ""
                    described = (
                        "web_page",
                        page_url,
                        page_url,
                        web_url,
                        _context_cells("web_page", page_url, page_url) if lines else "",
                        csv_cell(web_url),
                    )
                elif opportunity_id:
                    described = opportunity_context
                else:
                    described = process_context
            if is_idea:
                url = f"{idea_prefix[url_language]}{pk}{idea_suffix[url_language]}"
                url_cell = url if plain_idea_urls else csv_cell(url)
            elif described[3]:
                url, url_cell = described[3], described[5]
            else:
                url, url_cell = process_urls[url_language], process_url_cells[url_language]
            if lines:
                after = after_cells.get(pk)
                if after is None:
                    after = group_after[group] if group else nothing_after
                title, text = row[-2], row[-1]
                # As csv.writer quotes (QUOTE_MINIMAL), inline: a call per field costs more.
                if "," in title or '"' in title or "\n" in title or "\r" in title:
                    title = '"' + title.replace('"', '""') + '"'
                if "," in text or '"' in text or "\n" in text or "\r" in text:
                    text = '"' + text.replace('"', '""') + '"'
                out_lines.append(
                    f"{pk},{slug_cell},{head},{described[4]},{kind_language},{row[-3]},"
                    f"{title},{text},{translation_cells.get(pk, ',')},{supports},{after},"
                    f"{url_cell}\r\n"
                )
            if rows:
                received, title, text = row[7], row[8], row[9]
                translated = translations.get(pk)
                assessment = assessments.get(pk)
                if assessment is not None:
                    disposition_id, primary_theme_id, response_en, response_fr = assessment
                else:
                    disposition_id = primary_theme_id = response_en = response_fr = None
                membership = campaigns.get(pk)
                if membership is not None:
                    campaign, size = membership
                elif group:
                    campaign, size = group, group_sizes.get(group, 1)
                else:
                    campaign, size = "", None
                out_rows.append(
                    (
                        pk,
                        slug,
                        phase,
                        opportunity,
                        channel,
                        described[0],
                        described[1],
                        described[2],
                        kind,
                        language,
                        received,
                        title,
                        text,
                        translated[0] if translated else "",
                        translated[1] if translated else "",
                        supports,
                        primary.get(pk, ""),
                        ";".join(secondary[pk]) if pk in secondary else "",
                        theme_codes.get(primary_theme_id, ""),
                        ";".join(themes[pk]) if pk in themes else "",
                        campaign,
                        size,
                        dispositions.get(disposition_id, ""),
                        response_en or "",
                        response_fr or "",
                        url,
                    )
                )
        yield out_rows, out_lines


def commitment_rows(process: Process) -> Iterator[tuple]:
    from coplan.commitments import exports

    from .columns import COMMITMENTS

    keys = COMMITMENTS.keys
    for row in exports.commitment_rows(process):
        yield tuple(row[key] for key in keys)


def milestone_rows(process: Process) -> Iterator[tuple]:
    from coplan.commitments import exports

    from .columns import MILESTONES

    keys = MILESTONES.keys
    for row in exports.milestone_rows(process):
        yield tuple(row[key] for key in keys)


def questionnaire_result_rows(process: Process) -> Iterator[tuple]:
    """Aggregate counts of public questionnaires, in both languages; never a single response."""
    from coplan.surveys.models import Questionnaire
    from coplan.surveys.selectors import questionnaire_results, questionnaires_for_process

    public = Questionnaire.ResultsVisibility.PUBLIC
    for questionnaire in questionnaires_for_process(process.pk).filter(results_visibility=public):
        with translation.override("en"):
            english = questionnaire_results(questionnaire)
        with translation.override("fr"):
            french = questionnaire_results(questionnaire)
        for number, (result_en, result_fr) in enumerate(
            zip(english.questions, french.questions, strict=True), start=1
        ):
            question = result_en.question
            pairs = list(zip(result_en.rows, result_fr.rows, strict=True))
            for row_en, row_fr in pairs:
                yield (
                    questionnaire.slug,
                    number,
                    question.text_en or "",
                    question.text_fr or "",
                    row_en.label,
                    row_fr.label,
                    result_en.respondents,
                    row_en.count,
                    row_en.share,
                    None,
                )
            for row_en, row_fr in zip(result_en.rank_rows, result_fr.rank_rows, strict=True):
                yield (
                    questionnaire.slug,
                    number,
                    question.text_en or "",
                    question.text_fr or "",
                    row_en.label,
                    row_fr.label,
                    result_en.respondents,
                    row_en.count,
                    None,
                    row_en.mean_rank,
                )


def questionnaire_result_count(process: Process) -> int:
    """The exact number of rows questionnaire_result_rows writes (not the number of choices:
    ratings, yes/no, provinces and "Other" have rows too)."""
    from coplan.surveys.models import Questionnaire
    from coplan.surveys.selectors import questionnaires_for_process, result_row_count

    public = questionnaires_for_process(process.pk).filter(
        results_visibility=Questionnaire.ResultsVisibility.PUBLIC
    )
    return result_row_count(public)


ROWS_BY_RESOURCE = {
    "contributions": contribution_rows,
    "commitments": commitment_rows,
    "milestones": milestone_rows,
    "questionnaire-results": questionnaire_result_rows,
}


# Tables whose CSV has its own fast path, read together with their rows.
TABLE_CHUNKS_BY_RESOURCE = {"contributions": contribution_table_chunks}


def table_chunks(name: str, process: Process) -> Iterator[tuple[list[tuple], list[str] | None]]:
    """What writers.write_tables reads: (rows, CSV lines or None) per chunk."""
    if name in TABLE_CHUNKS_BY_RESOURCE:
        yield from TABLE_CHUNKS_BY_RESOURCE[name](process)
        return
    for row in ROWS_BY_RESOURCE[name](process):
        yield [row], None


def expected_rows(kind: str, process: Process) -> int:
    """How many rows the build will write (for the progress bar; an estimate for results)."""
    if kind == "contributions":
        return public_contribution_count(process)
    if kind == "commitments":
        from coplan.commitments.models import Commitment, Milestone

        return (
            Commitment.objects.filter(process=process).count()
            + Milestone.objects.filter(commitment__process=process).count()
        )
    return questionnaire_result_count(process)


# The CSV written by PostgreSQL itself (COPY … TO STDOUT), the fast path there.


def _neutralised_sql(expression: str) -> str:
    """SQL of writers.neutralise applied to `expression` (text, NULL stays NULL). ascii() is
    the first character's code point without making a text of it, as substr() does: 0.1 s
    less per million rows."""
    starts = ", ".join(str(ord(character)) for character in FORMULA_STARTS)
    return (
        f"CASE WHEN ascii({expression}) IN ({starts}) "
        f"THEN '''' || {expression} ELSE {expression} END"
    )


def _contexts_json(process: Process) -> str:
    """The objects the public contributions answered, described as the Python path does
    (_Context), as one JSON object for the COPY statement: "type.key" → [kind, English,
    French, address]. Hidden or deleted objects are left out, as there."""
    pairs: dict[int, set[int]] = defaultdict(set)
    for type_id, pk in (
        public_contributions()
        .filter(process=process, target_type__isnull=False, target_id__isnull=False)
        .values_list("target_type_id", "target_id")
        .distinct()
        .order_by()
    ):
        pairs[type_id].add(pk)
    context = _Context()
    if pairs:
        context.fetch(pairs)
    return json.dumps(
        {f"{type_id}.{pk}": list(entry[:4]) for (type_id, pk), entry in context.cache.items()},
        ensure_ascii=False,
    )


def contribution_select(process: Process, *, csv: bool) -> tuple[str, dict]:
    """The SELECT whose COPY is the contributions CSV (no header) when `csv`, else whose rows
    are contribution_rows' (JSON, XLSX), with its named parameters (merged client side by
    psycopg: COPY takes none).

    Every column as contribution_rows computes it, formulas neutralised as writers.neutralise
    does. PostgreSQL quotes a field as csv.writer (QUOTE_MINIMAL) does — when it holds a comma,
    a double quote, CR or LF — except an empty string, which it quotes to tell it from NULL:
    every empty text is therefore sent as NULL, written empty."""
    from coplan.processes.models import Opportunity, Phase

    from . import uses

    shown_title = Coalesce(NullIf("redacted_title", Value("")), "title")
    shown_text = Coalesce(NullIf("redacted_text", Value("")), "text", output_field=TextField())
    base_sql, base_params = (
        public_contributions()
        .filter(process_id=process.pk)
        .values(
            c_id=F("pk"),
            c_phase=F("phase_id"),
            c_opportunity=F("opportunity_id"),
            c_channel=F("channel"),
            c_kind=F("kind"),
            c_language=F("language"),
            c_target_type=F("target_type_id"),
            c_target=F("target_id"),
            c_page_url=F("page_url"),
            c_group=F("duplicate_group"),
            c_votes=F("support_count"),
            c_received=UtcText("received_at"),
            c_title=shown_title,
            c_text=shown_text,
        )
        .order_by()
        .query.sql_with_params()
    )
    # "> ''" rather than "<> ''": the index on the group then reads only grouped rows (none
    # at all in most processes) instead of the whole table.
    # Small lookups as JSON objects read per row (->>), not joined: a join with them made
    # PostgreSQL hash the rows and sort them all again (wide rows, on disk) before the first
    # one could be sent; this way they come in key order from the index, unsorted.
    group_sizes = dict(
        public_contributions()
        .filter(process_id=process.pk, duplicate_group__gt="")
        .values_list("duplicate_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    phases = {
        str(pk): kind
        for pk, kind in Phase.objects.filter(process=process).values_list("pk", "kind")
    }
    opportunities = {
        str(pk): slug
        for pk, slug in Opportunity.objects.filter(phase__process=process).values_list("pk", "slug")
    }
    idea_urls, process_urls = {}, {}
    for language in ("en", "fr"):
        with translation.override(language):
            idea_urls[language] = _site_url(
                reverse("contributions:idea_detail", kwargs={"pk": _PLACEHOLDER})
            ).split(str(_PLACEHOLDER))
            process_urls[language] = _site_url(
                reverse("processes:detail", kwargs={"slug": process.slug})
            )
    if csv:
        # Empty text as NULL, which PostgreSQL writes unquoted; free text neutralised.
        def text(expression: str) -> str:
            return f"NULLIF({expression}, '')"

        def free(expression: str) -> str:
            return text(_neutralised_sql(expression))
    else:

        def text(expression: str) -> str:
            return f"COALESCE({expression}, '')"

        free = text
    found = "ctx.x IS NOT NULL"
    page = "c.c_page_url <> ''"
    context_url = (
        f"CASE WHEN {found} THEN ctx.x ->> 3 "
        f"WHEN {page} AND left(c.c_page_url, 1) = '/' THEN %(site)s || c.c_page_url END"
    )
    columns = [
        "c.c_id",
        text("%(slug)s::text"),
        text("%(phases)s::jsonb ->> c.c_phase::text"),
        text("%(opportunities)s::jsonb ->> c.c_opportunity::text"),
        text("c.c_channel"),
        f"CASE WHEN {found} THEN {text('ctx.x ->> 0')} WHEN {page} THEN 'web_page' "
        "WHEN c.c_opportunity IS NOT NULL THEN 'opportunity' ELSE 'process' END",
        free(f"CASE WHEN {found} THEN ctx.x ->> 1 WHEN {page} THEN c.c_page_url END"),
        free(f"CASE WHEN {found} THEN ctx.x ->> 2 WHEN {page} THEN c.c_page_url END"),
        text("c.c_kind"),
        text("c.c_language"),
        "c.c_received",
        free("c.c_title"),
        free("c.c_text"),
        text("u.translation_language"),
        free("u.translation_text"),
        "c.c_votes",
        text("u.primary_commitment"),
        text("u.secondary_commitments"),
        text("u.primary_theme"),
        text("u.themes"),
        text(
            "CASE WHEN u.campaign IS NOT NULL THEN u.campaign "
            "WHEN c.c_group <> '' THEN c.c_group END"
        ),
        "CASE WHEN u.campaign IS NOT NULL THEN u.campaign_size "
        "WHEN c.c_group <> '' THEN COALESCE((%(groups)s::jsonb ->> c.c_group)::integer, 1) END",
        text("u.disposition"),
        free("u.response_en"),
        free("u.response_fr"),
        text(
            "CASE WHEN c.c_kind = %(idea)s THEN "
            "CASE WHEN c.c_language = 'fr' THEN %(idea_fr)s || c.c_id || %(idea_fr_end)s "
            "ELSE %(idea_en)s || c.c_id || %(idea_en_end)s END "
            f"ELSE COALESCE(NULLIF({context_url}, ''), CASE WHEN c.c_language = 'fr' "
            "THEN %(process_fr)s ELSE %(process_en)s END) END"
        ),
    ]
    # Values as parameters or bound by psycopg.
    select = (
        f"SELECT {', '.join(columns)} FROM ({_bound(base_sql, base_params)}) c "  # noqa: S608
        "CROSS JOIN LATERAL (SELECT %(contexts)s::jsonb -> "
        "(c.c_target_type || '.' || c.c_target) AS x) ctx "
        # Translation, commitments, themes, campaign and disposition: stored (uses.py).
        f"LEFT JOIN {uses.TABLE} u ON u.contribution_id = c.c_id "
        "ORDER BY c.c_id"
    )
    named = {
        "slug": process.slug,
        "site": settings.COPLAN_SITE_URL.rstrip("/"),
        "contexts": _contexts_json(process),
        "phases": json.dumps(phases, ensure_ascii=False),
        "opportunities": json.dumps(opportunities, ensure_ascii=False),
        "groups": json.dumps(group_sizes, ensure_ascii=False),
        "idea": str(Kind.IDEA),
        "idea_en": idea_urls["en"][0],
        "idea_en_end": idea_urls["en"][1],
        "idea_fr": idea_urls["fr"][0],
        "idea_fr_end": idea_urls["fr"][1],
        "process_en": process_urls["en"],
        "process_fr": process_urls["fr"],
    }
    return select, named


def _bound_on(raw, sql: str, params) -> str:
    """`sql` with its parameters bound client side (psycopg), as literal SQL."""
    from psycopg import ClientCursor

    with ClientCursor(raw) as cursor:
        return cursor.mogrify(sql, params)


def _bound(sql: str, params) -> str:
    """Django's query bound as literal SQL that takes part in a statement with named
    parameters (its percent signs doubled)."""
    connection.ensure_connection()
    return _bound_on(connection.connection, sql, params).replace("%", "%%")


def _copied_csv_chunks(process: Process) -> Iterator[list[str]]:
    """The contributions CSV as PostgreSQL writes it, in lists of up to CHUNK lines."""
    from . import uses

    uses.refresh()
    select, named = contribution_select(process, csv=True)
    connection.ensure_connection()
    yield from _copied_lines(connection.connection, select, named)


@contextmanager
def _without_jit(raw) -> Iterator[None]:
    """PostgreSQL compiles this statement with JIT (its cost estimate is high) in about 3 s,
    more than running it takes: turned off for the statement, then put back as it was."""
    with raw.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        (previous,) = cursor.fetchone()
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with raw.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', %s, false)", [previous])


def _copied_lines(raw, select: str, named: dict) -> Iterator[list[str]]:
    """COPY of `select` in lists of up to CHUNK lines. PostgreSQL sends each row in a message
    of its own (a protocol guarantee), ended by a bare LF; csv.writer ends lines with CRLF,
    put back per row here (a LF inside a quoted field is left alone)."""
    statement = f"COPY ({select}) TO STDOUT WITH (FORMAT csv, ENCODING 'UTF8')"
    size = CHUNK
    with _without_jit(raw), raw.cursor() as cursor, cursor.copy(statement, named) as copy:
        lines: list[str] = []
        for data in copy:
            lines.append(str(data[:-1], "utf-8") + "\r\n")
            if len(lines) >= size:
                yield lines
                lines = []
        if lines:
            yield lines


def _selected_rows(raw, select: str, named: dict) -> Iterator[tuple[list[tuple], None]]:
    size = CHUNK
    with _without_jit(raw), raw.cursor(name="coplan_opendata_contribution_rows") as cursor:
        cursor.execute(_bound_on(raw, select, named))
        while chunk := cursor.fetchmany(size):
            yield chunk, None


@contextmanager
def copied_contribution_tables(
    process: Process,
) -> Iterator[tuple[Iterator[list[str]], Iterator[tuple[list[tuple], None]]]]:
    """PostgreSQL: (CSV line chunks written by COPY, row chunks for JSON and XLSX selected by
    the same query without CSV formatting), to be read in that order.

    Both read one snapshot (REPEATABLE READ), so the files of a version hold the same rows
    even while contributions are being published. They run on a connection of their own, so
    that the build's progress, written on the main one meanwhile, is seen at once; inside a
    caller's transaction (tests), they read in it instead."""
    import psycopg

    from . import uses

    # Committed before the snapshot below is taken, so that it holds the fresh uses.
    uses.refresh()
    csv_select, csv_named = contribution_select(process, csv=True)
    rows_select, rows_named = contribution_select(process, csv=False)
    own = not connection.in_atomic_block
    if own:
        raw = connection.get_new_connection(connection.get_connection_params())
        raw.autocommit = False
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
    else:
        connection.ensure_connection()
        raw = connection.connection
    try:
        yield (
            _copied_lines(raw, csv_select, csv_named),
            _selected_rows(raw, rows_select, rows_named),
        )
    finally:
        if own:
            raw.rollback()
            raw.close()


@contextmanager
def table_sources(
    name: str, process: Process
) -> Iterator[tuple[Iterator[tuple[list[tuple], list[str] | None]], Iterator[list[str]] | None]]:
    """What writers.write_tables reads for a table: (chunks, CSV line chunks or None).

    On PostgreSQL the contributions' CSV is COPY's, read before the rows; elsewhere the
    rows and the lines come together (table_chunks)."""
    if name == "contributions" and connection.vendor == "postgresql":
        with copied_contribution_tables(process) as (csv_chunks, row_chunks):
            yield row_chunks, csv_chunks
        return
    yield table_chunks(name, process), None
