"""The full-text index of proposals, one per database vendor, kept in sync by the database itself.

SQLite: an FTS5 *external-content* table (`search_proposal_fts`, rowid = proposal id, columns
title and rationale, Porter stemming) maintained by three SQL triggers on `proposals_proposal`.
PostgreSQL: a stored generated `tsvector` column (`search_vector`: title weighted A, rationale B,
English configuration) on `proposals_proposal` with a GIN index; it needs no sync at all.

Neither uses Django signals: every write path (services, bulk_create, raw SQL, the admin) keeps
the index right. Comments will get their own index of the same shape (an FTS5 table over the
comments table on SQLite, a generated column on PostgreSQL); the selector then ranks proposals by
their best-matching proposal text or comment.

Caveat (SQLite): Django rebuilds a table for some schema changes (``_remake_table``), and SQLite
drops a table's triggers with it. ``install`` is idempotent, and ``SearchConfig`` runs it after
every ``migrate`` (post_migrate), which re-creates the triggers and rebuilds the index;
``cocreate search_index`` does the same by hand.
"""

from __future__ import annotations

from typing import Any

SQLITE_INSTALL = [
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
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_proposal_ai",
    "DROP TRIGGER IF EXISTS search_proposal_ad",
    "DROP TRIGGER IF EXISTS search_proposal_au",
    "DROP TABLE IF EXISTS search_proposal_fts",
]
SQLITE_TRIGGERS = ("search_proposal_ai", "search_proposal_ad", "search_proposal_au")

# One text-search configuration for indexing and querying; to_tsvector with a constant
# configuration is immutable, as a generated column requires.
PG_CONFIG = "english"
PG_INSTALL = [
    f"""ALTER TABLE proposals_proposal ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('{PG_CONFIG}', coalesce(title, '')), 'A')
        || setweight(to_tsvector('{PG_CONFIG}', coalesce(rationale, '')), 'B')
    ) STORED""",
    """CREATE INDEX IF NOT EXISTS search_proposal_vector
    ON proposals_proposal USING GIN (search_vector)""",
]
PG_UNINSTALL = [
    "DROP INDEX IF EXISTS search_proposal_vector",
    "ALTER TABLE proposals_proposal DROP COLUMN IF EXISTS search_vector",
]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: Any) -> None:
    """Create (or repair) the proposal index on this connection's database; idempotent."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns"
                " WHERE table_name = 'proposals_proposal' AND column_name = 'search_vector'),"
                " EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'search_proposal_vector')"
            )
            present = cursor.fetchone()
        # PostgreSQL refuses DDL on a table with pending deferred checks (inside a transaction
        # that just wrote to it): skip what is already there.
        _run(connection, [sql for sql, done in zip(PG_INSTALL, present, strict=True) if not done])
    else:  # pragma: no cover - the project supports these two
        raise NotImplementedError(f"full-text search is not built for {connection.vendor}")


def uninstall(connection: Any) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_UNINSTALL)
    elif connection.vendor == "postgresql":
        _run(connection, PG_UNINSTALL)


def missing_triggers(connection: Any) -> list[str]:
    """SQLite triggers that a table rebuild dropped (always empty on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in SQLITE_TRIGGERS if name not in present]
