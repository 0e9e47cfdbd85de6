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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# One text-search configuration for indexing and querying; to_tsvector with a constant
# configuration is immutable, as a generated column requires.
PG_CONFIG = "english"
IDENTIFIER = re.compile(r"[a-z_]+")


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


def full_text(name: str, table: str, weights: dict[str, str]) -> Index:
    """The index of `table`'s text `weights` columns ({column: PostgreSQL weight A-D}), with
    its objects named after `name`: `search_<name>_fts` and its triggers on SQLite,
    `search_<name>_vector` on PostgreSQL."""
    if not all(IDENTIFIER.fullmatch(word) for word in (name, table, *weights)):
        raise ValueError(f"not a plain SQL identifier in {name!r}, {table!r}, {list(weights)}")
    fts, columns = f"search_{name}_fts", list(weights)
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    # S608: every name in this SQL is a checked identifier, nothing comes from a request.
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"  # noqa: S608
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"  # noqa: S608
    ai, ad, au = (f"search_{name}_{when}" for when in ("ai", "ad", "au"))
    vector = " || ".join(
        f"setweight(to_tsvector('{PG_CONFIG}', coalesce({c}, '')), '{w}')"
        for c, w in weights.items()
    )
    gin = f"search_{name}_vector"
    return Index(
        table=table,
        sqlite_install=(
            f"""CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols},
            content='{table}', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2')""",
            f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {table} BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {table} BEGIN {delete} END",
            f"""CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {cols} ON {table}
            BEGIN {delete} {insert} END""",
            # Index whatever the table already holds (and repair one whose triggers were lost).
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",  # noqa: S608
        ),
        sqlite_uninstall=(
            *(f"DROP TRIGGER IF EXISTS {trigger}" for trigger in (ai, ad, au)),
            f"DROP TABLE IF EXISTS {fts}",
        ),
        triggers=(ai, ad, au),
        pg_install=(
            f"""ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector
            GENERATED ALWAYS AS ({vector}) STORED""",
            f"CREATE INDEX IF NOT EXISTS {gin} ON {table} USING GIN (search_vector)",
        ),
        pg_index_name=gin,
        pg_uninstall=(
            f"DROP INDEX IF EXISTS {gin}",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        ),
    )


PROPOSALS = full_text("proposal", "proposals_proposal", {"title": "A", "rationale": "B"})
COMMENTS = full_text("comment", "community_comment", {"body": "C"})
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
