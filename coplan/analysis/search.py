"""Full-text search over contributions in both languages.

On PostgreSQL: the English and French text-search configurations together over the text without
accents; a match in either language counts, and every word of the query is a prefix, as on
SQLite. The vectors are stored, one row per contribution in `analysis_search_vector` with a GIN
index (migration 0004), kept in step with the contributions table by triggers: computing them at
query time costs about 50 µs a text, which the planner underprices, so with an expression index
it still vectorised thousands of rows while walking the queue's order (0.5 s for a word in 1% of
100,000 texts); stored, the queue page with any search stays under 100 ms at 100,000
(bench/analysis_pg_search.py). Accents go through
`analysis_unaccent`, an IMMUTABLE wrapper around the unaccent extension, or, where the server
lacks that extension, around a fixed `translate()` of the Latin accented letters.

On SQLite: an FTS5 index of the contributions' text (migration 0003), folded for French and
English alike (`unicode61 remove_diacritics 2`: case and accents ignored), kept in step with the
contributions table by triggers. Every word of the query must start a word of the text
("donnee" finds "données"). The index is an external-content table: it stores only the tokens,
the text stays in the contributions table. Where SQLite was built without FTS5, every word must
occur in the text, compared through a folding function (a full scan: correct but slow).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL

SEARCH_MAX_LENGTH = 200
# More words than this add nothing but cost to a search query.
SEARCH_MAX_WORDS = 12
_WORD = re.compile(r"\w+", re.UNICODE)

FTS_TABLE = "analysis_contribution_fts"
# Written out in full (names fixed here, nothing from outside is ever formatted into SQL).
_CREATE_INDEX = """
    CREATE VIRTUAL TABLE IF NOT EXISTS analysis_contribution_fts USING fts5(
        text, content='contributions_contribution', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')"""
_REBUILD_INDEX = (
    "INSERT INTO analysis_contribution_fts(analysis_contribution_fts) VALUES ('rebuild')"
)
_TRIGGERS = {
    "analysis_fts_insert": """
        CREATE TRIGGER IF NOT EXISTS analysis_fts_insert
        AFTER INSERT ON contributions_contribution BEGIN
            INSERT INTO analysis_contribution_fts(rowid, text) VALUES (new.id, new.text);
        END""",
    "analysis_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS analysis_fts_delete
        AFTER DELETE ON contributions_contribution BEGIN
            INSERT INTO analysis_contribution_fts(analysis_contribution_fts, rowid, text)
            VALUES ('delete', old.id, old.text);
        END""",
    # Only when the text itself changes: tagging languages or grouping campaigns updates other
    # columns of every row and must not re-index 100,000 texts.
    "analysis_fts_update": """
        CREATE TRIGGER IF NOT EXISTS analysis_fts_update
        AFTER UPDATE OF text ON contributions_contribution BEGIN
            INSERT INTO analysis_contribution_fts(analysis_contribution_fts, rowid, text)
            VALUES ('delete', old.id, old.text);
            INSERT INTO analysis_contribution_fts(rowid, text) VALUES (new.id, new.text);
        END""",
}
_INDEX_PARTS = """
    SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name IN
    ('analysis_contribution_fts', 'analysis_fts_insert', 'analysis_fts_delete',
     'analysis_fts_update')"""
_MATCHING = "SELECT rowid FROM analysis_contribution_fts WHERE analysis_contribution_fts MATCH %s"


# PostgreSQL. Every name is fixed here; nothing from outside is formatted into SQL except the
# unaccent extension's schema, read from the catalog and quoted.
PG_TABLE = "analysis_search_vector"
PG_INDEX = "analysis_search_vector_gin"
PG_UNACCENT = "analysis_unaccent"
_PG_TRIGGERS = ("analysis_search_insert", "analysis_search_update", "analysis_search_delete")
_PG_MATCHING = (
    "SELECT contribution_id FROM analysis_search_vector WHERE vector @@ "
    "(to_tsquery('english'::regconfig, analysis_unaccent(%s)) || "
    "to_tsquery('french'::regconfig, analysis_unaccent(%s)))"
)
_PG_UNACCENT_BODY = (
    "CREATE FUNCTION analysis_unaccent(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT {body} $$"
)
# Without the extension: the accented Latin letters French and English texts use, one for one
# (translate() cannot turn "œ" into "oe"; unaccent can).
_ACCENTED = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ"
_PLAIN = "aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUY"
# No foreign key to the contributions: Django empties its tables with one TRUNCATE of the tables
# it knows, which a reference from an unknown table would refuse. Triggers do the following.
_PG_CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS analysis_search_vector "
    "(contribution_id bigint PRIMARY KEY, vector tsvector NOT NULL)"
)
_PG_CREATE_INDEX = (
    "CREATE INDEX IF NOT EXISTS analysis_search_vector_gin ON analysis_search_vector "
    "USING gin (vector)"
)
# Written out in full, like the SQLite statements.
_PG_FOLLOW = """
    CREATE OR REPLACE FUNCTION analysis_search_follow() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE analysis_search_vector;
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM analysis_search_vector WHERE contribution_id = OLD.id;
        ELSE
            INSERT INTO analysis_search_vector (contribution_id, vector)
            VALUES (NEW.id, to_tsvector('english'::regconfig, analysis_unaccent(NEW.text))
                            || to_tsvector('french'::regconfig, analysis_unaccent(NEW.text)))
            ON CONFLICT (contribution_id) DO UPDATE SET vector = EXCLUDED.vector;
        END IF;
        RETURN NULL;
    END $$"""
_PG_CREATE_TRIGGERS = {
    "analysis_search_insert": "CREATE TRIGGER analysis_search_insert AFTER INSERT "
    "ON contributions_contribution FOR EACH ROW EXECUTE FUNCTION analysis_search_follow()",
    # Only when the text itself changes: tagging languages or grouping campaigns updates other
    # columns of every row and must not vectorise 100,000 texts again.
    "analysis_search_update": "CREATE TRIGGER analysis_search_update AFTER UPDATE OF text "
    "ON contributions_contribution FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) "
    "EXECUTE FUNCTION analysis_search_follow()",
    "analysis_search_delete": "CREATE TRIGGER analysis_search_delete AFTER DELETE "
    "ON contributions_contribution FOR EACH ROW EXECUTE FUNCTION analysis_search_follow()",
    "analysis_search_truncate": "CREATE TRIGGER analysis_search_truncate AFTER TRUNCATE "
    "ON contributions_contribution FOR EACH STATEMENT EXECUTE FUNCTION analysis_search_follow()",
}
_PG_REBUILD = (
    "DELETE FROM analysis_search_vector s WHERE NOT EXISTS "
    "(SELECT 1 FROM contributions_contribution c WHERE c.id = s.contribution_id)",
    "INSERT INTO analysis_search_vector (contribution_id, vector) SELECT id, "
    "to_tsvector('english'::regconfig, analysis_unaccent(text)) || "
    "to_tsvector('french'::regconfig, analysis_unaccent(text)) FROM contributions_contribution "
    "ON CONFLICT (contribution_id) DO UPDATE SET vector = EXCLUDED.vector",
)


def _pg_unaccent_body(conn, cursor) -> str:
    """The wrapper's body: the unaccent extension if the server has it, else translate()."""
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    )
    installed = cursor.fetchone()
    if installed is None:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        if cursor.fetchone() is not None:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            return _pg_unaccent_body(conn, cursor)
        return f"translate($1, '{_ACCENTED}', '{_PLAIN}')"
    # Schema-qualified with the dictionary named: unaccent(text) alone depends on search_path,
    # which is why it is only STABLE; the two-argument form with fixed names is not.
    schema = conn.ops.quote_name(installed[0])
    dictionary = f"{schema}.unaccent".replace("'", "''")
    return f"{schema}.unaccent('{dictionary}'::regdictionary, $1)"


def pg_index_install(conn) -> None:
    """Create the stored vectors, their GIN index and the triggers if missing; if any part was
    missing, bring the vectors in step with the contributions table. Idempotent.

    An existing accent-folding wrapper is left as it is: the stored vectors were made with it,
    and a different body would make them disagree with the query.
    """
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname = %s", [PG_UNACCENT])
        if cursor.fetchone() is None:
            body = _pg_unaccent_body(conn, cursor)
            cursor.execute(_PG_UNACCENT_BODY.format(body=body))
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'contributions_contribution'::regclass"
        )
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [PG_TABLE])
        table_present = cursor.fetchone()[0]
        # An expression index of that name served the search for a few commits; the stored
        # vectors replace it (it would only slow every insert down).
        cursor.execute("DROP INDEX IF EXISTS analysis_contribution_search")
        cursor.execute(_PG_CREATE_TABLE)
        cursor.execute(_PG_CREATE_INDEX)
        if table_present and set(_PG_CREATE_TRIGGERS) <= triggers:
            return
        cursor.execute(_PG_FOLLOW)
        for name, sql in _PG_CREATE_TRIGGERS.items():
            if name not in triggers:
                cursor.execute(sql)
        for sql in _PG_REBUILD:
            cursor.execute(sql)


