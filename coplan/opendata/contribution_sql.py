"""The contributions table as one PostgreSQL SELECT, whose COPY is the CSV (the fast path there).

Each column is its Column's `sql`, an expression over `c` (the fields the columns read, as
contribution_chunks.reads names them), `u` (the uses opendata.uses stores per contribution) and
`ctx.x` (the answered object, described as the Python build describes it), with the named
parameters of contribution_select.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.conf import settings
from django.db import connection

from coplan.contributions.models import Kind
from coplan.processes.models import Process

from .contexts import Contexts, address_around_key, process_address
from .contribution_chunks import group_sizes, reads
from .selectors import public_contributions
from .spec import STRING, Column, Resource
from .writers import FORMULA_STARTS


def _neutralised_sql(expression: str) -> str:
    """SQL of writers.neutralise applied to `expression` (text, NULL stays NULL). ascii() is
    the first character's code point without making a text of it, as substr() does: 0.1 s
    less per million rows."""
    starts = ", ".join(str(ord(character)) for character in FORMULA_STARTS)
    return (
        f"CASE WHEN ascii({expression}) IN ({starts}) "
        f"THEN '''' || {expression} ELSE {expression} END"
    )


def column_sql(column: Column, *, csv: bool) -> str:
    """A column's expression as the SELECT writes it. For the CSV, empty text is sent as NULL
    (PostgreSQL quotes an empty string to tell it from NULL; csv.writer writes it empty) and
    free text neutralised; for the rows, NULL text is an empty string."""
    if column.sql is None:
        raise ValueError(f"column {column.key} has no SQL")
    if column.type != STRING:
        return column.sql
    if not csv:
        return f"COALESCE({column.sql}, '')"
    if column.free_text:
        return f"NULLIF({_neutralised_sql(column.sql)}, '')"
    return f"NULLIF({column.sql}, '')"


def _contexts_json(process: Process) -> str:
    """The objects the public contributions answered, described as the Python build does
    (contribution_chunks.Contexts), as one JSON object: "type.key" → [kind, English, French,
    address]. Hidden or deleted objects are left out, as there."""
    pairs: dict[int, set[int]] = defaultdict(set)
    for type_id, pk in (
        public_contributions()
        .filter(process=process, target_type__isnull=False, target_id__isnull=False)
        .values_list("target_type_id", "target_id")
        .distinct()
        .order_by()
    ):
        pairs[type_id].add(pk)
    contexts = Contexts()
    contexts.fetch(pairs)
    return json.dumps(
        {f"{type_id}.{pk}": list(entry) for (type_id, pk), entry in contexts.cache.items()},
        ensure_ascii=False,
    )


def _parameters(process: Process) -> dict[str, str]:
    """The named parameters the columns' SQL uses. Small lookups are JSON objects read per
    row (->>), not joined: a join with them made PostgreSQL hash the rows and sort them all
    again (wide rows, on disk) before the first one could be sent; this way they come in key
    order from the index, unsorted."""
    from coplan.processes.models import Opportunity, Phase

    phases = {
        str(pk): kind
        for pk, kind in Phase.objects.filter(process=process).values_list("pk", "kind")
    }
    opportunities = {
        str(pk): slug
        for pk, slug in Opportunity.objects.filter(phase__process=process).values_list("pk", "slug")
    }
    idea_en, idea_fr = address_around_key("en"), address_around_key("fr")
    return {
        "slug": process.slug,
        "site": settings.COPLAN_SITE_URL.rstrip("/"),
        "contexts": _contexts_json(process),
        "phases": json.dumps(phases, ensure_ascii=False),
        "opportunities": json.dumps(opportunities, ensure_ascii=False),
        "groups": json.dumps(group_sizes(process), ensure_ascii=False),
        "idea": str(Kind.IDEA),
        "idea_en": idea_en[0],
        "idea_en_end": idea_en[1],
        "idea_fr": idea_fr[0],
        "idea_fr_end": idea_fr[1],
        "process_en": process_address(process, "en"),
        "process_fr": process_address(process, "fr"),
    }


def bound_on(raw, sql: str, params) -> str:
    """`sql` with its parameters bound client side (psycopg), as literal SQL."""
    from psycopg import ClientCursor

    with ClientCursor(raw) as cursor:
        return cursor.mogrify(sql, params)


def bound(sql: str, params) -> str:
    """Django's query bound as literal SQL that takes part in a statement with named
    parameters (its percent signs doubled)."""
    connection.ensure_connection()
    return bound_on(connection.connection, sql, params).replace("%", "%%")


def contribution_select(resource: Resource, process: Process, *, csv: bool) -> tuple[str, dict]:
    """The SELECT whose COPY is the contributions CSV (no header) when `csv`, else whose rows
    are the Python build's (JSON, XLSX), with its named parameters (merged client side by
    psycopg: COPY takes none). PostgreSQL quotes a field as csv.writer (QUOTE_MINIMAL) does —
    when it holds a comma, a double quote, CR or LF — except an empty string (see column_sql).
    """
    from . import uses

    base_sql, base_params = (
        public_contributions()
        .filter(process_id=process.pk)
        .values(**reads(resource))
        .order_by()
        .query.sql_with_params()
    )
    columns = ", ".join(column_sql(column, csv=csv) for column in resource.columns)
    # Values as parameters or bound by psycopg.
    select = (
        f"SELECT {columns} FROM ({bound(base_sql, base_params)}) c "  # noqa: S608
        "CROSS JOIN LATERAL (SELECT %(contexts)s::jsonb -> "
        "(c.c_target_type || '.' || c.c_target) AS x) ctx "
        # Translation, commitments, themes, campaign and disposition: stored (uses.py).
        f"LEFT JOIN {uses.TABLE} u ON u.contribution_id = c.c_id "
        "ORDER BY c.c_id"
    )
    return select, _parameters(process)
