"""How a published table is specified: one Column per column, read by everything that writes it.

A column says, once: its stable key, its bilingual header, its meaning and allowed values for
the data dictionary and the datapackage schema, and — for the contributions table, which has a
fast build on each database — how its values are computed in Python (`python`, for a chunk of
rows, column by column) and in SQL (`sql`, one expression of PostgreSQL's COPY), with the
contribution fields it reads (`reads`). Adding a column is adding one Column to its Resource.
Every table is declared with these same few constructors: Column itself; `text` for free text
and `bilingual` for a text in both languages; for the contributions table `copied` (a field of
the contribution) and `stored` (what opendata.uses keeps of it). Tables without a `python` are
written from records keyed by the columns' keys (Resource.row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.functional import Promise

from coplan.processes.models import Process

if TYPE_CHECKING:
    from .contribution_chunks import Chunk

# Frictionless table-schema types.
INTEGER, STRING, DATETIME, DATE, NUMBER, BOOLEAN = (
    "integer",
    "string",
    "datetime",
    "date",
    "number",
    "boolean",
)

AllowedValues = Callable[[Process], list[tuple[str, str, str]]]


def in_both(text: Promise | str) -> tuple[str, str]:
    """A translatable text in English and in French."""
    with translation.override("en"):
        english = str(text)
    with translation.override("fr"):
        french = str(text)
    return english, french


def choices(pairs: Iterable[tuple[str, Promise | str]]) -> AllowedValues:
    """Allowed values from (value, translatable label) pairs, such as a model's choices."""
    pairs = list(pairs)

    def allowed(process: Process) -> list[tuple[str, str, str]]:  # noqa: ARG001
        return [(value, *in_both(label)) for value, label in pairs]

    return allowed


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    type: str
    description: Promise
    allowed: AllowedValues | None = None
    # Free text written by people: spreadsheet formulas are neutralised in CSV and XLSX.
    free_text: bool = False
    required: bool = False
    # Several codes separated by semicolons: the allowed values constrain each, not the cell.
    multiple: bool = False
    # Contributions table only: the fields read (alias → ORM expression, selected by both
    # builds), the values of one chunk of rows (Python), and the expression of COPY (SQL).
    reads: Mapping[str, Any] = field(default_factory=dict)
    python: Callable[[Chunk], Sequence] | None = None
    sql: str | None = None

    @property
    def header(self) -> str:
        """The bilingual header, "English | French"."""
        english, french = in_both(self.label)
        return f"{english} | {french}"


def copied(
    key: str,
    label: Promise,
    type: str,  # noqa: A002 - the Column's own word
    description: Promise,
    allowed: AllowedValues | None = None,
    *,
    alias: str,
    read: Any = None,
    **options: Any,
) -> Column:
    """A contributions column whose values are one field of the contribution as read: `alias`
    names it in a chunk (Python) and in the COPY's select (SQL), `read` is its ORM expression
    when the common select does not already read it."""
    return Column(
        key,
        label,
        type,
        description,
        allowed,
        reads={alias: read} if read is not None else {},
        python=lambda chunk: chunk[alias],
        sql=f"c.{alias}",
        **options,
    )


def stored(
    key: str,
    label: Promise,
    type: str,  # noqa: A002 - the Column's own word
    description: Promise,
    allowed: AllowedValues | None = None,
    *,
    record: str,
    part: int | None = None,
    column: str | None = None,
    **options: Any,
) -> Column:
    """A contributions column read from what opendata.uses keeps of each contribution: the
    chunk's related `record` (its `part`th part) in Python, the column `u.<column or key>` of
    the stored uses in SQL."""
    return Column(
        key,
        label,
        type,
        description,
        allowed,
        python=lambda chunk: chunk.related(record, part),
        sql=f"u.{column or key}",
        **options,
    )


def text(key: str, label: Promise, description: Promise, **options: Any) -> Column:
    """A column of free text written by people."""
    return Column(key, label, STRING, description, free_text=True, **options)


def bilingual(
    key: str, labels: tuple[Promise, Promise], descriptions: tuple[Promise, Promise]
) -> tuple[Column, Column]:
    """A free text written in English and in French: the columns `key`_en and `key`_fr."""
    return (
        text(f"{key}_en", labels[0], descriptions[0]),
        text(f"{key}_fr", labels[1], descriptions[1]),
    )


@dataclass(frozen=True)
class Resource:
    name: str
    title: Promise
    description: Promise
    columns: list[Column] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def row(self, record: Mapping[str, Any]) -> tuple:
        """A row of this table from a record keyed by the columns' keys (extra keys ignored)."""
        return tuple(record[key] for key in self.keys)


def dictionary(resource: Resource, process: Process) -> list[dict]:
    """The data dictionary of a resource: each column's names, type, meaning, allowed values."""
    entries = []
    for column in resource.columns:
        label_en, label_fr = in_both(column.label)
        description_en, description_fr = in_both(column.description)
        allowed = column.allowed(process) if column.allowed else []
        entries.append(
            {
                "key": column.key,
                "header": column.header,
                "label_en": label_en,
                "label_fr": label_fr,
                "type": column.type,
                "description_en": description_en,
                "description_fr": description_fr,
                "allowed": [
                    {"value": value, "meaning_en": en, "meaning_fr": fr}
                    for value, en, fr in allowed
                ],
            }
        )
    return entries
