"""Admin for staff. Designs and drawings are read-only here: they change only through services,
which evaluate and re-draw them."""

from django.contrib import admin

from .models import Challenge, Phase


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
