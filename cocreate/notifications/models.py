"""Who follows what, what each person was told, and how often they want to be told."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.proposals.models import Proposal


class Follow(models.Model):
    """One person following exactly one challenge, proposal or person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(challenge__isnull=False, proposal__isnull=True, person__isnull=True)
                    | Q(challenge__isnull=True, proposal__isnull=False, person__isnull=True)
                    | Q(challenge__isnull=True, proposal__isnull=True, person__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "challenge"],
                condition=Q(challenge__isnull=False),
                name="follow_challenge_once",
            ),
            models.UniqueConstraint(
                fields=["user", "proposal"],
                condition=Q(proposal__isnull=False),
                name="follow_proposal_once",
            ),
            models.UniqueConstraint(
                fields=["user", "person"],
                condition=Q(person__isnull=False),
                name="follow_person_once",
            ),
        ]

    def __str__(self) -> str:
        target = self.challenge_id or self.proposal_id or self.person_id
        return f"{self.user_id} follows {target}"


class Kind(models.TextChoices):
    MENTION = "mention", _("Someone mentions me")
    COMMENT_ON_OWN_PROPOSAL = "comment_on_own_proposal", _("A comment on my proposal")
    REMIX_OF_OWN_PROPOSAL = "remix_of_own_proposal", _("A remix of my proposal")
    SUPPORT_ON_OWN_PROPOSAL = "support_on_own_proposal", _("Support for my proposal")
    COMMENT_ON_FOLLOWED_PROPOSAL = (
        "comment_on_followed_proposal",
        _("A comment on a proposal I follow"),
    )
    NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE = (
        "new_proposal_in_followed_challenge",
        _("A new proposal in a challenge I follow"),
    )
    NEW_PROPOSAL_BY_FOLLOWED_PERSON = (
        "new_proposal_by_followed_person",
        _("A new proposal by a person I follow"),
    )
    PROGRESS_ON_FOLLOWED_PROPOSAL = (
        "progress_on_followed_proposal",
        _("Progress on a proposal I follow or back"),
    )
    ANSWER_ON_OWN_PROPOSAL = "answer_on_own_proposal", _("An answer on my proposal")
    ANSWER_ON_BACKED_PROPOSAL = (
        "answer_on_backed_proposal",
        _("An answer on a proposal I back or follow"),
    )
    OVERDUE_PROPOSALS = (
        "overdue_proposals",
        _("Proposals overdue for an answer in an organization I run (staff)"),
    )


# Digest order: mentions first, then activity on one's own proposals, then followed activity.
KIND_RANK = {
    Kind.MENTION: 0,
    Kind.COMMENT_ON_OWN_PROPOSAL: 1,
    Kind.REMIX_OF_OWN_PROPOSAL: 1,
    Kind.SUPPORT_ON_OWN_PROPOSAL: 1,
    Kind.COMMENT_ON_FOLLOWED_PROPOSAL: 2,
    Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE: 2,
    Kind.NEW_PROPOSAL_BY_FOLLOWED_PERSON: 2,
    Kind.PROGRESS_ON_FOLLOWED_PROPOSAL: 2,
    Kind.ANSWER_ON_OWN_PROPOSAL: 1,
    Kind.ANSWER_ON_BACKED_PROPOSAL: 2,
    Kind.OVERDUE_PROPOSALS: 1,
}


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


# Direct address is worth an email now; busy streams of followed activity are worth a digest.
DEFAULT_FREQUENCY = {
    Kind.MENTION: Frequency.IMMEDIATE,
    Kind.COMMENT_ON_OWN_PROPOSAL: Frequency.IMMEDIATE,
    Kind.REMIX_OF_OWN_PROPOSAL: Frequency.IMMEDIATE,
    Kind.SUPPORT_ON_OWN_PROPOSAL: Frequency.DAILY,
    Kind.COMMENT_ON_FOLLOWED_PROPOSAL: Frequency.DAILY,
    Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE: Frequency.DAILY,
    Kind.NEW_PROPOSAL_BY_FOLLOWED_PERSON: Frequency.WEEKLY,
    Kind.PROGRESS_ON_FOLLOWED_PROPOSAL: Frequency.DAILY,
    # The organization's answer is what people wait for: the author hears at once.
    Kind.ANSWER_ON_OWN_PROPOSAL: Frequency.IMMEDIATE,
    Kind.ANSWER_ON_BACKED_PROPOSAL: Frequency.DAILY,
    # Sent by `cocreate send_overdue_digest` once a day, whatever the frequency (but "off").
    Kind.OVERDUE_PROPOSALS: Frequency.DAILY,
}


class Preference(models.Model):
    """How often a person hears about one kind; a missing row means DEFAULT_FREQUENCY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.frequency}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def in_inbox_of(self, user: Actor) -> NotificationQuerySet:
        """`user`'s notifications about what they may still see: news of a proposal hidden by
        moderation since, or of a challenge gone private, is neither shown, counted nor emailed."""
        return self.filter(
            Q(challenge__isnull=True) | Q(challenge__in=Challenge.objects.visible_to(user)),
            Q(proposal__isnull=True) | Q(proposal__in=Proposal.objects.visible_to(user)),
            recipient_id=user.pk,
        )


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The challenge it happened in: digests group by it, and a private challenge's notices
    # only ever reach people who can see it.
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The proposal it is news of: the inbox shows it only while the reader may open that (a
    # proposal moderation hid since, or a challenge gone private, takes its news with it).
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The event that caused it ("proposal:12", "comment:7"): unique per recipient, so a fan-out
    # task that runs twice (a worker restarted mid-way) tells nobody twice.
    source = models.CharField(max_length=60)
    url = models.CharField(max_length=500)
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unemailed",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "source"], name="one_notification_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind}: {self.text[:40]}"
