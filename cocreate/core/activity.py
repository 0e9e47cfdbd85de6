"""Activity counters kept by the database: the version numbers that key cached pages.

A cached rendering (a challenge's card list, the parts of a proposal page every visitor sees
alike) is keyed by an `activity` column of the row it shows, read with that row anyway. Triggers
add 1 to it on every insert, delete or update (of the columns a page shows) of the rows that
feed the rendering, in the same statement and transaction as the write. So every write path —
services, the admin, bulk and raw SQL, writes other helpers add later — invalidates at once, a
rolled-back write invalidates nothing, and no write makes an extra query.

SQLite refuses to rebuild a table (as migrations do to change one) while a trigger on another
table names it, and drops a rebuilt table's own triggers: so on SQLite `uninstall` runs before
every migrate and `install` (idempotent) after it (`CoreConfig`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

IDENTIFIER = re.compile(r"[a-z_]+")


@dataclass(frozen=True)
class Counter:
    """A write to a `table` row adds 1 to `activity` of the `target` row named by its `key`
    column. `columns` narrows updates to those columns (none: any update); `events` says
    which writes count."""

    name: str
    table: str
    key: str
    target: str
    columns: tuple[str, ...] = ()
    events: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE")

    def __post_init__(self) -> None:
        names = (self.name, self.table, self.key, self.target, *self.columns)
        if not all(IDENTIFIER.fullmatch(n) for n in names):
            raise ValueError(f"not a plain SQL identifier in {names}")

    def _on(self, event: str) -> str:
        return (
            f"UPDATE OF {', '.join(self.columns)}" if event == "UPDATE" and self.columns else event
        )

    def sqlite(self) -> list[str]:
        # S608: every name here is a checked identifier; nothing comes from a request.
        bump = f"UPDATE {self.target} SET activity = activity + 1 WHERE id"  # noqa: S608
        rows = {"INSERT": "= new.{k}", "DELETE": "= old.{k}", "UPDATE": "IN (old.{k}, new.{k})"}
        return [
            f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {self._on(event)}"
            f" ON {self.table} BEGIN {bump} {rows[event].format(k=self.key)}; END"
            for name, event in zip(self.sqlite_names(), self.events, strict=True)
        ]

    def sqlite_names(self) -> list[str]:
        return [f"{self.name}_{event[0].lower()}" for event in self.events]

    def postgresql(self) -> list[str]:
        bump = f"UPDATE {self.target} SET activity = activity + 1 WHERE id"  # noqa: S608
        k = self.key
        function = f"""CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger
            LANGUAGE plpgsql AS $$ BEGIN
              IF TG_OP = 'INSERT' THEN {bump} = NEW.{k};
              ELSIF TG_OP = 'DELETE' THEN {bump} = OLD.{k};
              ELSE {bump} IN (OLD.{k}, NEW.{k});
              END IF;
              RETURN NULL;
            END $$"""
        events = " OR ".join(self._on(event) for event in self.events)
        trigger = (
            f"CREATE OR REPLACE TRIGGER {self.name} AFTER {events} ON {self.table}"
            f" FOR EACH ROW EXECUTE FUNCTION {self.name}()"
        )
        return [function, trigger]


# What a card shows (and whether it is listed at all); `activity` itself is left out, so the
# counters never set each other off.
CARD_COLUMNS = (
    "title", "status", "support_count", "warning_count", "hidden", "thumbnail_svg",
    "change_summary", "author_id", "parent_id", "challenge_id", "created_at", "answer_status_id",
    "answered_at", "merged_into_id",
)  # fmt: skip
# Names the counters had before CARD_COLUMNS last grew: dropped by a migration on PostgreSQL.
RETIRED = ("activity_cards", "activity_proposal", "activity_cards_v", "activity_proposal_v")
COUNTERS = (
    Counter("activity_cards_sum", "proposals_proposal", "challenge_id", "challenges_challenge",
            CARD_COLUMNS),
    # Its own card and page: a support changes support_count, so supporters need no trigger
    # of their own (and take no lock on the proposal before their budget).
    Counter("activity_proposal_sum", "proposals_proposal", "id", "proposals_proposal",
            CARD_COLUMNS, events=("UPDATE",)),
    # The phases a challenge page shows and its rules read (cached by challenge_for_view).
    Counter("activity_phases", "challenges_phase", "challenge_id", "challenges_challenge"),
    Counter("activity_pledges", "proposals_pledge", "proposal_id", "proposals_proposal"),
    Counter("activity_comments", "community_comment", "proposal_id", "proposals_proposal"),
)  # fmt: skip


def install(connection: Any, counters: tuple[Counter, ...] = COUNTERS) -> None:
    """Create the missing triggers whose tables and `activity` columns exist; idempotent (a
    changed counter takes a new name). A partial migrate leaves the rest for a later one."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        present = _triggers(connection, cursor)
        for counter in counters:
            if counter.table not in tables or counter.target not in tables:
                continue
            columns = connection.introspection.get_table_description(cursor, counter.target)
            if "activity" not in {column.name for column in columns}:
                continue
            if connection.vendor == "sqlite":
                statements = counter.sqlite()
            elif counter.name not in present:
                statements = counter.postgresql()
            else:
                continue
            for statement in statements:
                cursor.execute(statement)


def retire(connection: Any, names: tuple[str, ...] = RETIRED) -> None:
    """Drop counters that were renamed (PostgreSQL keeps triggers across migrations; SQLite's
    are dropped and re-installed around every migrate anyway)."""
    with connection.cursor() as cursor:
        for name in names:
            if not IDENTIFIER.fullmatch(name):
                raise ValueError(name)
            if connection.vendor == "sqlite":
                for event in "iud":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON proposals_proposal")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def _triggers(connection: Any, cursor: Any) -> set[str]:
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    else:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    return {row[0] for row in cursor.fetchall()}


def uninstall_sqlite(connection: Any, counters: tuple[Counter, ...] = COUNTERS) -> None:
    """Drop the SQLite triggers, so that a migration may rebuild any table they name."""
    if connection.vendor != "sqlite":
        return
    retire(connection)  # a renamed counter's old triggers name the same tables
    with connection.cursor() as cursor:
        for counter in counters:
            for name in counter.sqlite_names():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
