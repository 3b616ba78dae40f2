"""How each contribution was used, stored on PostgreSQL for the data set's CSV build.

The contributions CSV (contribution_sql, from columns.CONTRIBUTIONS) carries, per comment, its
translation, its primary and secondary commitments, its primary theme and confirmed themes, its
campaign, its disposition and the reasoned responses. Gathering them from eight tables for a million
comments (grouping 450,000 codings, sorting links, joining assessments) cost the build more
than the database's whole dump of the comments; stored here, one row per contribution that has
any of them, the build reads them in one merge join.

They are kept in step in two halves, both in the database so that no write path can skip them:
- triggers on every table they come from note the contributions a statement touched (a
  coding, a link, a translation…) or whose looked-up code changed (a theme's code or order, a
  disposition's code, a campaign's key or size, a commitment's identifier or order) in
  opendata_contribution_use_stale — cheap, once per statement, whatever its size;
- `refresh()` takes the noted contributions and stores their uses again, in one statement.
  Every build runs it first, and a periodic job every minute keeps the backlog short.

Noting and taking happen in one statement each, so a change committed while a refresh runs is
either seen by it or left noted for the next one: nothing is lost to a race.

SQLite builds the CSV from per-chunk queries instead (contribution_chunks) and has none
of this. Neither table has a foreign key: Django empties its tables with one TRUNCATE of the
tables it knows, which a reference from an unknown table would refuse; triggers on the
contributions table clear them instead.
"""

from __future__ import annotations

from django.db import connection as default_connection

TABLE = "opendata_contribution_use"
STALE = "opendata_contribution_use_stale"
# pg_advisory_xact_lock key: one refresh at a time (a second waits, then finds little to do).
_LOCK = 7_246_501
# A refresh storing this many rows updates the table's planner statistics.
_MANY = 10_000

_CREATE_TABLES = (
    "CREATE TABLE IF NOT EXISTS opendata_contribution_use ("
    "contribution_id bigint PRIMARY KEY, translation_language text, translation_text text, "
    "primary_commitment text, secondary_commitments text, primary_theme text, themes text, "
    "campaign text, campaign_size integer, disposition text, response_en text, "
    "response_fr text)",
    "CREATE TABLE IF NOT EXISTS opendata_contribution_use_stale "
    "(contribution_id bigint PRIMARY KEY)",
)

# The contributions a statement on each table concerns, from its transition tables. Tables
# holding one fact per contribution: every row touched. Looked-up tables: only rows whose
# looked-up values changed (renaming a theme does not touch its 100,000 codings).
_DIRECT = (
    "analysis_coding",
    "analysis_contributionassessment",
    "analysis_campaignmember",
    "analysis_contributiontranslation",
    "commitments_contributionlink",
)
_LOOKED_UP = {
    "analysis_theme": (
        ("code", "position"),
        "SELECT contribution_id FROM analysis_coding WHERE theme_id IN ({changed}) "
        "UNION ALL SELECT contribution_id FROM analysis_contributionassessment "
        "WHERE primary_theme_id IN ({changed})",
    ),
    "analysis_disposition": (
        ("code",),
        "SELECT contribution_id FROM analysis_contributionassessment "
        "WHERE disposition_id IN ({changed})",
    ),
    "analysis_campaign": (
        ("key", "size"),
        "SELECT contribution_id FROM analysis_campaignmember WHERE campaign_id IN ({changed})",
    ),
    "commitments_commitment": (
        ("identifier", "position"),
        "SELECT contribution_id FROM commitments_contributionlink "
        "WHERE commitment_id IN ({changed})",
    ),
}
_NOTE = (
    "INSERT INTO opendata_contribution_use_stale (contribution_id) "
    "SELECT DISTINCT id FROM ({ids}) AS touched(id) WHERE id IS NOT NULL ORDER BY id "
    "ON CONFLICT DO NOTHING;"
)


def _function_name(table: str) -> str:
    return f"opendata_use_note_{table}"


