from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "cocreate.search"
    label = "search"

    def ready(self) -> None:
        # SQLite drops a table's triggers whenever a migration rebuilds the table (adding a
        # column does), so the index is re-installed after every migrate; installing is
        # idempotent, and on PostgreSQL it only checks the generated column exists.
        post_migrate.connect(_reinstall_index, sender=self)


def _reinstall_index(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .index import install

    install(connections[using])
