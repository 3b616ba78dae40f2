"""The versions cached pages are kept under, and the changes that bump them.

Every cached page (`core.pagecache`) and fragment carries in its key the version of what it
shows: a change bumps that version and the old copies are never read again. Each version is
shared by every web process (`core.stamps`).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .stamps import ITEM_SCOPE
from .stamps import bump as _bump_stamp
from .stamps import file_stamp as _stamp
from .stamps import scope_key as _scope_key
from .stamps import shared_stamp_file as _shared_stamp_file

# Each process remembers the version it read for this long: with Redis, reading it on every
# request was a network round trip per page. A change made by this process is seen at once;
# one made by another process within this time.
VERSION_MEMO_SECONDS = 1.0
# Besides the version every change bumps (scope ""), a change that concerns one process alone
# bumps that process's counter, and a change that may concern any process the global one. A
# page showing one process's content is keyed by these two (`process_page_cache`): during a
# live consultation, approving an idea in one process leaves the other processes' pages cached.
# Narrower still, an item scope (`item_scope`: one idea, one call's list, one process page's
# counts) is bumped by a change that only the pages showing that item show: approving an idea
# drops its page, its list and its process's counts, and leaves the other ideas' pages cached.
# Each version is shared by every web process (`core.stamps`).
GLOBAL_SCOPE = "global"
_version_memo: dict[str, tuple[float, str]] = {}


def _version(scope: str = "") -> str:
    """The counter of one scope ("" for every change), with its shared file's stamp."""
    now = time.monotonic()
    memo = _version_memo.get(scope)
    if memo is not None and now - memo[0] < VERSION_MEMO_SECONDS:
        return memo[1]
    key = _scope_key(scope)
    version = cache.get(key)
    if version is None:
        version = 1
        cache.add(key, version, timeout=None)
    shared = _shared_stamp_file(scope)
    combined = f"{version}" if shared is None else f"{version}.{_stamp(shared)}"
    _version_memo[scope] = (now, combined)
    return combined


def content_version() -> str:
    """Changes with every change to what public pages show."""
    return _version()


def item_scope(kind: str, pk: int) -> str:
    """The scope of one item a few pages show ("idea", 12): see `process_version`."""
    scope = f"{kind}-{int(pk)}"
    if not ITEM_SCOPE.fullmatch(scope) or kind == "process":
        raise ValueError(f"Bad item scope {scope!r}")
    return scope


def process_counts_scope(process_id: int) -> str:
    """What the process page shows of its contributions (`process_version`)."""
    return item_scope("counts", process_id)


def process_version(process_id: int, *items: str) -> str:
    """Changes with every change to this process's content, or to what all processes show,
    and with every change to these items (`item_scope`) that their pages alone show."""
    versions = [_version(GLOBAL_SCOPE), _version(f"process-{int(process_id)}")]
    versions += [_version(scope) for scope in items]
    return ".".join(versions)


def _bump_scope(scope: str) -> None:
    _bump_stamp(scope)
    _version_memo.pop(scope, None)


def _bump(process_ids: frozenset[int] | None = None) -> None:
    """Bump every change's version and, for a change of these processes alone, their
    counters; for any other change, the global one."""
    _bump_scope("")
    if process_ids is None:
        _bump_scope(GLOBAL_SCOPE)
    else:
        for process_id in process_ids:
            _bump_scope(f"process-{process_id}")


def bump_content_version(**kwargs) -> None:
    """Drop every cached page (their keys carry the version), now and again once the
    change's transaction commits: a page another process renders in between, from the data
    before the commit, would otherwise be kept under the new version. Connected to a model by
    `invalidate_on`, a saved or deleted row that belongs to one process (a `process_id` set)
    drops only the pages of that process and those not tied to one."""
    process_id = getattr(kwargs.get("instance"), "process_id", None)
    if isinstance(process_id, int):
        bump_process_version(process_id)
        return
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def bump_process_version(*process_ids: int) -> None:
    """Drop the cached pages of these processes and every page not tied to one process (the
    home page, plans, commitments...); other processes' pages stay. For a change that concerns
    these processes' content alone (a moderation decision on their contributions)."""
    scoped = frozenset(int(process_id) for process_id in process_ids)
    _bump(scoped)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(scoped))


def bump_items(*items: str) -> None:
    """Drop the cached pages that show these items (`item_scope`) and keep every other page:
    for a change that only the pages showing them show (an idea approved: its page, its call's
    list, its process's counts). Now and again once the change's transaction commits.

    Only for additive changes: a page under these scopes may be served in grace, up to
    `pagecache_fast.GRACE_SECONDS` late, while one request renders it again. Anything that takes
    text off a public page (hiding, redaction, erasure) uses `bump_process_version` or
    `bump_content_version`, which are never served late."""
    scopes = frozenset(items)

    def bump() -> None:
        for scope in scopes:
            _bump_scope(scope)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def bump_items_at_most_every(seconds: float, reason: str, *items: str) -> None:
    """For frequent small changes to the counts some items' pages show (a support adds one to
    an idea's count): drop those pages, each item at most once every `seconds` per reason. No
    other page shows these counts, so the rest stays cached: during a live consultation
    supports would otherwise drop whole processes several times a second. Called once the
    change is committed."""
    for scope in items:
        if cache.add(f"pagecache:soon:{reason}:{scope}", 1, timeout=seconds):
            _bump_scope(scope)


def invalidate_on(*models) -> None:
    """Cached pages are dropped when any of these models is saved or deleted."""
    for model in models:
        post_save.connect(
            bump_content_version,
            sender=model,
            weak=False,
            dispatch_uid=f"pagecache-save-{model._meta.label}",
        )
        post_delete.connect(
            bump_content_version,
            sender=model,
            weak=False,
            dispatch_uid=f"pagecache-delete-{model._meta.label}",
        )
