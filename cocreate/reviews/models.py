"""A challenge's published scorecard: weighted criteria that reviewers (and a contest's judges)
score proposals on, or that a toolkit metric feeds."""

from __future__ import annotations

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
