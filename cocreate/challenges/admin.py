"""Admin for staff. Designs and drawings are read-only here: they change only through services,
which evaluate and re-draw them. A challenge is added through `challenge_create`; an
organization's owners and staff see and change only their own organizations' challenges."""

from __future__ import annotations

from typing import Any

import rules
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from cocreate.design import load_bundled
from cocreate.organizations.admin import OrganizationScopedAdmin
from cocreate.organizations.models import Organization
from cocreate.organizations.roles import staffed_organizations

from .models import OVERLAP_MESSAGE, Challenge, Phase, overlapping
from .services import challenge_create, challenge_toolkit_upgrade

# Written only by services: the toolkit's version and baseline (evaluated and drawn), and the
# brief (rendered to HTML when the challenge is created).
WRITTEN_BY_SERVICES = ["toolkit_version", "baseline", "brief"]


def _may_change(request: HttpRequest, challenge: Challenge | None) -> bool:
    """`challenges.change_challenge` on `challenge`; on one not yet added, staffing any."""
    user = request.user
    if user.is_superuser:
        return True
    if challenge is None:
        return bool(staffed_organizations(user))
    return bool(rules.has_perm("challenges.change_challenge", user, challenge))


class PhaseFormSet(BaseInlineFormSet):
    """The phases as they will be once saved must not overlap: phase_add's rule, over the whole
    set (kept, changed and added rows together)."""

    def clean(self) -> None:
        super().clean()
        spans = []
        for form in self.forms:
            if form.cleaned_data.get("DELETE") or not (form.has_changed() or form.instance.pk):
                continue
            # A row left alone stays as stored, to the microsecond (its form shows whole seconds).
            row = form.cleaned_data if form.has_changed() else form.initial
            if row.get("starts_at") and row.get("ends_at"):
                spans.append((row["starts_at"], row["ends_at"]))
        if overlapping(spans):
            raise ValidationError(OVERLAP_MESSAGE)


class PhaseInline(admin.TabularInline):
    """Phases change with their challenge, under its rule (`obj` is the challenge)."""

    model = Phase
    formset = PhaseFormSet
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_change(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_change(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_change(request, obj)


@admin.register(Challenge)
class ChallengeAdmin(OrganizationScopedAdmin):
    list_display = ["title", "organization", "toolkit_id", "toolkit_version", "visibility"]
    list_filter = ["visibility", "organization"]
    list_select_related = ["organization"]
    search_fields = ["title", "slug"]
    exclude = ["brief_html", "baseline_svg", "baseline_thumbnail_svg"]
    inlines = [PhaseInline]
    actions = ["upgrade_toolkit"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """On adding, the toolkit is chosen and the brief written; the service fills the rest."""
        return ["toolkit_id", *WRITTEN_BY_SERVICES] if obj else []

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        taken_by_service = [] if obj else ["toolkit_version", "baseline"]
        return [*self.exclude, *taken_by_service]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _may_change(request, None)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "toolkit_id":
            ids = load_bundled().ids()
            return forms.ChoiceField(label=db_field.verbose_name, choices=[(i, i) for i in ids])
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        """A challenge belongs to an organization its author staffs."""
        if db_field.name == "organization" and not request.user.is_superuser:
            staffed = staffed_organizations(request.user)
            kwargs["queryset"] = Organization.objects.filter(pk__in=staffed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Challenge, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        created = challenge_create(
            actor=request.user,
            organization=data["organization"],
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            brief=data["brief"],
            toolkit_id=data["toolkit_id"],
            visibility=data["visibility"],
            support_budget=data["support_budget"],
            support_ladder=data["support_ladder"],
            allow_oppose=data["allow_oppose"],
            answer_days=data["answer_days"],
        )
        # The admin goes on with the form's object (its phases, its log entry): make it the
        # row the service created.
        obj.pk = created.pk
        obj.refresh_from_db()
        obj._state.adding = False

    @admin.action(description="Move to the latest version of the toolkit")
    def upgrade_toolkit(self, request: HttpRequest, queryset: QuerySet[Challenge]) -> None:
        for challenge in queryset:
            try:
                challenge_toolkit_upgrade(actor=request.user, challenge=challenge)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{challenge}: {error}", messages.ERROR)
            else:
                version = challenge.toolkit_version
                self.message_user(request, f"{challenge}: {challenge.toolkit_id} v{version}")
