"""The audit log in the back office: superusers may read it; nobody adds, changes or deletes
an entry here (organization admins read their own log on its page)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organization", "actor", "action", "target_type", "target_label"]
    list_filter = ["action", "target_type"]
    list_select_related = ["organization", "actor"]
    search_fields = ["target_label", "action"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "organization",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "before",
        "after",
        "created_at",
    ]
    actions = None  # not even "delete selected"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
