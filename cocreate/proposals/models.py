"""Customers' designs inside a challenge, and the support they gather."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.models import Challenge
from cocreate.organizations.models import Membership
from cocreate.organizations.roles import MODERATING_ROLES, moderates

if TYPE_CHECKING:
    from cocreate.accounts.actors import Actor
    from cocreate.accounts.models import User


class Status(models.TextChoices):
    """Where a proposal is in its life: whether it still takes supports. What the organization
    answered is `Proposal.answer_status`, one of the organization's own statuses."""

    PUBLISHED = "published", _("Published")
    UNDER_REVIEW = "under_review", _("Under review")
    CLOSED = "closed", _("Closed by the organization's answer")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Closed: missed a support target")


def listable_q(prefix: str = "") -> Q:
    """The `listable` rule as a condition, for proposals reached through a relation
    (``listable_q("proposals__")`` counts a challenge's listable proposals)."""
    return Q(**{f"{prefix}hidden": False})


class ProposalQuerySet(models.QuerySet["Proposal"]):
    """Which proposals may appear where, owned here once (`Proposal.is_visible_to` says the
    same about one row). Moderation hides a proposal from everyone but its author and the
    organization's moderators, who still need to see what was hidden."""

    def listable(self) -> ProposalQuerySet:
        """Proposals that may appear in lists, trees, search, suggestions and news: not hidden.
        (Callers choose the challenges: their own, or `Challenge.objects.listed_to`.)"""
        return self.filter(listable_q())

    def visible_to(self, user: Actor) -> ProposalQuerySet:
        """Proposals `user` may open: in a challenge they may see, and not hidden unless they
        wrote it or moderate its organization. One query with the rows, no query of its own."""
        seen = self.filter(challenge__in=Challenge.objects.visible_to(user))
        if not user.is_authenticated:
            return seen.filter(listable_q())
        moderators = Membership.objects.filter(
            organization=OuterRef("challenge__organization"), user=user, role__in=MODERATING_ROLES
        )
        return seen.filter(listable_q() | Q(author=user) | Q(Exists(moderators)))


class Proposal(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    # No parent means the remix started from the challenge's baseline.
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="remixes"
    )
    title = models.CharField(_("title"), max_length=140)
    rationale = models.TextField(_("why"))
    design = models.JSONField(_("design"))
    toolkit_version = models.PositiveIntegerField()
    # The authoritative evaluation and drawings, computed once when the design is saved.
    evaluation = models.JSONField(default=dict, editable=False)
    warning_count = models.PositiveIntegerField(default=0, editable=False)
    svg = models.TextField(editable=False, default="")
    thumbnail_svg = models.TextField(editable=False, default="")
    # What the design changes against the challenge's baseline, in one line ("+Tree, −Drive
    # lane"): written with the design and again whenever the baseline changes.
    change_summary = models.CharField(max_length=120, editable=False, default="")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    # Kept by the support services with F() updates, so "most supported" is an index scan.
    support_count = models.PositiveIntegerField(default=0, editable=False)
    oppose_count = models.PositiveIntegerField(default=0, editable=False)
    # The answer promise: when its clock started (submission, or the ladder's last rung, as the
    # challenge says) and when the organization promised to answer by.
    answer_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_due = models.DateTimeField(null=True, blank=True, editable=False)
    # The organization's latest public answer (`decisions.Decision` keeps them all), and when
    # it first answered: what the response record counts.
    answer_status = models.ForeignKey(
        "organizations.ProposalStatus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="proposals",
    )
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set while this proposal is merged into another (`merges`): its backers moved there.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged",
    )
    # Why the ladder closed it.
    closed_reason = models.CharField(max_length=300, blank=True, editable=False)
    # Hidden by moderation (three reports, or a moderator): gone from every list and page but
    # its author's and the moderators'. Changed only by the moderation services.
    hidden = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # A version of what its card and the parts of its page every visitor sees alike show (its
    # shown columns, comments, supporters, pledges): part of their cache keys. Kept by the
    # database (core/activity.py).
    activity = models.PositiveIntegerField(default=0, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["challenge", "-created_at", "-id"], name="proposal_newest"),
            models.Index(
                fields=["challenge", "-support_count", "-created_at", "-id"],
                name="proposal_most_supported",
            ),
            # The review board's "Awaiting answer" and "Overdue" views, soonest due first.
            models.Index(
                fields=["challenge", "review_due"],
                condition=Q(answer_status__isnull=True),
                name="proposal_awaiting_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_visible_to(self, user: Actor) -> bool:
        """`Proposal.objects.visible_to(user)` for this one row, its challenge loaded."""
        if not self.challenge.is_visible_to(user):
            return False
        if not self.hidden:
            return True
        return user.is_authenticated and (
            self.author_id == user.pk or moderates(user, self.challenge.organization_id)
        )


class SupportBudget(models.Model):
    """How many of a challenge's supports a person has used. One row per person and challenge,
    changed only by a conditional UPDATE, so concurrent supports can never overspend it."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="budgets")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_budgets"
    )
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="one_budget_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} used {self.used} in {self.challenge_id}"


class Support(models.Model):
    """One backing per person per proposal, enforced by the database."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    # True while this support takes one of the person's budget in its challenge. Whatever gives
    # the budget back (a withdraw, the ladder closing the proposal) turns it off in the same
    # conditional UPDATE, so each support is given back at most once.
    holds_budget = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} supports {self.proposal_id}"


