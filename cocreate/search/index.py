"""The full-text indexes of proposals and comments, one per database vendor, kept in sync by the
database itself.

SQLite: an FTS5 *external-content* table per indexed table, maintained by three SQL triggers
(insert, delete, update of the indexed columns), Porter stemming:
  - `search_proposal_fts` (rowid = proposal id; title, rationale) over `proposals_proposal`;
  - `search_comment_fts` (rowid = comment id; body) over `community_comment`.
PostgreSQL: a stored generated `tsvector` column (`search_vector`, English configuration) with a
GIN index on each table; it needs no sync at all. Weights say what a match is worth: a proposal's
title A, its rationale B, a comment's body C (half a rationale; see `selectors.COMMENT_WEIGHT`).

Neither uses Django signals: every write path (services, bulk_create, raw SQL, the admin) keeps
the indexes right. Hidden comments stay in the index (moderation only flips a flag, and an
external-content index must be told exactly what it holds); the selector leaves them out.

Caveat (SQLite): Django rebuilds a table for some schema changes (``_remake_table``), and SQLite
drops a table's triggers with it. ``install`` is idempotent, and ``SearchConfig`` runs it after
every ``migrate`` (post_migrate), which re-creates the triggers and rebuilds the indexes;
``cocreate search_index`` does the same by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# One text-search configuration for indexing and querying; to_tsvector with a constant
# configuration is immutable, as a generated column requires.
PG_CONFIG = "english"


@dataclass(frozen=True)
class Index:
    """One table's full-text index: the SQL that installs, repairs and removes it per vendor."""

    table: str
    sqlite_install: tuple[str, ...]
    sqlite_uninstall: tuple[str, ...]
    triggers: tuple[str, ...]
    pg_install: tuple[str, str]  # the generated column, then its GIN index
    pg_index_name: str
    pg_uninstall: tuple[str, ...]


PROPOSALS = Index(
    table="proposals_proposal",
    sqlite_install=(
        """CREATE VIRTUAL TABLE IF NOT EXISTS search_proposal_fts USING fts5(
            title, rationale,
            content='proposals_proposal', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER IF NOT EXISTS search_proposal_ai AFTER INSERT ON proposals_proposal BEGIN
            INSERT INTO search_proposal_fts(rowid, title, rationale)
            VALUES (new.id, new.title, new.rationale);
        END""",
        """CREATE TRIGGER IF NOT EXISTS search_proposal_ad AFTER DELETE ON proposals_proposal BEGIN
            INSERT INTO search_proposal_fts(search_proposal_fts, rowid, title, rationale)
            VALUES ('delete', old.id, old.title, old.rationale);
        END""",
        """CREATE TRIGGER IF NOT EXISTS search_proposal_au
        AFTER UPDATE OF title, rationale ON proposals_proposal BEGIN
            INSERT INTO search_proposal_fts(search_proposal_fts, rowid, title, rationale)
            VALUES ('delete', old.id, old.title, old.rationale);
            INSERT INTO search_proposal_fts(rowid, title, rationale)
            VALUES (new.id, new.title, new.rationale);
        END""",
        # Index whatever the table already holds (and repair an index whose triggers were lost).
        "INSERT INTO search_proposal_fts(search_proposal_fts) VALUES ('rebuild')",
    ),
    sqlite_uninstall=(
        "DROP TRIGGER IF EXISTS search_proposal_ai",
        "DROP TRIGGER IF EXISTS search_proposal_ad",
        "DROP TRIGGER IF EXISTS search_proposal_au",
        "DROP TABLE IF EXISTS search_proposal_fts",
    ),
    triggers=("search_proposal_ai", "search_proposal_ad", "search_proposal_au"),
    pg_install=(
        f"""ALTER TABLE proposals_proposal ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('{PG_CONFIG}', coalesce(title, '')), 'A')
            || setweight(to_tsvector('{PG_CONFIG}', coalesce(rationale, '')), 'B')
        ) STORED""",
        """CREATE INDEX IF NOT EXISTS search_proposal_vector
        ON proposals_proposal USING GIN (search_vector)""",
    ),
    pg_index_name="search_proposal_vector",
    pg_uninstall=(
        "DROP INDEX IF EXISTS search_proposal_vector",
        "ALTER TABLE proposals_proposal DROP COLUMN IF EXISTS search_vector",
    ),
)

