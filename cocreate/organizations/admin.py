"""Admin for staff: organizations and who holds which role. An organization's owners and staff
see only their own organizations' rows here (`OrganizationScopedAdmin`); superusers see all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .models import Membership, Organization
from .roles import staffed_organizations


class OrganizationScopedAdmin(admin.ModelAdmin):
    """Rows an organization's owners and staff see and change: their organizations' only.
    `organization_lookup` leads from a row to its organization ("pk" for an organization)."""

    organization_lookup = "organization"
    staff_may_change = True

    def _staffed(self, request: HttpRequest) -> set[int]:
        return staffed_organizations(request.user)

    def organization_of(self, obj: Model) -> int:
        *path, last = self.organization_lookup.split("__")
        for name in path:
            obj = getattr(obj, name)
        return int(obj.pk if last == "pk" else getattr(obj, f"{last}_id"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(**{f"{self.organization_lookup}__in": self._staffed(request)})

    def _runs(self, request: HttpRequest, obj: Model | None) -> bool:
        if request.user.is_superuser:
            return True
        staffed = self._staffed(request)
        return bool(staffed) if obj is None else self.organization_of(obj) in staffed

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._runs(request, None)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._runs(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not self.staff_may_change and not request.user.is_superuser:
            return False
        return self._runs(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    """Owners and staff see their organization; only superusers change organizations and roles
    here (an owner grants roles through `membership_set`)."""

    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
    organization_lookup = "pk"
    staff_may_change = False
