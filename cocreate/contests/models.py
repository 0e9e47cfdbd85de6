"""Contests: a challenge run with a jury, judging rounds, prizes, an optional public vote and
published results. A challenge in `Mode.CONTEST` gets its `Contest` row on the first write of
its settings; until then the contest pages read an unsaved one with the defaults."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.models import Challenge
from cocreate.proposals.models import Proposal
from cocreate.reviews.models import Criterion


class Contest(models.Model):
    """A contest's settings: whether the public votes, when, and how much the vote weighs in
    the result (`public_vote_share` per cent; the jury weighs the rest)."""

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="contest")
    public_vote = models.BooleanField(_("public vote"), default=False)
    vote_opens = models.DateTimeField(_("vote opens"), null=True, blank=True)
    vote_closes = models.DateTimeField(_("vote closes"), null=True, blank=True)
    public_vote_share = models.PositiveSmallIntegerField(_("public vote's share (%)"), default=0)
    results_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(public_vote_share__lte=100), name="contest_vote_share"
            ),
        ]

    def __str__(self) -> str:
        return str(self.challenge)

    def vote_is_open(self, now: datetime) -> bool:
        """Residents vote while the window stands and the results are not out yet."""
        return bool(
            self.public_vote
            and self.results_published_at is None
            and self.vote_opens
            and self.vote_closes
            and self.vote_opens <= now < self.vote_closes
        )

    @property
    def vote_share(self) -> int:
        """The share the public vote has in the result: none without a public vote."""
        return self.public_vote_share if self.public_vote else 0

    @property
    def jury_share(self) -> int:
        return 100 - self.vote_share


class Juror(models.Model):
    """A member of the jury: an account invited by staff (a judge of the organization)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="juries"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="one_seat_per_juror"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Round(models.Model):
    """A judging round. The first takes every listed proposal of the challenge; a later one
    with `finalists` takes the top `finalists` of the round before it. It takes scores from
    `opens` until it is locked: by every juror (`ScoreLock`) or by staff (`locked_at`)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("name"), max_length=100)
    opens = models.DateTimeField(_("opens"))
    closes = models.DateTimeField(_("closes"))
    finalists = models.PositiveSmallIntegerField(_("finalists"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="round_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Prize(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="prizes")
    title = models.CharField(_("title"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.CharField(_("amount"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class JudgeScore(models.Model):
    """One juror's 1–5 on one criterion of one proposal in one round, with a comment."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "proposal", "juror", "criterion"], name="one_score_per_line"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="judge_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror_id} {self.proposal_id}/{self.criterion_id}: {self.value}"


class Conflict(models.Model):
    """A juror's declared conflict of interest: they judge that proposal in no round."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["juror", "proposal"], name="one_conflict_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.juror_id} ✕ {self.proposal_id}"


class ScoreLock(models.Model):
    """A juror has locked their scores of a round: they change no more."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="locks")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="locks")
    locked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "juror"], name="one_lock_per_juror"),
        ]

    def __str__(self) -> str:
        return f"{self.juror_id} locked {self.round_id}"


class PublicVote(models.Model):
    """A resident's one vote in a contest, for one proposal; changeable while the vote is open."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="votes")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    voted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="one_vote_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Finalist(models.Model):
    """A proposal of the final round as the published results show it: its scores, frozen when
    the results were published, the prize it won and the jury's answer to its author."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="finalists")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    prize = models.OneToOneField(
        Prize, on_delete=models.SET_NULL, null=True, blank=True, related_name="award"
    )
    jury_answer = models.TextField(_("the jury's answer"), blank=True, help_text=_("Markdown"))
    jury_answer_html = models.TextField(editable=False, default="")
    # Set when the results are published (`results.standings`): per criterion id the mean
    # (1–5), the jury's weighted total, votes, the vote's 1–5 and the blended final.
    rank = models.PositiveSmallIntegerField(null=True)
    criteria = models.JSONField(default=dict)
    jury_total = models.FloatField(null=True)
    votes = models.PositiveIntegerField(default=0)
    vote_score = models.FloatField(null=True)
    final = models.FloatField(null=True)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "proposal"], name="one_finalist_row"),
        ]

    def __str__(self) -> str:
        return f"{self.contest_id}: {self.proposal_id}"
