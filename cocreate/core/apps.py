from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


class CoreConfig(AppConfig):
    name = "cocreate.core"
    label = "core"

    def ready(self) -> None:
        # Around every migrate (and after a flush), whichever app it is for: this app has no
        # models of its own. SQLite cannot rebuild a table that a trigger names (activity.py).
        pre_migrate.connect(_uninstall_counters, dispatch_uid="cocreate.core.activity-")
        post_migrate.connect(_install_counters, dispatch_uid="cocreate.core.activity+")


def _install_counters(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .activity import install

    install(connections[using])


def _uninstall_counters(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .activity import uninstall_sqlite

    uninstall_sqlite(connections[using])
