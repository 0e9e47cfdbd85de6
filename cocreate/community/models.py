"""Discussion on proposals: threaded comments, optionally anchored to one part of the design."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.proposals.models import Proposal, listable_q

MAX_DEPTH = 4
# An author may change their comment this long after posting it (the service enforces it, the
# thread offers the Edit button by it).
EDIT_WINDOW = timedelta(minutes=15)


class Stance(models.TextChoices):
    FOR = "for", _("For")
    NEUTRAL = "neutral", _("Neutral")
    AGAINST = "against", _("Against")


class CommentQuerySet(models.QuerySet["Comment"]):
    def listable(self) -> CommentQuerySet:
        """Comments that may appear outside their thread (profiles, search): neither the
        comment nor its proposal hidden by moderation. In its thread a hidden comment keeps
        its place, without its words."""
        return self.filter(listable_q("proposal__"), hidden=False)


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # 1 for a top-level comment, at most MAX_DEPTH; stored so the thread renders in one query.
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    body = models.TextField(_("comment"))
    # The body as sanitized HTML, rendered once when written.
    body_html = models.TextField(editable=False, default="")
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, blank=True)
    # The anchor: the part's position when the comment was written, and its id and type then,
    # so the anchor still says what it meant after the design's parts move.
    part_index = models.PositiveSmallIntegerField(_("part"), null=True, blank=True)
    part_id = models.CharField(max_length=100, blank=True)
    part_type = models.CharField(max_length=100, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden = models.BooleanField(default=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "created_at", "id"], name="comment_thread")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(depth__gte=1, depth__lte=MAX_DEPTH), name="comment_depth_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.proposal_id}: {self.body[:40]}"
