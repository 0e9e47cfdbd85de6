"""Reads for the accountability page: the funnel, every proposal's current answer (paged), the
as-built design with its credits, and the most supported proposals to compare it with. Each in a
fixed number of queries, whatever the number of proposals."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, F, OuterRef, Q, Subquery

from cocreate.challenges.models import Challenge
from cocreate.decisions.models import Decision
from cocreate.organizations.models import Stage
from cocreate.proposals.models import Proposal

from .models import AsBuilt

ANSWERS_PER_PAGE = 50
TOP_SUPPORTED = 3
ACCEPTED = (Stage.ACCEPTED, Stage.BUILT)
DESIGN_FIELDS = (
    "id",
    "challenge_id",
    "title",
    "design",
    "toolkit_version",
    "svg",
    "support_count",
    "author__id",
    "author__username",
)


@dataclass(slots=True)
class Step:
    key: str
    count: int
    share: int  # of the submitted, in whole percent: the bar's length


def funnel(*, challenge: Challenge) -> list[Step]:
    """Submitted → answered → accepted → built, counted over the challenge's listable
    proposals from their latest answer: one query."""
    counts = (
        Proposal.objects.listable()
        .filter(challenge=challenge)
        .aggregate(
            submitted=Count("pk"),
            answered=Count("pk", filter=Q(first_answered_at__isnull=False)),
            accepted=Count("pk", filter=Q(answer_status__stage__in=ACCEPTED)),
            built=Count("pk", filter=Q(answer_status__stage=Stage.BUILT)),
        )
    )
    total = counts["submitted"] or 0
    return [
        Step(key, counts[key], round(100 * counts[key] / total) if total else 0)
        for key in ("submitted", "answered", "accepted", "built")
    ]


def answers(*, challenge: Challenge, page: int) -> Page[Proposal]:
    """The challenge's listable proposals, most recently answered first (then the unanswered,
    newest first), each with its status and latest public answer: two queries a page."""
    latest = Decision.objects.filter(proposal=OuterRef("pk")).order_by("-created_at", "-id")
    queryset = (
        Proposal.objects.listable()
        .filter(challenge=challenge)
        .select_related("author", "answer_status")
        .only(
            "id",
            "challenge_id",
            "title",
            "status",
            "support_count",
            "answered_at",
            "created_at",
            "author__id",
            "author__username",
            "answer_status__id",
            "answer_status__name",
            "answer_status__colour",
            "answer_status__stage",
        )
        .annotate(answer_html=Subquery(latest.values("answer_html")[:1]))
        .order_by(F("answered_at").desc(nulls_last=True), "-created_at", "-id")
    )
    return Paginator(queryset, ANSWERS_PER_PAGE).get_page(page)


def as_built_of(*, challenge: Challenge) -> AsBuilt | None:
    """The published as-built design with the proposals credited for it (and their authors):
    two queries, one when there is none."""
    as_built = AsBuilt.objects.filter(challenge=challenge).first()
    if as_built is None:
        return None
    as_built.challenge = challenge
    as_built.credited_list = list(  # type: ignore[attr-defined]
        as_built.credited.listable().select_related("author").only(*DESIGN_FIELDS)
    )
    return as_built


def most_supported(*, challenge: Challenge, n: int = TOP_SUPPORTED) -> list[Proposal]:
    """The `n` listable proposals with the most supports, with their designs: one query."""
    return list(
        Proposal.objects.listable()
        .filter(challenge=challenge)
        .select_related("author")
        .only(*DESIGN_FIELDS)
        .order_by("-support_count", "-created_at", "-id")[:n]
    )


def as_built_candidates(*, challenge: Challenge, limit: int = 100) -> list[Proposal]:
    """Proposals staff may start the as-built from or credit: the accepted ones first, then the
    most supported; one query."""
    return list(
        Proposal.objects.listable()
        .filter(challenge=challenge)
        .select_related("author", "answer_status")
        .only(*DESIGN_FIELDS, "answer_status__name", "answer_status__stage")
        .annotate(
            accepted=ExpressionWrapper(
                Q(answer_status__stage__in=ACCEPTED), output_field=BooleanField()
            )
        )
        .order_by(F("accepted").desc(nulls_last=True), "-support_count", "-id")[:limit]
    )
