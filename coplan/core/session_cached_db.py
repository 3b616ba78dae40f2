"""Django's cached database sessions (with Redis), telling every process when one ends.

A session deleted (a sign-out, a key cycled at sign-in) changes the accounts stamp after it is
gone, so that no process keeps the account it remembered for it (`core.authentication`).
"""

from __future__ import annotations

from django.contrib.sessions.backends import cached_db

from coplan.core.session_db import ACCOUNTS_SCOPE
from coplan.core.stamps import shared_stamp_bump


class SessionStore(cached_db.SessionStore):
    def delete(self, session_key: str | None = None) -> None:
        super().delete(session_key)
        shared_stamp_bump(ACCOUNTS_SCOPE)
