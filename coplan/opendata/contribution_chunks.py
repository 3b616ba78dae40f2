"""The contributions table built in Python, a chunk of rows at a time (SQLite's build, and the
reference PostgreSQL's COPY is held to).

Per chunk: one query for the contributions (the fields the columns read), one each for
assessments, campaigns, themes, commitment links and translations, and one per kind of
answered object not seen yet; never one per row (the queries, compiled once per build, are
opendata.chunk_statements). Lookup tables are read once per build. The
values are then computed column by column (each Column's `python`), which costs a fraction of
computing them row by row; rows are the columns zipped, CSV lines made by the build's
csv_lines.CsvFormat (csv.writer's bytes).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Count, F

from coplan.contributions.models import Kind
from coplan.processes.models import Process

from .chunk_statements import AFTER, FIRST, LAST, Statement, main_statement, related_statements
from .contexts import Contexts, address_around_key, process_address, site_url
from .csv_lines import CsvFormat
from .selectors import public_contributions
from .spec import Resource

# The fields the chunk itself reads to describe each row's context and address.
BASE_READS = {
    "c_id": F("pk"),
    "c_opportunity": F("opportunity_id"),
    "c_kind": F("kind"),
    "c_language": F("language"),
    "c_target_type": F("target_type_id"),
    "c_target": F("target_id"),
    "c_page_url": F("page_url"),
    "c_group": F("duplicate_group"),
}


def reads(resource: Resource) -> dict[str, Any]:
    """Every contribution field the build selects: the chunk's own and the columns'."""
    selected = dict(BASE_READS)
    for column in resource.columns:
        selected |= column.reads
    return selected


def group_sizes(process: Process) -> dict[str, int]:
    """How many public contributions each form-letter group holds (grouped rows only)."""
    return dict(
        public_contributions()
        .filter(process_id=process.pk, duplicate_group__gt="")
        .values_list("duplicate_group")
        .annotate(n=Count("pk"))
        .order_by()
    )


@dataclass
class Lookups:
    """What every chunk of one build looks up: read once per build."""

    process: Process
    phases: dict[int, str]
    opportunities: dict[int, str]
    dispositions: dict[int, str]
    theme_codes: dict[int, str]
    group_sizes: dict[str, int]
    idea_addresses: dict[str, tuple[str, str]]
    process_addresses: dict[str, str]
    contexts: Contexts

    @classmethod
    def read(cls, process: Process) -> Lookups:
        from coplan.analysis.models import Disposition, Theme
        from coplan.processes.models import Opportunity, Phase

        return cls(
            process=process,
            phases=dict(Phase.objects.filter(process=process).values_list("pk", "kind")),
            opportunities=dict(
                Opportunity.objects.filter(phase__process=process).values_list("pk", "slug")
            ),
            dispositions=dict(Disposition.objects.values_list("pk", "code")),
            theme_codes=dict(Theme.objects.values_list("pk", "code")),
            group_sizes=group_sizes(process),
            idea_addresses={language: address_around_key(language) for language in ("en", "fr")},
            process_addresses={
                language: process_address(process, language) for language in ("en", "fr")
            },
            contexts=Contexts(),
        )


class _Blank(dict):
    """A lookup table whose missing keys read as blank."""

    def __missing__(self, key: object) -> str:
        return ""


_OPPORTUNITY = ("opportunity", "", "", "")
_PROCESS = ("process", "", "", "")


class Chunk:
    """One chunk of contributions, column by column, with the records it relates to.

    The columns' `python` read it: `chunk["c_votes"]` is a selected field, `chunk.related(…)`
    a related record's value per row, `chunk.contexts` and `chunk.addresses` what each row
    answered and where it is published."""

    def __init__(self, lookups: Lookups, names: Sequence[str], rows: list[tuple]) -> None:
        self.lookups = lookups
        self.size = len(rows)
        self.fields = dict(zip(names, zip(*rows, strict=True), strict=True))
        self.pks = self.fields["c_id"]
        self.records: dict[str, dict[int, Any]] = {}

    def __getitem__(self, alias: str) -> Sequence:
        return self.fields[alias]

    def looked_up(self, table: dict, alias: str) -> list:
        """A selected key replaced by its value in a lookup table (blank when none)."""
        return list(map(_Blank(table).__getitem__, self.fields[alias]))

    def related(self, name: str, index: int | None = None, default: Any = "") -> list:
        """Per row, the related record `name` (or its `index`th part), `default` when none.
        Most contributions have none of a kind: a chunk without any is answered at once."""
        records = self.records[name]
        if not records:
            return [default] * self.size
        found = map(records.get, self.pks)
        if index is None:
            return [default if record is None else record for record in found]
        return [default if record is None else record[index] for record in found]

    @cached_property
    def contexts(self) -> list[tuple[str, str, str, str]]:
        """What each row answered: (context type, English, French, address). Most rows answer
        their opportunity or process: only the others are looked at one by one."""
        fields = self.fields
        described = [
            _OPPORTUNITY if opportunity else _PROCESS for opportunity in fields["c_opportunity"]
        ]
        get = self.lookups.contexts.get
        for index, (target_type, target, page_url) in enumerate(
            zip(fields["c_target_type"], fields["c_target"], fields["c_page_url"], strict=True)
        ):
            if target_type is None and not page_url:
                continue
            context = get(target_type, target)
            if context is None and page_url:
                web = site_url(page_url) if page_url.startswith("/") else ""
                context = ("web_page", page_url, page_url, web)
            if context is not None:
                described[index] = context
        return described

    def context(self, index: int) -> list:
        return [context[index] for context in self.contexts]

    @property
    def addresses(self) -> list[str]:
        """Each row's public page: an idea's own, else what it answered, else its process's."""
        ideas, processes = self.lookups.idea_addresses, self.lookups.process_addresses
        idea = str(Kind.IDEA)
        (idea_en, idea_en_end), (idea_fr, idea_fr_end) = ideas["en"], ideas["fr"]
        return [
            (f"{idea_fr}{pk}{idea_fr_end}" if language == "fr" else f"{idea_en}{pk}{idea_en_end}")
            if kind == idea
            else context[3] or processes["fr" if language == "fr" else "en"]
            for pk, kind, language, context in zip(
                self.pks,
                self.fields["c_kind"],
                self.fields["c_language"],
                self.contexts,
                strict=True,
            )
        ]


