"""What an organization asks: a challenge around a baseline design, in dated phases."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.organizations.models import Membership, Organization
from cocreate.organizations.roles import is_member

from .ladder import Rung, read_ladder

if TYPE_CHECKING:
    from cocreate.accounts.actors import Actor

logger = logging.getLogger(__name__)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    UNLISTED = "unlisted", _("Unlisted")
    PRIVATE = "private", _("Private")


class Action(models.TextChoices):
    """What a phase can open. Later issues use the rest; the names are fixed by DESIGN.md."""

    SUBMIT = "submit", _("Submit")
    REMIX = "remix", _("Remix")
    COMMENT = "comment", _("Comment")
    SUPPORT = "support", _("Support")
    COMPARE = "compare", _("Compare")
    REVIEW = "review", _("Review")


class AnswerTrigger(models.TextChoices):
    """When the clock of the answer promise starts for a proposal."""

    SUBMISSION = "submission", _("When it is submitted")
    LAST_RUNG = "last_rung", _("When it reaches the support ladder's last rung")


class Mode(models.TextChoices):
    IDEAS = "ideas", _("Open call: answer every proposal")
    CONTEST = "contest", _("Contest: a jury picks winners")


# Open to anyone with the link; only public ones are listed (home page, profiles, follows).
OPEN_VISIBILITIES = (Visibility.PUBLIC, Visibility.UNLISTED)


def member_of(user: Actor, organization: str = "organization") -> Q:
    """Rows whose `organization` (a lookup path) counts `user` as a member, as one EXISTS in the
    same query (no query of its own)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    memberships = Membership.objects.filter(organization=OuterRef(organization), user=user)
    return Q(Exists(memberships))


class ChallengeQuerySet(models.QuerySet["Challenge"]):
    """Who may see which challenge, owned here once; `Challenge.is_visible_to` and
    `is_listed_to` say the same about one row (a test holds them equal)."""

    def visible_to(self, user: Actor) -> ChallengeQuerySet:
        """Challenges `user` may open: published public and unlisted ones, and all their
        organizations' own (private ones, and drafts not yet published)."""
        published = Q(published_at__isnull=False)
        return self.filter(published & Q(visibility__in=OPEN_VISIBILITIES) | member_of(user))

    def listed_to(self, user: Actor) -> ChallengeQuerySet:
        """Challenges whose content may be listed to `user` outside the challenge (home page,
        profiles, news of followed people): published public ones and their organizations' own.
        An unlisted challenge is only for those who have its link."""
        published = Q(published_at__isnull=False)
        return self.filter(published & Q(visibility=Visibility.PUBLIC) | member_of(user))


class Challenge(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="challenges"
    )
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    brief = models.TextField(_("brief"), help_text=_("Markdown"), blank=True)
    brief_html = models.TextField(editable=False, default="")
    toolkit_id = models.CharField(_("toolkit"), max_length=100)
    toolkit_version = models.PositiveIntegerField(_("toolkit version"))
    baseline = models.JSONField(_("baseline design"))
    # Rendered once at write time: the challenge page reuses it on every request.
    baseline_svg = models.TextField(editable=False, default="")
    baseline_thumbnail_svg = models.TextField(editable=False, default="")
    support_budget = models.PositiveSmallIntegerField(
        _("supports per person"),
        null=True,
        blank=True,
        help_text=_("How many proposals one person may support here; empty for no limit."),
    )
    allow_oppose = models.BooleanField(
        _("allow opposing"),
        default=False,
        help_text=_("People may also say they oppose a proposal (one per person, counted)."),
    )
    support_ladder = models.JSONField(
        _("support ladder"),
        default=list,
        blank=True,
        help_text=_('Rungs a proposal must climb, e.g. [{"supporters": 100, "days": 60}].'),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=90,
        help_text=_("How soon the organization promises to answer a proposal."),
    )
    answer_trigger = models.CharField(
        _("the promise counts from"),
        max_length=10,
        choices=AnswerTrigger.choices,
        default=AnswerTrigger.SUBMISSION,
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IDEAS)
    cover_image = models.ForeignKey(
        "core.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # None while a draft: only the organization's members see it until it is published.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A version of what the challenge page lists (its proposals, their titles, status, counts,
    # hiding): part of its cached card list's key. Kept by the database (core/activity.py).
    activity = models.PositiveIntegerField(default=0, editable=False)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """A ladder that `read_ladder` refuses is refused here too, by field (the admin's form)."""
        try:
            read_ladder(self.support_ladder)
        except ValueError as error:
            raise ValidationError({"support_ladder": str(error)}) from error

    def rungs(self) -> list[Rung]:
        """The support ladder's rungs. A ladder stored invalid (written around `clean` and the
        services) counts as no ladder, logged, so no page or sweep fails on it."""
        try:
            return read_ladder(self.support_ladder)
        except ValueError as error:
            logger.error("challenge %s: support ladder ignored: %s", self.pk, error)
            return []

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_visible_to(self, user: Actor) -> bool:
        """`Challenge.objects.visible_to(user)` for this one row (memoised roles: no query)."""
        open_ = self.is_published and self.visibility in OPEN_VISIBILITIES
        return open_ or is_member(user, self.organization_id)

    def is_listed_to(self, user: Actor) -> bool:
        """`Challenge.objects.listed_to(user)` for this one row."""
        listed = self.is_published and self.visibility == Visibility.PUBLIC
        return listed or is_member(user, self.organization_id)

    def audience(self, user_ids: Iterable[int], *, listed: bool = False) -> set[int]:
        """The people among `user_ids` to whom this challenge is visible (or, with `listed`,
        listed), as `is_visible_to` and `is_listed_to` decide for one person; at most one
        query, for news about it fanned out to many."""
        wanted = set(user_ids)
        everyone = OPEN_VISIBILITIES if not listed else (Visibility.PUBLIC,)
        if (self.is_published and self.visibility in everyone) or not wanted:
            return wanted
        members = Membership.objects.filter(
            organization_id=self.organization_id, user_id__in=wanted
        )
        return set(members.values_list("user_id", flat=True))


OVERLAP_MESSAGE = _("Phases of a challenge must not overlap.")


def overlapping(spans: Iterable[tuple[datetime, datetime]]) -> bool:
    """Whether any two (start, end) spans share a moment; one may end as the next starts. Phases
    of a challenge must not, so exactly one (or none) is current at any time."""
    ordered = sorted(spans)
    return any(later[0] < earlier[1] for earlier, later in pairwise(ordered))


class Phase(models.Model):
    """A dated stage; `actions` lists what it opens. Phases of a challenge must not overlap."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    actions = models.JSONField(_("actions"), default=list)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_current(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at