def pg_index_drop(conn) -> None:
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        for name in _PG_CREATE_TRIGGERS:
            cursor.execute(
                "DROP TRIGGER IF EXISTS "
                + conn.ops.quote_name(name)
                + " ON contributions_contribution"
            )
        cursor.execute("DROP FUNCTION IF EXISTS analysis_search_follow()")
        cursor.execute("DROP TABLE IF EXISTS analysis_search_vector")
        cursor.execute("DROP FUNCTION IF EXISTS analysis_unaccent(text)")


def pg_tsquery(words: list[str]) -> str:
    """The to_tsquery text: every word, quoted, as a prefix, all required."""
    return " & ".join("'" + word.replace("\\", "").replace("'", "") + "':*" for word in words)


def _sqlite_has_fts5() -> bool:
    try:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        finally:
            probe.close()
    except sqlite3.OperationalError:
        return False
    return True


SQLITE_FTS5 = _sqlite_has_fts5()


def fold(text: str) -> str:
    """Lower case without accents: 'Élaborer' → 'elaborer'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def install_sqlite_functions(sender, connection, **kwargs) -> None:  # noqa: ARG001
    if connection.vendor == "sqlite":
        connection.connection.create_function("coplan_fold", 1, fold, deterministic=True)


class Fold(Func):
    function = "coplan_fold"
    output_field = TextField()


def sqlite_index_install(conn) -> None:
    """Create the FTS5 index and its triggers if missing; rebuild the index if any was missing.

    Idempotent. Run by migration 0003 and after every `migrate`: a later migration of the
    contributions app may rebuild its table (SQLite's way of altering columns), which drops
    the triggers; the index is then rebuilt from the table so it never drifts.
    """
    if conn.vendor != "sqlite" or not SQLITE_FTS5:
        return
    with conn.cursor() as cursor:
        cursor.execute(_INDEX_PARTS)
        present = {row[0] for row in cursor.fetchall()}
        if present == {FTS_TABLE, *_TRIGGERS}:
            return
        cursor.execute(_CREATE_INDEX)
        for sql in _TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(_REBUILD_INDEX)


def sqlite_index_drop(schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in _TRIGGERS:
        schema_editor.execute("DROP TRIGGER IF EXISTS " + schema_editor.quote_name(name))
    schema_editor.execute("DROP TABLE IF EXISTS analysis_contribution_fts")


def _words(query: str) -> list[str]:
    return _WORD.findall((query or "").strip()[:SEARCH_MAX_LENGTH])[:SEARCH_MAX_WORDS]


def fts_match(words: list[str]) -> str:
    """The FTS5 query: every word, each as a quoted prefix (no operator can be injected)."""
    return " ".join(f'"{word}"*' for word in words)


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Contributions whose text matches the query, in English or French."""
    words = _words(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        tsquery = pg_tsquery(words)
        # The query is a bound parameter; pg_tsquery quotes every word.
        return queryset.filter(pk__in=RawSQL(_PG_MATCHING, [tsquery, tsquery]))  # noqa: S611
    if connection.vendor == "sqlite" and SQLITE_FTS5:
        # The query is a bound parameter; fts_match quotes every word.
        matching = RawSQL(_MATCHING, [fts_match(words)])  # noqa: S611
        return queryset.filter(pk__in=matching)
    condition = Q()
    annotated = queryset.annotate(folded_text=Fold(F("text")))
    for word in words:
        condition &= Q(folded_text__contains=fold(word))
    return annotated.filter(condition)
