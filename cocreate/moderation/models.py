"""Reports on proposals and comments, what moderation hid, and the log of every decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.community.models import Comment
from cocreate.organizations.models import Organization
from cocreate.proposals.models import Proposal

# Decidim hides reported content after three reports, pending a moderator; so do we.
REPORTS_TO_HIDE = 3


class Reason(models.TextChoices):
    SPAM = "spam", _("Spam")
    ABUSE = "abuse", _("Abusive or offensive")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Something else")


class Decision(models.TextChoices):
    HIDE = "hide", _("Hide")
    RESTORE = "restore", _("Restore")
    DISMISS = "dismiss", _("Dismiss")


class Report(models.Model):
    """One person flagging a proposal or a comment; one open report per person and target."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Whether the reporter had earned trust when reporting: only such reports hide content
    # before a moderator looks, so a handful of fresh accounts cannot hide what they like.
    trusted = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=10, choices=Decision.choices, blank=True
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["organization", "resolved_at", "created_at"], name="report_queue")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(proposal__isnull=False, comment__isnull=True)
                    | models.Q(proposal__isnull=True, comment__isnull=False)
                ),
                name="report_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "proposal"],
                condition=models.Q(resolved_at__isnull=True, proposal__isnull=False),
                name="one_open_report_per_person_proposal",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=models.Q(resolved_at__isnull=True, comment__isnull=False),
                name="one_open_report_per_person_comment",
            ),
        ]

    def __str__(self) -> str:
        target = (
            f"proposal {self.proposal_id}" if self.proposal_id else f"comment {self.comment_id}"
        )
        return f"{self.reporter_id} reports {target}: {self.reason}"


class AuditAction(models.TextChoices):
    AUTO_HIDE = "auto_hide", _("Hidden after reports")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    DISMISS = "dismiss", _("Reports dismissed")


class AuditLog(models.Model):
    """Every moderation act, append-only: who, what, on which content, and why."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="moderation_log"
    )
    # None: the platform itself (the report threshold).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    target_repr = models.CharField(_("target"), max_length=300)
    target_url = models.CharField(max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target_repr}"
