"""What a challenge's insights keep: the last computed report, and the rule pressure the editor
reports (anonymous counts, no person)."""

from __future__ import annotations

from django.db import models

from cocreate.challenges.models import Challenge


class Report(models.Model):
    """A challenge's insights as last computed: the analysis core's JSON with when, from how many
    proposals, and the state of the task computing the next one."""

    class State(models.TextChoices):
        IDLE = "idle", "Up to date"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Computing"
        FAILED = "failed", "Failed"

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="insights")
    data = models.JSONField(default=dict)
    # What the pages show of `data`: the same without the schools' member lists (a size each)
    # and with the first lead users only, so a page reads kilobytes whatever the proposal count.
    summary = models.JSONField(default=dict)
    computed_at = models.DateTimeField(null=True, blank=True)
    proposal_count = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.IDLE)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, while computing
    error = models.TextField(blank=True)
    public = models.BooleanField(default=False)  # the organization shows a summary to everyone

    def __str__(self) -> str:
        return f"Insights of {self.challenge_id}"


class RulePressure(models.Model):
    """How often a rule's finding was shown in the editor and blocked a submit, and for how long
    people worked with it showing, per challenge and day; batched from autosave, anonymous."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=100)
    day = models.DateField()
    shown = models.PositiveIntegerField(default=0)
    blocked = models.PositiveIntegerField(default=0)
    seconds = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "rule", "day"], name="rule_pressure_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule} on {self.day}"
