"""What an organization asks: a challenge around a baseline design, in dated phases."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.organizations.models import Organization


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    UNLISTED = "unlisted", _("Unlisted")
    PRIVATE = "private", _("Private")


class Action(models.TextChoices):
    """What a phase can open. Later issues use the rest; the names are fixed by DESIGN.md."""

    SUBMIT = "submit", _("Submit")
    REMIX = "remix", _("Remix")
    COMMENT = "comment", _("Comment")
    SUPPORT = "support", _("Support")
    COMPARE = "compare", _("Compare")
    REVIEW = "review", _("Review")


class Challenge(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="challenges"
    )
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    brief = models.TextField(_("brief"), help_text=_("Markdown"), blank=True)
    brief_html = models.TextField(editable=False, default="")
    toolkit_id = models.CharField(_("toolkit"), max_length=100)
    toolkit_version = models.PositiveIntegerField(_("toolkit version"))
    baseline = models.JSONField(_("baseline design"))
    # Rendered once at write time: the challenge page reuses it on every request.
    baseline_svg = models.TextField(editable=False, default="")
    baseline_thumbnail_svg = models.TextField(editable=False, default="")
    support_budget = models.PositiveSmallIntegerField(
        _("supports per person"),
        null=True,
        blank=True,
        help_text=_("How many proposals one person may support here; empty for no limit."),
    )
    allow_oppose = models.BooleanField(
        _("allow opposing"),
        default=False,
        help_text=_("People may also say they oppose a proposal (one per person, counted)."),
    )
    support_ladder = models.JSONField(
        _("support ladder"),
        default=list,
        blank=True,
        help_text=_('Rungs a proposal must climb, e.g. [{"supporters": 100, "days": 60}].'),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=90,
        help_text=_("How soon the organization promises to answer a proposal under review."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    """A dated stage; `actions` lists what it opens. Phases of a challenge must not overlap."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    actions = models.JSONField(_("actions"), default=list)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_current(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at
