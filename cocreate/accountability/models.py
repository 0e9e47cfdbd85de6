"""What the organization built at the end of a challenge, published so residents can compare it
with what they proposed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.models import Challenge
from cocreate.proposals.models import Proposal


class AsBuilt(models.Model):
    """The as-built design of a challenge (one; publishing again replaces it), checked by the
    challenge's toolkit and drawn once, with the proposals staff credit for it."""

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="as_built")
    design = models.JSONField(_("design"))
    toolkit_version = models.PositiveIntegerField()
    svg = models.TextField(editable=False, default="")
    note = models.TextField(_("note"), blank=True, help_text=_("Markdown"))
    note_html = models.TextField(editable=False, default="")
    credited = models.ManyToManyField(Proposal, blank=True, related_name="+")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"as built: {self.challenge_id}"
