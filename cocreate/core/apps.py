from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "cocreate.core"
    label = "core"

    def ready(self) -> None:
        # After every migrate: SQLite drops a table's triggers when a migration rebuilds it.
        post_migrate.connect(_install_counters, sender=self)


def _install_counters(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .activity import install

    install(connections[using])
