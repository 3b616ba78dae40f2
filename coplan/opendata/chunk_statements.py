"""The queries of the contributions table built a chunk at a time (opendata.contribution_chunks):
each compiled once per build and run for every chunk with that chunk's bounds."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from coplan.processes.models import Process

from .selectors import public_contributions, public_contributions_by_key

# Bounds of a chunk in queries compiled once per build: compiling the same ORM query for each
# chunk cost more than running it. Values no real key takes, within the columns' range.
AFTER, FIRST, LAST = -1_000_000_001, -1_000_000_002, -1_000_000_003


class Statement:
    """An ORM query compiled once and run for each chunk with that chunk's bounds.

    Rows come back in the order of `names` (values_list's order): modeltranslation's queryset
    may select the columns in another order, which values_list puts right but raw SQL does not.
    """

    def __init__(self, queryset: QuerySet, bounds: tuple[int, ...], names: tuple[str, ...]):
        sql, params = queryset.query.sql_with_params()
        self.sql = sql
        self.params = list(params)
        self.names = names
        self.order: itemgetter | None = None
        self.described = False
        self.slots = [
            (index, value)
            for index, value in enumerate(self.params)
            if type(value) is int and value in (AFTER, FIRST, LAST)
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
                if selected != list(self.names):
                    self.order = itemgetter(*(selected.index(name) for name in self.names))
                self.described = True
        if self.order is not None:
            return list(map(self.order, found))
        return found


def related_statements() -> dict[str, Statement]:
    """The related records of a chunk of contributions, one query each, compiled once."""
    from coplan.analysis.models import (
        CampaignMember,
        Coding,
        ContributionAssessment,
        ContributionTranslation,
    )
    from coplan.commitments.models import ContributionLink

    in_chunk = {"contribution_id__gte": FIRST, "contribution_id__lte": LAST}

    def statement(queryset: QuerySet, *names: str) -> Statement:
        return Statement(queryset.values_list(*names), (FIRST, LAST), names=names)

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


def main_statement(process: Process, names: dict[str, Any], size: int) -> Statement:
    """The contributions of one chunk, in key order, with no joins (related data comes per
    chunk). SQLite reads them in key order only when the state is hidden from its planner
    (see public_contributions_by_key); PostgreSQL, which keeps statistics, needs to see it:
    behind the expression it guessed so few matches that it scanned the table for each early
    chunk."""
    public = (
        public_contributions()
        if connection.vendor == "postgresql"
        else public_contributions_by_key()
    )
    queryset = (
        public.filter(process_id=process.pk, pk__gt=AFTER).order_by("pk").values(**names)[:size]
    )
    return Statement(queryset, (AFTER,), names=tuple(names))
