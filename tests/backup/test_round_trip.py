"""Back up a seeded site, change it, restore it: every table is again what was backed up, row
for row (every model's table, the search index and its triggers, the sequences), on SQLite and
on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

from cocreate.search.index import INDEXES

from .conftest import Site, needs_postgresql

# Changes after the backup that touch rows, the search index and the sequences.
CHANGE = """
from django.contrib.auth import get_user_model
from cocreate.community.models import Comment
from cocreate.proposals.models import Proposal
first = Proposal.objects.order_by("pk").first()
Proposal.objects.filter(pk=first.pk).update(title="Changed after the backup")
Comment.objects.filter(pk__in=list(Comment.objects.values_list("pk", flat=True)[:3])).delete()
get_user_model().objects.create_user("late", "late@example.org", "a late password")
"""


def snapshot(connection: BaseDatabaseWrapper) -> dict[str, list[Any]]:
    """Every row of the database, by table; fails if a table would escape the comparison."""
    tables: dict[str, list[Any]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        columns = [field.attname for field in meta.concrete_fields]
        rows = model._base_manager.using(connection.alias).order_by("pk").values_list(*columns)
        tables[meta.db_table] = list(rows)
    applied = MigrationRecorder(connection).migration_qs.order_by("pk")  # outside the registry
    tables["django_migrations"] = list(applied.values_list("pk", "app", "name", "applied"))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The FTS5 tables, their shadow tables and the triggers that keep them.
            cursor.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
            tables["schema"] = cursor.fetchall()
            for (name,) in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%'"
            ).fetchall():
                cursor.execute(f'SELECT * FROM "{name}"')  # noqa: S608 - names from the schema
                tables[name] = sorted(cursor.fetchall(), key=repr)
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
            tables["sequences"] = cursor.fetchall()
        else:
            for index in INDEXES:  # the generated tsvector column no model declares
                cursor.execute(
                    f"SELECT id, search_vector::text FROM {index.table} ORDER BY id"  # noqa: S608
                )
                tables[f"search:{index.table}"] = cursor.fetchall()
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = 'public' ORDER BY indexname"
            )
            tables["schema"] = cursor.fetchall()
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences"
                " WHERE schemaname = 'public' ORDER BY sequencename"
            )
            tables["sequences"] = cursor.fetchall()
    escaped = set(connection.introspection.table_names()) - set(tables)
    assert escaped == set(), f"tables left out of the comparison: {sorted(escaped)}"
    return tables


@pytest.mark.parametrize("vendor", ["sqlite", pytest.param("postgresql", marks=needs_postgresql)])
def test_a_restore_brings_back_every_row_that_was_backed_up(
    vendor: str, request: pytest.FixtureRequest, tmp_path: Path, django_db_blocker: Any
):
    site: Site = request.getfixturevalue(f"{vendor}_site")
    site.run("demo", "--people", "8", "--proposals", "6", "-v", "0")
    with site.opened(django_db_blocker) as connection:
        assert connection.vendor == vendor
        backed_up = snapshot(connection)
    file = tmp_path / "site.backup"
    assert "Backed up the" in site.run("backup", str(file)).stdout

    site.run("shell", "-c", CHANGE)
    with site.opened(django_db_blocker) as connection:
        changed = snapshot(connection)
    differ = {table for table in backed_up if changed[table] != backed_up[table]}
    assert {"proposals_proposal", "community_comment", "accounts_user", "sequences"} <= differ
    assert differ & {"search_proposal_fts_data", "search:proposals_proposal"}

    assert "Restored the" in site.run("restore", str(file)).stdout
    with site.opened(django_db_blocker) as connection:
        restored = snapshot(connection)
    assert restored.keys() == backed_up.keys()
    for table, rows in backed_up.items():
        assert restored[table] == rows, f"{table} differs after the restore"
    assert len(backed_up["proposals_proposal"]) >= 6 and backed_up["community_comment"]
