from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "cocreate.core"
    label = "core"

    def ready(self) -> None:
        # After every migrate (and flush), whichever app it was for: this app has no models of
        # its own, and SQLite drops a table's triggers when a migration rebuilds the table.
        post_migrate.connect(_install_counters, dispatch_uid="cocreate.core.activity")


def _install_counters(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .activity import install

    install(connections[using])