def _functions() -> dict[str, str]:
    """One trigger function per source table (names fixed here, nothing from outside)."""
    functions = {}
    for table in _DIRECT:
        inserted = _NOTE.format(ids="SELECT contribution_id FROM new_rows")
        deleted = _NOTE.format(ids="SELECT contribution_id FROM old_rows")
        functions[table] = f"""
            CREATE OR REPLACE FUNCTION {_function_name(table)}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {inserted} END IF;
                IF TG_OP IN ('UPDATE', 'DELETE') THEN {deleted} END IF;
                RETURN NULL;
            END $$"""
    for table, (columns, concerned) in _LOOKED_UP.items():
        new = ", ".join(f"n.{column}" for column in columns)
        old = ", ".join(f"o.{column}" for column in columns)
        changed = (
            "SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id "  # noqa: S608 (fixed names)
            f"WHERE ({new}) IS DISTINCT FROM ({old})"
        )
        noted = _NOTE.format(ids=concerned.format(changed=changed))
        functions[table] = f"""
            CREATE OR REPLACE FUNCTION {_function_name(table)}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                {noted}
                RETURN NULL;
            END $$"""
    functions["contributions_contribution"] = """
        CREATE OR REPLACE FUNCTION opendata_use_note_contributions_contribution()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                TRUNCATE opendata_contribution_use, opendata_contribution_use_stale;
            ELSE
                DELETE FROM opendata_contribution_use
                WHERE contribution_id IN (SELECT id FROM old_rows);
                DELETE FROM opendata_contribution_use_stale
                WHERE contribution_id IN (SELECT id FROM old_rows);
            END IF;
            RETURN NULL;
        END $$"""
    return functions


def _triggers() -> dict[str, tuple[str, str]]:
    """Statement-level triggers (a bulk insert of 100,000 codings notes them in one go).
    PostgreSQL allows transition tables on triggers of one event only: one trigger each.
    Name → (table, statement)."""
    referencing = {
        "INSERT": "REFERENCING NEW TABLE AS new_rows",
        "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "REFERENCING OLD TABLE AS old_rows",
    }
    events = dict.fromkeys(_DIRECT, ("INSERT", "UPDATE", "DELETE"))
    events |= dict.fromkeys(_LOOKED_UP, ("UPDATE",))
    events["contributions_contribution"] = ("DELETE", "TRUNCATE")
    triggers = {}
    for table, table_events in events.items():
        for event in table_events:
            name = f"opendata_use_{event.lower()}_{table}"
            triggers[name] = (
                table,
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"{referencing.get(event, '')} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {_function_name(table)}()",
            )
    return triggers


# Every contribution that has any use, noted once when the triggers are (re)installed.
_NOTE_ALL = _NOTE.format(
    ids=" UNION ALL ".join(
        f"SELECT contribution_id FROM {table}"  # noqa: S608 (fixed names)
        for table in _DIRECT
    )
)

