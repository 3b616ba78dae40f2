"""Django's database sessions, read with one fixed statement, and remembered for a moment.

A cached page served to a visitor with a session costs one cache read for the page and one
database read for the session; building the ORM query for that read cost more than the read
itself, about a third of the whole request. The statement never changes: it is written once
per database. Each process also remembers a session's stored text for a moment
(`COPLAN_SIGNED_IN_MEMO_SECONDS`), as long
as no session was saved or deleted by any process since (`SESSIONS_SCOPE`, a shared stamp: a
message added by another process, a sign-out anywhere, is seen at the next request). Everything
else (saving, expiry, cycling keys, async reads) is Django's.
"""

from __future__ import annotations

import functools
import threading
import time

from django.conf import settings
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from coplan.core.stamps import shared_stamp, shared_stamp_bump

MEMO_SIZE = 10_000
SESSIONS_SCOPE = "sessions"
# Changed by every sign-out (a session deleted) as well: core.authentication reads it.
ACCOUNTS_SCOPE = "accounts"
_memo: dict[str, tuple[float, str, str]] = {}
_memo_lock = threading.Lock()


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


def remembered_recently(remembered_at: float) -> bool:
    return time.monotonic() - remembered_at < settings.COPLAN_SIGNED_IN_MEMO_SECONDS


def _remember(session_key: str, stamp: str, data: str) -> None:
    with _memo_lock:
        if len(_memo) >= MEMO_SIZE:
            _memo.clear()
        _memo[session_key] = (time.monotonic(), stamp, data)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        stamp = shared_stamp(SESSIONS_SCOPE)
        found = _memo.get(self.session_key or "")
        if found is not None and found[1] == stamp and remembered_recently(found[0]):
            return model(session_key=self.session_key, session_data=found[2])
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
        _remember(self.session_key, stamp, row[0])
        return model(session_key=self.session_key, session_data=row[0])

    def save(self, must_create: bool = False) -> None:
        super().save(must_create=must_create)
        shared_stamp_bump(SESSIONS_SCOPE)

    def delete(self, session_key: str | None = None) -> None:
        super().delete(session_key)
        shared_stamp_bump(SESSIONS_SCOPE)
        shared_stamp_bump(ACCOUNTS_SCOPE)
