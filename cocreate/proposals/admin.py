"""Admin for staff. Designs, evaluations and counts are read-only: only services change them, and
a resident's title and reasons are theirs. Proposals are submitted through the toolkit (which
evaluates and draws them), never added here; an organization's owners and staff see only their
own challenges' proposals."""

from django.contrib import admin
from django.http import HttpRequest

from cocreate.organizations.admin import OrganizationScopedAdmin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(OrganizationScopedAdmin):
    list_display = ["title", "challenge", "author", "status", "support_count", "created_at"]
    list_filter = ["status", "challenge"]
    search_fields = ["title", "author__username"]
    list_select_related = ["challenge", "author"]
    readonly_fields = [
        "challenge", "author", "parent", "title", "rationale", "design", "toolkit_version",
        "evaluation", "support_count",
    ]  # fmt: skip
    exclude = ["svg", "thumbnail_svg", "warning_count"]
    organization_lookup = "challenge__organization"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
