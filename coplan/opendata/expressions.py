"""Database expressions the open data columns read."""

from __future__ import annotations

from django.db.models import CharField, Func, TextField, Value
from django.db.models.functions import Coalesce, NullIf


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


def shown(redacted: str, original: str) -> Coalesce:
    """The redacted text when there is one, else the original (nothing to mask in it)."""
    return Coalesce(NullIf(redacted, Value("")), original, output_field=TextField())
