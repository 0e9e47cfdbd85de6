"""Admin for staff. Designs and drawings are read-only here: they change only through services,
which evaluate and re-draw them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Challenge, Phase
from .services import challenge_toolkit_upgrade


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "toolkit_id", "toolkit_version", "visibility"]
    list_filter = ["visibility", "organization"]
    search_fields = ["title", "slug"]
    readonly_fields = ["toolkit_id", "toolkit_version", "baseline", "brief"]
    exclude = ["brief_html", "baseline_svg", "baseline_thumbnail_svg"]
    inlines = [PhaseInline]
    actions = ["upgrade_toolkit"]

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
