"""What happens to a proposal after the organization accepts it: its public progress record, and
the private notes and checklist its staff keep about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocreate.core.models import Image
from cocreate.proposals.models import Proposal


class Progress(models.Model):
    """How far the work on an accepted proposal has come, as a whole percentage (public)."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="progress")
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_at_most_100")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.percent}%"


class ProgressEntry(models.Model):
    """One dated step on an accepted proposal's public timeline ("Works start"), with text and
    an optional photo; an entry marked `built` shows its photo beside the submitted design."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="progress_entries"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=140)
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown"))
    text_html = models.TextField(editable=False, default="")
    photo = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    built = models.BooleanField(_("shows what was built"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["proposal", "date", "id"], name="progress_timeline")]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class StaffNote(models.Model):
    """A private note the organization's people keep on a proposal: never shown to residents."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="staff_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["proposal", "-created_at", "-id"], name="staff_note_newest")
        ]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.proposal_id}"


class ChecklistItem(models.Model):
    """One line of a proposal's private checklist (what staff must do before answering, say)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("item"), max_length=200)
    done = models.BooleanField(default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "created_at", "id"], name="checklist_order")]

    def __str__(self) -> str:
        return self.text
