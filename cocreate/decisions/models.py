"""The organization's public answers: every change of a proposal's status, with its reasons."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.organizations.models import ProposalStatus
from cocreate.proposals.models import Proposal


class Decision(models.Model):
    """One public answer: the status a proposal moved to (from `previous`) and the written
    reasons, kept for ever; the proposal shows the latest (`Proposal.answer_status`)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    status = models.ForeignKey(ProposalStatus, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey(
        ProposalStatus, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answer = models.TextField(_("answer"), help_text=_("Markdown"))
    answer_html = models.TextField(editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["proposal", "-created_at", "-id"], name="decision_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.status_id}"