class PledgeKind(models.TextChoices):
    """What a backer offers beyond a support, as IdeaScale's funding stage and Threadless's
    pre-orders ask: the resources that make a proposal real."""

    MONEY = "money", _("Money (NZD)")
    HOURS = "hours", _("Volunteer hours")
    SITE = "site", _("A pilot site")


class Pledge(models.Model):
    """A person backing a proposal with resources; one pledge of each kind per person."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="pledges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pledges"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PledgeKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user", "kind"], name="one_pledge_per_kind_and_person"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="pledge_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} pledges {self.amount} {self.kind} to {self.proposal_id}"


class Opposition(models.Model):
    """One person saying they oppose a proposal, where the challenge allows it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="oppositions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oppositions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_opposition_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} opposes {self.proposal_id}"


class DraftQuerySet(models.QuerySet["Draft"]):
    def owned_by(self, owner: DraftOwner, challenge: Challenge) -> DraftQuerySet:
        """The one row `owner` keeps for `challenge` (none yet, or one)."""
        if owner.user is not None:
            return self.filter(challenge=challenge, user=owner.user)
        return self.filter(challenge=challenge, user=None, visitor=owner.visitor)


VISITOR_COOKIE = "cocreate_visitor"  # an anonymous visitor's random name, for their drafts
VISITOR_CHARS = 32


def visitor_name(cookies: dict[str, str]) -> str | None:
    """The visitor's name from their cookies, when it is one we could have given."""
    name = cookies.get(VISITOR_COOKIE, "")
    ok = len(name) == VISITOR_CHARS and name.isascii() and name.isalnum()
    return name if ok else None


@dataclass(frozen=True, slots=True)
class DraftOwner:
    """Whose draft: a signed-in person, or an anonymous visitor named by a token kept in their
    session (written once, so it survives logging in and no session is read-modified-written)."""

    user: User | None
    visitor: str = ""


class Draft(models.Model):
    """Work in progress on one challenge: one row per person (or anonymous visitor) and challenge,
    its `version` counting the saves, so an autosave from an older copy is refused, not applied
    over newer work."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="drafts"
    )
    visitor = models.CharField(max_length=64, blank=True, default="")
    design = models.JSONField()
    # The proposal remixed, by id: it may since have been deleted or hidden, which submitting says.
    parent_pk = models.BigIntegerField(null=True)
    title = models.TextField(blank=True, default="")  # as typed, even when too long to submit
    rationale = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "challenge"],
                condition=models.Q(user__isnull=False),
                name="one_draft_per_person_and_challenge",
            ),
            models.UniqueConstraint(
                fields=["visitor", "challenge"],
                condition=models.Q(user__isnull=True),
                name="one_draft_per_visitor_and_challenge",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, visitor="")
                | models.Q(user__isnull=True) & ~models.Q(visitor=""),
                name="draft_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"draft v{self.version} of {self.challenge_id} by {self.user_id or 'a visitor'}"