COMMENTS = Index(
    table="community_comment",
    sqlite_install=(
        """CREATE VIRTUAL TABLE IF NOT EXISTS search_comment_fts USING fts5(
            body,
            content='community_comment', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER IF NOT EXISTS search_comment_ai AFTER INSERT ON community_comment BEGIN
            INSERT INTO search_comment_fts(rowid, body) VALUES (new.id, new.body);
        END""",
        """CREATE TRIGGER IF NOT EXISTS search_comment_ad AFTER DELETE ON community_comment BEGIN
            INSERT INTO search_comment_fts(search_comment_fts, rowid, body)
            VALUES ('delete', old.id, old.body);
        END""",
        """CREATE TRIGGER IF NOT EXISTS search_comment_au
        AFTER UPDATE OF body ON community_comment BEGIN
            INSERT INTO search_comment_fts(search_comment_fts, rowid, body)
            VALUES ('delete', old.id, old.body);
            INSERT INTO search_comment_fts(rowid, body) VALUES (new.id, new.body);
        END""",
        "INSERT INTO search_comment_fts(search_comment_fts) VALUES ('rebuild')",
    ),
    sqlite_uninstall=(
        "DROP TRIGGER IF EXISTS search_comment_ai",
        "DROP TRIGGER IF EXISTS search_comment_ad",
        "DROP TRIGGER IF EXISTS search_comment_au",
        "DROP TABLE IF EXISTS search_comment_fts",
    ),
    triggers=("search_comment_ai", "search_comment_ad", "search_comment_au"),
    pg_install=(
        f"""ALTER TABLE community_comment ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (setweight(to_tsvector('{PG_CONFIG}', coalesce(body, '')), 'C'))
        STORED""",
        """CREATE INDEX IF NOT EXISTS search_comment_vector
        ON community_comment USING GIN (search_vector)""",
    ),
    pg_index_name="search_comment_vector",
    pg_uninstall=(
        "DROP INDEX IF EXISTS search_comment_vector",
        "ALTER TABLE community_comment DROP COLUMN IF EXISTS search_vector",
    ),
)
INDEXES = (PROPOSALS, COMMENTS)


def _run(connection: Any, statements: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _pg_missing(connection: Any, index: Index) -> list[str]:
    """PostgreSQL refuses DDL on a table with pending deferred checks (inside a transaction that
    just wrote to it), so only what is not there yet is installed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns"
            " WHERE table_name = %s AND column_name = 'search_vector'),"
            " EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = %s)",
            [index.table, index.pg_index_name],
        )
        present = cursor.fetchone()
    return [sql for sql, done in zip(index.pg_install, present, strict=True) if not done]


def install(connection: Any, indexes: Sequence[Index] = INDEXES) -> None:
    """Create (or repair) `indexes` on this connection's database; idempotent. An index whose
    table does not exist yet (a partial migrate) is left for the migration that creates it."""
    tables = set(connection.introspection.table_names())
    for index in indexes:
        if index.table not in tables:
            continue
        if connection.vendor == "sqlite":
            _run(connection, index.sqlite_install)
        elif connection.vendor == "postgresql":
            _run(connection, _pg_missing(connection, index))
        else:  # pragma: no cover - the project supports these two
            raise NotImplementedError(f"full-text search is not built for {connection.vendor}")


def uninstall(connection: Any, indexes: Sequence[Index] = INDEXES) -> None:
    for index in indexes:
        if connection.vendor == "sqlite":
            _run(connection, index.sqlite_uninstall)
        elif connection.vendor == "postgresql":
            _run(connection, index.pg_uninstall)


def missing_triggers(connection: Any) -> list[str]:
    """SQLite triggers that a table rebuild dropped (always empty on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return [name for index in INDEXES for name in index.triggers if name not in present]