# Take the noted contributions and store their uses again, as the Python path computes them
# (contribution_chunks): the first translation by language; of the links in plan order,
# the first primary one is the primary commitment and every other is secondary; confirmed
# themes in codebook order.
_REFRESH = """
WITH taken AS (DELETE FROM opendata_contribution_use_stale RETURNING contribution_id AS id),
tr AS (
    SELECT DISTINCT ON (x.contribution_id) x.contribution_id AS id, x.language, x.text
    FROM analysis_contributiontranslation x JOIN taken ON taken.id = x.contribution_id
    ORDER BY x.contribution_id, x.language
),
lk AS (
    SELECT id, max(identifier) FILTER (WHERE is_first) AS first_primary,
        string_agg(identifier, ';' ORDER BY position, identifier) FILTER (WHERE NOT is_first)
        AS others
    FROM (
        SELECT l.contribution_id AS id, cm.identifier, cm.position,
            l.relation = 'primary' AND row_number() OVER (
                PARTITION BY l.contribution_id, l.relation = 'primary'
                ORDER BY cm.position, cm.identifier
            ) = 1 AS is_first
        FROM commitments_contributionlink l
        JOIN taken ON taken.id = l.contribution_id
        JOIN commitments_commitment cm ON cm.id = l.commitment_id
    ) AS links
    GROUP BY id
),
th AS (
    SELECT co.contribution_id AS id, string_agg(t.code, ';' ORDER BY t.position, t.id) AS codes
    FROM analysis_coding co
    JOIN taken ON taken.id = co.contribution_id
    JOIN analysis_theme t ON t.id = co.theme_id
    WHERE co.confirmed
    GROUP BY co.contribution_id
),
uses AS (
    SELECT taken.id, tr.language, tr.text, lk.first_primary, lk.others, pt.code AS theme,
        th.codes, camp.key, camp.size, d.code AS disposition, a.response_en, a.response_fr,
        num_nonnulls(tr.id, lk.id, th.id, a.id, m.id) > 0 AS used
    FROM taken
    LEFT JOIN tr ON tr.id = taken.id
    LEFT JOIN lk ON lk.id = taken.id
    LEFT JOIN th ON th.id = taken.id
    LEFT JOIN analysis_contributionassessment a ON a.contribution_id = taken.id
    LEFT JOIN analysis_disposition d ON d.id = a.disposition_id
    LEFT JOIN analysis_theme pt ON pt.id = a.primary_theme_id
    LEFT JOIN analysis_campaignmember m ON m.contribution_id = taken.id
    LEFT JOIN analysis_campaign camp ON camp.id = m.campaign_id
),
unused AS (
    DELETE FROM opendata_contribution_use u USING uses
    WHERE u.contribution_id = uses.id AND NOT uses.used
)
INSERT INTO opendata_contribution_use AS u (contribution_id, translation_language,
    translation_text, primary_commitment, secondary_commitments, primary_theme, themes,
    campaign, campaign_size, disposition, response_en, response_fr)
SELECT id, language, text, first_primary, others, theme, codes, key, size, disposition,
    response_en, response_fr
FROM uses WHERE used ORDER BY id
ON CONFLICT (contribution_id) DO UPDATE SET
    translation_language = EXCLUDED.translation_language,
    translation_text = EXCLUDED.translation_text,
    primary_commitment = EXCLUDED.primary_commitment,
    secondary_commitments = EXCLUDED.secondary_commitments,
    primary_theme = EXCLUDED.primary_theme, themes = EXCLUDED.themes,
    campaign = EXCLUDED.campaign, campaign_size = EXCLUDED.campaign_size,
    disposition = EXCLUDED.disposition, response_en = EXCLUDED.response_en,
    response_fr = EXCLUDED.response_fr
"""


def _installed_triggers(cursor) -> set[str]:
    cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", ["opendata\\_use\\_%"])
    return {row[0] for row in cursor.fetchall()}


def pg_install(conn) -> None:
    """Create the tables, functions and triggers that are missing. When any trigger was
    missing, changes may have gone unnoted: every contribution with a use is noted and
    refreshed. Idempotent; nothing on SQLite."""
    if conn.vendor != "postgresql":
        return
    triggers = _triggers()
    with conn.cursor() as cursor:
        for sql in _CREATE_TABLES:
            cursor.execute(sql)
        for sql in _functions().values():
            cursor.execute(sql)
        present = _installed_triggers(cursor)
        if set(triggers) <= present:
            return
        for name, (_table, sql) in triggers.items():
            if name not in present:
                cursor.execute(sql)
        cursor.execute(_NOTE_ALL)
    refresh(conn)


def pg_drop(conn) -> None:
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        for name, (table, _sql) in _triggers().items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for table in _functions():
            cursor.execute(f"DROP FUNCTION IF EXISTS {_function_name(table)}()")
        cursor.execute("DROP TABLE IF EXISTS opendata_contribution_use_stale")
        cursor.execute("DROP TABLE IF EXISTS opendata_contribution_use")


def refresh(conn=None) -> int:
    """Store again the uses of every noted contribution; returns how many were stored.
    One refresh at a time: a second waits for the first and then finds only what was noted
    meanwhile. Inside a caller's transaction (tests), runs in it."""
    conn = conn or default_connection
    if conn.vendor != "postgresql":
        return 0
    from django.db import transaction

    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        cursor.execute(_REFRESH)
        stored = max(cursor.rowcount, 0)
        if stored >= _MANY:
            # Without fresh statistics the build's planner, guessing the table small, sorts
            # it instead of reading it along its key (half a second per million rows).
            cursor.execute("ANALYZE opendata_contribution_use")
        return stored


def after_migrate(sender, using: str = "default", **kwargs) -> None:  # noqa: ARG001
    """Put back any missing part once the tables it follows exist (see the migration)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    if ("opendata", "0002_stored_contribution_uses") in MigrationRecorder(
        conn
    ).applied_migrations():
        pg_install(conn)
