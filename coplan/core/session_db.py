"""Django's database sessions, read with one fixed statement.

A cached page served to a visitor with a session costs one cache read for the page and one
database read for the session; building the ORM query for that read cost more than the read
itself, about a third of the whole request. The statement never changes: it is written once
per database. Everything else (saving, expiry, cycling keys, async reads) is Django's.
"""

from __future__ import annotations

import functools

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


@functools.cache
def _statement(alias: str, model: type) -> str:
    quote = connections[alias].ops.quote_name
    meta = model._meta
    key, data, expiry = (
        quote(meta.get_field(name).column)
        for name in ("session_key", "session_data", "expire_date")
    )
    # Names from the model, values as parameters.
    return f"SELECT {data} FROM {quote(meta.db_table)} WHERE {key} = %s AND {expiry} > %s"  # noqa: S608


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_statement(alias, model), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            # As Django does: an unknown or expired key is forgotten; saving makes a new one.
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
