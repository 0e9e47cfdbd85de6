"""Admin for staff. Designs, evaluations and counts are read-only: only services change them."""

from django.contrib import admin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "challenge", "author", "status", "support_count", "created_at"]
    list_filter = ["status", "challenge"]
    search_fields = ["title", "author__username"]
    list_select_related = ["challenge", "author"]
    readonly_fields = [
        "challenge", "author", "parent", "design", "toolkit_version", "evaluation", "support_count",
    ]  # fmt: skip
    exclude = ["svg", "thumbnail_svg", "warning_count"]
