"""Inserting imported contributions in bulk: which references the corpus already holds, and
one INSERT of many rows with the model's own columns and defaults (`storing.RunWriter` uses
both)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router

from coplan.contributions.models import Contribution
from coplan.privacy.deidentify import REFERENCE_DIGEST_CHANNELS, reference_digest

# A chunk is one existence query and one transaction; 2,000 keeps both under SQLite's limits.
CHUNK_SIZE = 2000


def refs_in_corpus(channel: str, refs: Iterable[str]) -> dict[str, int]:
    """{reference: contribution id} among `refs` for one channel, in chunks of CHUNK_SIZE.

    Plain SQL: through the ORM, an IN list of 2,000 references spends more time preparing
    each parameter than the database spends answering.
    """
    connection = connections[router.db_for_read(Contribution)]
    quote = connection.ops.quote_name
    meta = Contribution._meta
    table = quote(meta.db_table)
    ref_column = quote(meta.get_field("external_ref").column)
    channel_column = quote(meta.get_field("channel").column)
    id_column = quote(meta.pk.column)
    # Each reference as written, and (for channels whose references retention replaces by a
    # digest) as retention left it: an archive imported again after retention adds nothing.
    lookup = {ref: ref for ref in refs if ref}
    if channel in REFERENCE_DIGEST_CHANNELS:
        lookup.update({reference_digest(ref): ref for ref in list(lookup)})
    keys = list(lookup)
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(keys), CHUNK_SIZE):
            chunk = keys[start : start + CHUNK_SIZE]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {ref_column}, {id_column} FROM {table} "  # noqa: S608 - names quoted
                f"WHERE {channel_column} = %s AND {ref_column} IN ({marks}) "
                # The unique index on (channel, reference) is partial (references not empty):
                # its condition, written as it is, lets SQLite use it instead of a table scan.
                f"AND NOT ({ref_column} = '')",
                [channel, *chunk],
            )
            found.update((lookup[key], pk) for key, pk in cursor.fetchall())
    return found


def _content_type_id(obj: models.Model) -> int:
    return ContentType.objects.get_for_model(obj).pk


def fast_insert(model: type[models.Model], rows: list[dict]) -> None:
    """INSERT many rows with executemany: the same columns and defaults as the model's.

    bulk_create prepares every value of every row through the field (and builds a model
    instance per row): at 100,000 rows that is most of an import's time. Here each column's
    preparation is chosen once: given values pass through as they are for text, numbers and
    keys; datetimes and JSON go through the field; missing columns take the field's default.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [_column(f, connection, given=f.attname in rows[0]) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [
        [
            (prepare(row[name]) if prepare is not None else row[name]) if name in row else default
            for name, prepare, default in columns
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)  # noqa: S608


Prepare = Callable[[Any], Any] | None


def _column(field: models.Field, connection: Any, *, given: bool) -> tuple[str, Prepare, Any]:
    """(attribute name, how a given value is prepared, the value when the row has none)."""
    prepare: Prepare = None
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value

        def prepare(value: Any) -> Any:
            # Aware datetimes (what the importers make) go straight to the backend's adapter;
            # anything else takes the field's full path (and its checks).
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                return adapt(value)
            return field.get_db_prep_save(value, connection)

    elif isinstance(field, models.DateField | models.JSONField):

        def prepare(value: Any) -> Any:
            return field.get_db_prep_save(value, connection)

    default = None if field.has_default() is False and field.null else field.get_default()
    if not given and prepare is not None:
        default = prepare(default)
    return field.attname, prepare, default
