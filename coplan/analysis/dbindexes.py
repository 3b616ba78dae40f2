"""Indexes the analysis app keeps on the contributions table (which it never edits otherwise).

The workspace queue reads one process's contributions newest first; with 100,000 of them only an
index ordered by (process, received, id) lets the database stop after one page instead of
sorting them all. The contributions app's own index leads with the moderation state, which the
queue filters with NOT IN, so it cannot give that order.

Full-text search has an index of its own on each database (see `search`): FTS5 and triggers on
SQLite, stored vectors with a GIN index and triggers on PostgreSQL.

SQLite rebuilds a table to alter it and keeps only the indexes its models declare: the index
(and the search index's triggers) are put back after every `migrate`, on PostgreSQL too (where
nothing is expected to drop them, but a missing trigger would silently leave texts unsearchable).
"""

from __future__ import annotations

QUEUE_ORDER_INDEX = "analysis_queue_order"
_CREATE = (
    "CREATE INDEX IF NOT EXISTS analysis_queue_order "
    "ON contributions_contribution (process_id, received_at, id)"
)
_DROP = "DROP INDEX IF EXISTS analysis_queue_order"


def queue_index_install(conn) -> None:
    with conn.cursor() as cursor:
        cursor.execute(_CREATE)


def queue_index_drop(conn) -> None:
    with conn.cursor() as cursor:
        cursor.execute(_DROP)


def after_migrate(sender, using: str = "default", **kwargs) -> None:  # noqa: ARG001
    """Idempotent: make sure the analysis app's indexes on other apps' tables exist."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from .search import pg_index_install, sqlite_index_install

    conn = connections[using]
    applied = MigrationRecorder(conn).applied_migrations()
    if ("analysis", "0003_queue_counts_and_search") not in applied:
        return
    queue_index_install(conn)
    sqlite_index_install(conn)
    if ("analysis", "0004_postgresql_search_index") in applied:
        pg_index_install(conn)
