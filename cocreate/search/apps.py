from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "cocreate.search"
    label = "search"

    def ready(self) -> None:
        # SQLite drops a table's triggers whenever a migration rebuilds the table (adding a
        # column does), so the indexes are re-installed after every migrate; installing is
        # idempotent, and on PostgreSQL it only checks the generated columns exist.
        post_migrate.connect(_reinstall_index, sender=self)


def _reinstall_index(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Repair the indexes whose migrations are applied (so migrating backwards stays undone)."""
    from django.db.migrations.recorder import MigrationRecorder

    from .index import COMMENTS, PROPOSALS, install

    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    by_migration = {"0001_proposal_index": PROPOSALS, "0002_comment_index": COMMENTS}
    install(
        connection, [index for name, index in by_migration.items() if ("search", name) in applied]
    )
