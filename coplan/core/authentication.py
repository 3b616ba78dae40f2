"""Who is signed in, without reading the account on every page (issue 21).

Django reads the session and the account on every request of a signed-in visitor, and checks
the session against the account (a role removed, a password changed: the session no longer
matches and is signed out). A participant's cached page then cost two database reads for a
page served from the cache. Each process remembers, for a moment
(`COPLAN_SIGNED_IN_MEMO_SECONDS`), the participant a
session was last checked for, as long as no account, role or sign-in changed anywhere since
(`ACCOUNTS_SCOPE`, a shared stamp read afresh on each request: every process sees a change at
its next request). Staff are never remembered: their every request is checked in full (second
factor, idle timeout, audit).
"""

from __future__ import annotations

import copy
import threading
import time

from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .session_db import ACCOUNTS_SCOPE, MEMO_SIZE, remembered_recently
from .stamps import shared_stamp, shared_stamp_bump

_memo: dict[str, tuple[float, str, object]] = {}
_memo_lock = threading.Lock()


def signed_in_user(request: HttpRequest):
    """The visitor's account (or AnonymousUser), as Django finds it, or as this process found
    it for this session a moment ago when nothing about accounts changed since."""
    session_key = request.session.session_key
    if not session_key:
        return auth.get_user(request)
    stamp = shared_stamp(ACCOUNTS_SCOPE)
    found = _memo.get(session_key)
    if found is not None and found[1] == stamp and remembered_recently(found[0]):
        # A copy: middleware sets per-request attributes on it (django-otp's is_verified).
        return copy.copy(found[2])
    user = auth.get_user(request)
    if (
        user.is_authenticated
        and not (user.is_staff or user.is_superuser)
        and request.session.session_key == session_key
    ):
        with _memo_lock:
            if len(_memo) >= MEMO_SIZE:
                _memo.clear()
            _memo[session_key] = (time.monotonic(), stamp, copy.copy(user))
    return user


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, with the account remembered as `signed_in_user` says."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: signed_in_user(request))


def accounts_changed(**kwargs) -> None:
    """Any account saved or deleted, any role given or taken, any sign-in or sign-out: every
    process checks its visitors' sessions in full again."""
    shared_stamp_bump(ACCOUNTS_SCOPE)


def connect() -> None:
    """Called once at start-up (core.apps)."""
    user_model = get_user_model()
    for signal in (post_save, post_delete):
        signal.connect(
            accounts_changed, sender=user_model, dispatch_uid=f"accounts-changed-{signal}"
        )
    m2m_changed.connect(
        accounts_changed, sender=user_model.groups.through, dispatch_uid="accounts-roles-changed"
    )
    m2m_changed.connect(
        accounts_changed,
        sender=user_model.user_permissions.through,
        dispatch_uid="accounts-permissions-changed",
    )
    user_logged_in.connect(accounts_changed, dispatch_uid="accounts-signed-in")
    user_logged_out.connect(accounts_changed, dispatch_uid="accounts-signed-out")
