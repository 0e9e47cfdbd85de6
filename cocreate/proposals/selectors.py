"""Reads of proposals and supports; each owns its joins and loads only the columns it shows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from cocreate.accounts.actors import Actor
from cocreate.challenges.ladder import ladder_state
from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import checked_for_view, with_phases
from cocreate.organizations.models import Organization

from .models import (
    Draft,
    DraftOwner,
    Opposition,
    Pledge,
    PledgeKind,
    Proposal,
    Status,
    Support,
    SupportBudget,
    listable_q,
)

Sort = Literal["newest", "supported"]
SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-id"),
    "supported": ("-support_count", "-created_at", "-id"),
}
_CARD_FIELDS = (
    "id",
    "challenge_id",
    "title",
    "status",
    "support_count",
    "warning_count",
    "created_at",
    "thumbnail_svg",
    "change_summary",
    "parent_id",
    "author__id",
    "author__username",
    "activity",
    "answer_status__name",
    "answer_status__colour",
)
# What the proposal page and the buttons acting on it read: every column of the proposal, of
# its parent and both authors only what the lineage line and the rules ask (listing them costs
# the ORM less than deferring the rest).
_PROPOSAL_FIELDS = (
    *(field.name for field in Proposal._meta.concrete_fields),
    "author__username",
    "answer_status__name",
    "answer_status__colour",
    "answer_status__stage",  # the page's panels (progress) show by the answer's stage
    "parent__title",
    "parent__hidden",
    "parent__challenge",
    "parent__activity",
    "parent__author__username",
)
_CHALLENGE_FIELDS = (
    *(f"challenge__{field.name}" for field in Challenge._meta.concrete_fields),
    *(f"challenge__organization__{field.name}" for field in Organization._meta.concrete_fields),
)


def challenge_list(*, user: Actor) -> list[Challenge]:
    """The challenges listed to `user` on the home page, newest first, each with the number of
    its proposals anyone may see."""
    return list(
        with_phases(Challenge.objects.listed_to(user))
        .annotate(proposal_total=Count("proposals", filter=listable_q("proposals__")))
        .defer("baseline", "baseline_svg", "brief", "brief_html")
    )


def proposal_cards(*, challenge: Challenge, sort: str, page: int | str | None) -> Page[Proposal]:
    """One page of proposal cards: a count and a page query whatever the number of rows."""
    ordering = SORTS.get(sort, SORTS["newest"])
    queryset = (
        Proposal.objects.filter(challenge=challenge)
        .listable()
        .select_related("author", "answer_status")
        .only(*_CARD_FIELDS)
        .order_by(*ordering)
    )
    return Paginator(queryset, settings.PROPOSALS_PER_PAGE).get_page(page)


def proposal_for_view(*, challenge: Challenge, pk: int, user: Actor) -> Proposal:
    """The proposal `user` may open in `challenge` (which they may see), else a 404. Checked on
    the row (`is_visible_to`, as `challenge_for_view` does): the query is a plain look-up by
    key, which the ORM builds in a fraction of the time of the `visible_to` subqueries."""
    try:
        proposal = _with_parent_and_authors(Proposal.objects.filter(challenge=challenge, pk=pk))
    except Proposal.DoesNotExist:
        raise Http404 from None
    return _checked(proposal, challenge=challenge, user=user)


def proposal_page_for_view(*, slug: str, pk: int, user: Actor) -> Proposal:
    """As `challenge_for_view` and then `proposal_for_view`, in one query: the proposal page's
    hot path, where building a query costs the ORM far more than SQLite takes to run it."""
    try:
        proposal = _with_parent_and_authors(
            Proposal.objects.filter(challenge__slug=slug, pk=pk).select_related(
                "challenge__organization"
            ),
            *_CHALLENGE_FIELDS,
        )
    except Proposal.DoesNotExist:
        raise Http404 from None
    challenge = checked_for_view(proposal.challenge, user=user)
    return _checked(proposal, challenge=challenge, user=user)


def _with_parent_and_authors(queryset: QuerySet[Proposal], *fields: str) -> Proposal:
    """The one proposal of `queryset`, with its parent and both authors, and `fields` too."""
    return (
        queryset.select_related("author", "parent__author", "answer_status")
        .only(*_PROPOSAL_FIELDS, *fields)
        .get()
    )


def _checked(proposal: Proposal, *, challenge: Challenge, user: Actor) -> Proposal:
    proposal.challenge = challenge  # already loaded, with its phases
    if proposal.parent is not None:
        proposal.parent.challenge = challenge
    if not proposal.is_visible_to(user):
        raise Http404
    return proposal


def shown_parent(*, proposal: Proposal, user: Actor) -> Proposal | None:
    """The proposal it remixes, when `user` may open it (a remix of a hidden proposal names
    nothing of it); None for a remix of the baseline. No query after `proposal_for_view`."""
    parent = proposal.parent
    return parent if parent is not None and parent.is_visible_to(user) else None


def proposal_by_pk_for_view(*, pk: int, user: Actor) -> Proposal:
    """As `proposal_for_view`, by id alone (a follow button names its target by id); with its
    challenge, which the follow rule asks about again."""
    proposal = Proposal.objects.visible_to(user).select_related("challenge").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def proposal_for_remix(*, challenge: Challenge, pk: int, user: Actor) -> Proposal:
    proposal = (
        Proposal.objects.visible_to(user)
        .filter(challenge=challenge, pk=pk)
        .only("id", "design", "title")
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def supporters(*, proposal: Proposal, limit: int = 24) -> QuerySet[Support]:
    """The most recent supporters, for the proposal page."""
    return (
        Support.objects.filter(proposal=proposal)
        .select_related("user")
        .only("id", "created_at", "user__id", "user__username")
        .order_by("-created_at", "-id")[:limit]
    )


def supported_ids(*, user: Actor, proposal_ids: Iterable[int]) -> set[int]:
    """Which of these proposals `user` supports: one query, none for anonymous visitors."""
    ids = list(proposal_ids)
    if not ids or not user.is_authenticated:
        return set()
    return set(
        Support.objects.filter(user=user, proposal_id__in=ids).values_list("proposal_id", flat=True)
    )


def supports_left(*, user: Actor, challenge: Challenge) -> int | None:
    """How many more proposals `user` may support here: None without a budget or an account."""
    budget = challenge.support_budget
    if budget is None or not user.is_authenticated:
        return None
    used = (
        SupportBudget.objects.filter(challenge=challenge, user=user)
        .values_list("used", flat=True)
        .first()
    )
    return budget - (used or 0)


def pledge_totals(*, proposal: Proposal) -> list[dict[str, Any]]:
    """Per kind: the total pledged and by how many people (one query)."""
    labels = dict(PledgeKind.choices)
    rows = (
        Pledge.objects.filter(proposal=proposal)
        .values("kind")
        .annotate(total=Sum("amount"), people=Count("user", distinct=True))
        .order_by("kind")
    )
    return [{**row, "label": labels.get(row["kind"], row["kind"])} for row in rows]


def proposals_on_ladders() -> list[Proposal]:
    """Published proposals of challenges that run a support ladder, with their challenge."""
    return list(
        Proposal.objects.filter(status=Status.PUBLISHED)
        .exclude(challenge__support_ladder=[])
        .select_related("challenge")
        .only("id", "status", "support_count", "created_at", "challenge")
        .order_by("pk")
    )


def ladder_progress(*, proposal: Proposal, challenge: Challenge) -> dict[str, Any] | None:
    """What the proposal page says about the ladder: the next target and its deadline."""
    rungs = challenge.rungs()
    if not rungs or proposal.status != Status.PUBLISHED:
        return None
    state = ladder_state(rungs, proposal.support_count, proposal.created_at, timezone.now())
    return {"state": state, "rungs": rungs}


def opposes(*, user: Actor, proposal: Proposal) -> bool:
    """Whether `user` opposes this proposal: one query, none for anonymous visitors."""
    if not user.is_authenticated:
        return False
    return Opposition.objects.filter(user=user, proposal=proposal).exists()


def draft_for(*, owner: DraftOwner, challenge: Challenge) -> Draft | None:
    """The draft `owner` keeps for `challenge`, if any (one query)."""
    return Draft.objects.owned_by(owner, challenge).first()
