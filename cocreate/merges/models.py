"""Merges of duplicate proposals, and every row each one moved, so an unmerge restores them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocreate.organizations.models import ProposalStatus
from cocreate.proposals.models import Proposal


class Merge(models.Model):
    """`source` (B) merged into `target` (A): B was closed with the Merged status and its
    backers moved to A. `undone_at` is set by the unmerge, which keeps the row as history.
    At most one live merge per source, enforced by the database."""

    source = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="merges_out")
    target = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="merges_in")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # B as it was before, to put back: its answer status (None: not answered yet) and lifecycle.
    previous_status = models.ForeignKey(
        ProposalStatus, on_delete=models.PROTECT, null=True, related_name="+"
    )
    previous_lifecycle = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=Q(undone_at__isnull=True), name="one_live_merge"
            )
        ]
        indexes = [models.Index(fields=["target", "undone_at"], name="merge_target_live")]

    def __str__(self) -> str:
        return f"{self.source_id} merged into {self.target_id}"


class Outcome(models.TextChoices):
    """What the merge did with one of B's supports."""

    MOVED = "moved", _("Moved to the target")
    # Given back (budget too) instead of moved, so nobody supports A twice or supports what
    # they oppose or wrote; the unmerge puts it back on B.
    BOTH = "both", _("Given back: the person supported both")
    OPPOSES = "opposes", _("Given back: the person opposes the target")
    AUTHOR = "author", _("Given back: the person wrote the target")


class MergedSupport(models.Model):
    """One of B's supports at merge time. `support_pk` names the row while it is moved (the row
    keeps its id on A); the ids are plain numbers, not foreign keys, so withdrawing a support
    never reads this table."""

    merge = models.ForeignKey(Merge, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    support_pk = models.BigIntegerField()
    holds_budget = models.BooleanField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.outcome}"


class MergedPledge(models.Model):
    """One of B's pledges the merge moved to A (a person who had pledged the same kind to A
    keeps both pledges where they are: nothing is summed, so nothing needs taking apart)."""

    merge = models.ForeignKey(Merge, on_delete=models.CASCADE, related_name="pledges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    pledge_pk = models.BigIntegerField()
    kind = models.CharField(max_length=10)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class MergedFollow(models.Model):
    """A follow of A the merge added for one of B's followers; the unmerge removes it (B's own
    follows never moved)."""

    merge = models.ForeignKey(Merge, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    follow_pk = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.user_id} follows the target"