def _joined(pairs: list[tuple[int, str]]) -> dict[int, str]:
    """Values per contribution, in the order read, separated by semicolons."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for pk, value in pairs:
        grouped[pk].append(value)
    return {pk: ";".join(values) for pk, values in grouped.items()}


def _relate(chunk: Chunk, statements: dict[str, Statement], bounds: dict[int, int]) -> None:
    """Read the chunk's related records, as its columns look them up (see Chunk.related):
    the first translation by language; of the links in plan order, the first primary one is
    the primary commitment and every other is secondary; confirmed themes in codebook order; a
    campaign record, else the form-letter group the contribution was put in."""
    lookups = chunk.lookups
    records = chunk.records
    records["assessments"] = {
        pk: (
            lookups.dispositions.get(disposition, ""),
            lookups.theme_codes.get(theme, ""),
            english or "",
            french or "",
        )
        for pk, disposition, theme, english, french in statements["assessments"].run(bounds)
    }
    campaigns = {pk: (key, size) for pk, key, size in statements["campaigns"].run(bounds)}
    if lookups.group_sizes:
        for pk, group in zip(chunk.pks, chunk["c_group"], strict=True):
            if group and pk not in campaigns:
                campaigns[pk] = (group, lookups.group_sizes.get(group, 1))
    records["campaigns"] = campaigns
    records["themes"] = _joined(statements["themes"].run(bounds))
    primary: dict[int, str] = {}
    secondary: list[tuple[int, str]] = []
    for pk, relation, identifier in statements["links"].run(bounds):
        if relation == "primary" and pk not in primary:
            primary[pk] = identifier
        else:
            secondary.append((pk, identifier))
    records["primary"] = primary
    records["secondary"] = _joined(secondary)
    translations: dict[int, tuple[str, str]] = {}
    for pk, language, text in statements["translations"].run(bounds):
        translations.setdefault(pk, (language, text))
    records["translations"] = translations


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while one chunk is read and formatted (never while
    the caller works on it). A chunk holds no cycles, but the tens of thousands of tuples and
    lists it allocates set off collections that walk them, and every object of the process at
    times: a sixth of the CSV build's CPU (bench/README.md, opendata section)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Build:
    """What every chunk of one build uses: statements, lookups and formatting made once."""

    resource: Resource
    lookups: Lookups
    names: tuple[str, ...]
    main: Statement
    related: dict[str, Statement]
    csv_format: CsvFormat | None

    def chunk(self, after: int, *, rows: bool) -> tuple[int, list[tuple] | None, list[str] | None]:
        """(last key, rows, CSV lines) of the chunk after key `after`; last key 0 at the end."""
        found = self.main.run({AFTER: after})
        if not found:
            return 0, None, None
        last = found[-1][0]
        chunk = Chunk(self.lookups, self.names, found)
        wanted: dict[int, set[int]] = defaultdict(set)
        for target_type, target in zip(chunk["c_target_type"], chunk["c_target"], strict=True):
            if target_type is not None and target is not None:
                wanted[target_type].add(target)
        self.lookups.contexts.fetch(wanted)
        _relate(chunk, self.related, {FIRST: found[0][0], LAST: last})
        values = [column.python(chunk) for column in self.resource.columns]
        out_lines = self.csv_format(values) if self.csv_format else None
        return last, (list(zip(*values, strict=True)) if rows else None), out_lines


def chunks(
    resource: Resource, process: Process, *, size: int, rows: bool, lines: bool
) -> Iterator[tuple[list[tuple] | None, list[str] | None]]:
    """(rows, CSV lines) per chunk of up to `size` contributions, each None when not asked."""
    names = reads(resource)
    build = _Build(
        resource=resource,
        lookups=Lookups.read(process),
        names=tuple(names),
        main=main_statement(process, names, size),
        related=related_statements(),
        csv_format=CsvFormat(resource.columns) if lines else None,
    )
    last = 0
    while True:
        with _collector_paused():
            last, out_rows, out_lines = build.chunk(last, rows=rows)
        if not last:
            return
        yield out_rows, out_lines
