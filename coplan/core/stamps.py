"""Versions that every web process sees: a counter in the cache, and with a cache of each
process's own memory a small file's stamp too.

With a cache of each process's own memory (the default, without Redis), a change made in one
web process must still be seen by the others: a scope's version then also carries the stamp of
a small file that every process on the machine sees, replaced on each change (one file per
scope beside `COPLAN_CONTENT_VERSION_FILE`; item scopes, one per idea, in a folder of their
own). With a shared cache (Redis), its counter alone is enough. The page cache keys pages by
these versions (`core.pagecache`); who is signed in is checked against them
(`core.authentication`).
"""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "pagecache:version"
# One item a few pages show (`pagecache.item_scope`): "idea-12".
ITEM_SCOPE = re.compile(r"[a-z]{1,20}-[0-9]{1,20}")
_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
logger = logging.getLogger(__name__)


def shared_stamp_file(scope: str = "") -> Path | None:
    """The file whose stamp is part of the scope's version, or None with a shared cache."""
    if settings.CACHES["default"]["BACKEND"] not in _PROCESS_CACHES:
        return None
    path = Path(settings.COPLAN_CONTENT_VERSION_FILE)
    if ITEM_SCOPE.fullmatch(scope) and not scope.startswith("process-"):
        return path.with_name(f"{path.name}.items") / scope
    return path.with_name(f"{path.name}.{scope}") if scope else path


def file_stamp(path: Path) -> str:
    """The file's inode and modification time: replacing the file changes both."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return "0"
    return f"{found.st_ino}-{found.st_mtime_ns}"


def scope_key(scope: str) -> str:
    return f"{VERSION_KEY}:{scope}" if scope else VERSION_KEY


def bump(scope: str) -> None:
    """Change the scope's version in every process (its counter, and its file)."""
    key = scope_key(scope)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)
    shared = shared_stamp_file(scope)
    if shared is not None:
        try:
            shared.parent.mkdir(parents=True, exist_ok=True)
            fresh = shared.with_name(f".{shared.name}.{os.getpid()}.{time.monotonic_ns()}")
            fresh.write_bytes(b"")
            os.replace(fresh, shared)
        except OSError:
            # Other processes then serve their copies until these expire (60 s): a change
            # must never fail for it.
            logger.warning("could not replace the content version file %s", shared)


def shared_stamp(scope: str) -> str:
    """A scope's version read afresh, without any per-process memo: for a check that must see
    another process's change at its next request (who is signed in)."""
    version = cache.get(scope_key(scope)) or 0
    shared = shared_stamp_file(scope)
    return f"{version}" if shared is None else f"{version}.{file_stamp(shared)}"


def shared_stamp_bump(scope: str) -> None:
    """Change `shared_stamp(scope)` in every process, now and again once the current
    transaction commits (a process reading in between would remember the data before it)."""
    bump(scope)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: bump(scope))
