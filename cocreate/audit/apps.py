from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "cocreate.audit"
    label = "audit"

    def ready(self) -> None:
        # The database's guard on entries (models.GUARD_SQL), put back after every migrate:
        # SQLite drops a rebuilt table's triggers.
        post_migrate.connect(_install_guard, sender=self)


def _install_guard(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .models import GUARD_SQL, AuditEntry

    connection = connections[using]
    if AuditEntry._meta.db_table not in connection.introspection.table_names():
        return  # migrated back to before the log existed
    with connection.cursor() as cursor:
        for statement in GUARD_SQL.get(connection.vendor, []):
            cursor.execute(statement)
