"""The rows of each published table, generated from the records (never typed), streamed.

Only published contributions whose author consented to publication appear, with their
redacted text; no account, name, email, handle, address or registration detail is ever read.
The contributions table is specified once (columns.CONTRIBUTIONS) and built two ways from that
specification: in Python a chunk at a time (contribution_chunks; SQLite, and the reference),
and on PostgreSQL by the database itself (a COPY of contribution_sql's SELECT, reading each
contribution's uses from the table opendata.uses keeps), tests holding both to the same bytes.
Rows come in primary-key chunks (keyset pagination): memory stays flat and the number of
queries grows with the number of chunks, never with the number of related records.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain, repeat

from django.db import connection
from django.utils import translation

from coplan.processes.models import Process

from . import contribution_chunks, contribution_sql
from .columns import COMMITMENTS, CONTRIBUTIONS, MILESTONES, QUESTIONNAIRE_RESULTS
from .selectors import (
    public_contribution_count,
    public_contributions,
    public_contributions_by_key,
)

__all__ = [
    "public_contribution_count",
    "public_contributions",
    "public_contributions_by_key",
]

CHUNK = 5000

RowChunks = Iterator[tuple[list[tuple], list[str] | None]]


def contribution_rows(process: Process) -> Iterator[tuple]:
    """The rows of the contributions table, in the order of CONTRIBUTIONS.columns."""
    for chunk in contribution_row_chunks(process):
        yield from chunk


def contribution_row_chunks(process: Process) -> Iterator[list[tuple]]:
    """The rows of the contributions table in lists of up to CHUNK rows (JSON, XLSX)."""
    for rows, _lines in contribution_chunks.chunks(
        CONTRIBUTIONS, process, size=CHUNK, rows=True, lines=False
    ):
        yield rows


def contribution_csv_chunks(process: Process) -> Iterator[list[str]]:
    """The contributions table as CSV lines ("\\r\\n" ended, no header), in lists of up to CHUNK.

    On PostgreSQL the database writes the lines itself (COPY): formatting them in Python took
    five times its own dump."""
    if connection.vendor == "postgresql":
        yield from _copied_csv_chunks(process)
        return
    yield from python_csv_chunks(process)


def python_csv_chunks(process: Process) -> Iterator[list[str]]:
    """The CSV lines csv.writer writes in Python: SQLite's path, the reference for COPY's."""
    for _rows, lines in contribution_chunks.chunks(
        CONTRIBUTIONS, process, size=CHUNK, rows=False, lines=True
    ):
        yield lines


def contribution_table_chunks(process: Process) -> RowChunks:
    """Rows (JSON, XLSX) and CSV lines of the same contributions, read by the same queries:
    the files of a version hold the same rows even while contributions are being published."""
    yield from contribution_chunks.chunks(CONTRIBUTIONS, process, size=CHUNK, rows=True, lines=True)


def commitment_rows(process: Process) -> Iterator[tuple]:
    from coplan.commitments import exports

    return map(COMMITMENTS.row, exports.commitment_rows(process))


def milestone_rows(process: Process) -> Iterator[tuple]:
    from coplan.commitments import exports

    return map(MILESTONES.row, exports.milestone_rows(process))


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
            records = _question_records(questionnaire.slug, number, result_en, result_fr)
            yield from map(QUESTIONNAIRE_RESULTS.row, records)


def _question_records(slug: str, number: int, result_en, result_fr) -> Iterator[dict]:
    """One question's rows: per answer (count and share), then per ranked item (mean rank)."""
    question = result_en.question
    head = {
        "questionnaire": slug,
        "question": number,
        "question_en": question.text_en or "",
        "question_fr": question.text_fr or "",
        "respondents": result_en.respondents,
    }
    answers = zip(result_en.rows, result_fr.rows, strict=True)
    ranks = zip(result_en.rank_rows, result_fr.rank_rows, strict=True)
    for (row_en, row_fr), ranked in chain(zip(answers, repeat(False)), zip(ranks, repeat(True))):
        yield {
            **head,
            "answer_en": row_en.label,
            "answer_fr": row_fr.label,
            "count": row_en.count,
            "share": None if ranked else row_en.share,
            "mean_rank": row_en.mean_rank if ranked else None,
        }


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


def table_chunks(name: str, process: Process) -> RowChunks:
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


def contribution_select(process: Process, *, csv: bool) -> tuple[str, dict]:
    """The SELECT of the contributions table on PostgreSQL (see contribution_sql)."""
    return contribution_sql.contribution_select(CONTRIBUTIONS, process, csv=csv)


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
        cursor.execute(contribution_sql.bound_on(raw, select, named))
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
) -> Iterator[tuple[RowChunks, Iterator[list[str]] | None]]:
    """What writers.write_tables reads for a table: (chunks, CSV line chunks or None).

    On PostgreSQL the contributions' CSV is COPY's, read before the rows; elsewhere the
    rows and the lines come together (table_chunks)."""
    if name == "contributions" and connection.vendor == "postgresql":
        with copied_contribution_tables(process) as (csv_chunks, row_chunks):
            yield row_chunks, csv_chunks
        return
    yield table_chunks(name, process), None
