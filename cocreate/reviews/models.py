"""A challenge's published scorecard: weighted criteria that reviewers (and a contest's judges)
score proposals on, or that a toolkit metric feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.models import Challenge


class CriterionKind(models.TextChoices):
    SCORED = "scored", _("Scored by reviewers (1–5 with a comment)")
    METRIC = "metric", _("Fed by a toolkit metric")


class Criterion(models.Model):
    """One line of a challenge's scorecard. A metric criterion reads `metric` from each
    proposal's stored evaluation and normalises it across the challenge's proposals to 1–5."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("what it means"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    kind = models.CharField(
        _("scored how"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.SCORED
    )
    metric = models.CharField(_("metric"), max_length=60, blank=True)
    higher_is_better = models.BooleanField(_("more is better"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight"),
            models.CheckConstraint(
                condition=models.Q(kind="scored") | ~models.Q(metric=""),
                name="metric_criterion_names_a_metric",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A reviewer asked to score a proposal: what their load on the reviewers page counts and
    what lets a reviewer (not staff) open the proposal's scoring page."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} reviews {self.proposal_id}"


class Score(models.Model):
    """One reviewer's 1–5 on one scored criterion of one proposal, with their reason."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="review_scores"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_scores"
    )
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "proposal", "reviewer"], name="one_score_per_reviewer"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="score_from_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["proposal", "reviewer"], name="scores_of_reviewer")]

    def __str__(self) -> str:
        return f"{self.value} on {self.criterion_id} for {self.proposal_id} by {self.reviewer_id}"
