"""Tenants and their members' roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """A tenant: every challenge, proposal and support reaches one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member may do in their organization. Owners are its admins (they grant roles and
    read the audit log); staff run challenges; reviewers score what they are assigned; judges
    score contests; moderators keep discussions civil."""

    OWNER = "owner", _("Organization admin")
    STAFF = "staff", _("Staff")
    REVIEWER = "reviewer", _("Reviewer")
    JUDGE = "judge", _("Judge")
    MODERATOR = "moderator", _("Moderator")


class Membership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) @ {self.organization}"


class StatusColour(models.TextChoices):
    """Colours a status badge may take: each passes 4.5:1 against white text."""

    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    TEAL = "teal", _("Teal")
    PURPLE = "purple", _("Purple")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")
    GREY = "grey", _("Grey")


class Stage(models.TextChoices):
    """Where a status sits on the accountability funnel (submitted, answered, accepted, built)."""

    REVIEW = "review", _("Still being considered")
    ACCEPTED = "accepted", _("Accepted")
    BUILT = "built", _("Built")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged into another proposal")


class ProposalStatus(models.Model):
    """A status an organization answers proposals with, configured per organization. Every
    change to one carries a public answer (`decisions.Decision`); a closing status gives the
    proposal's supports back and stops it taking new ones."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="statuses"
    )
    name = models.CharField(_("name"), max_length=60)
    colour = models.CharField(
        _("colour"), max_length=10, choices=StatusColour.choices, default=StatusColour.BLUE
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    closes = models.BooleanField(
        _("closes the proposal"),
        default=False,
        help_text=_("Supports are given back and the proposal takes no more."),
    )
    template = models.TextField(
        _("answer template"), blank=True, help_text=_("Markdown the answer starts from.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="one_status_per_name")
        ]

    def __str__(self) -> str:
        return self.name
