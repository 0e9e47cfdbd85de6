"""Reads of statuses, answers and the response record; each owns its joins."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cocreate.challenges.models import Challenge
from cocreate.organizations.models import Organization, ProposalStatus, Stage
from cocreate.proposals.models import Proposal, Status

from .models import Decision
from .record import Record
from .record import response_record as record_of


def statuses_in_use(*, organization: Organization) -> QuerySet[ProposalStatus]:
    """The organization's statuses in order, each with `proposal_total` (proposals showing it
    now) and `in_decisions` (an answer ever used it): what may not be removed. One query."""
    decided = Decision.objects.filter(Q(status=OuterRef("pk")) | Q(previous=OuterRef("pk")))
    return ProposalStatus.objects.filter(organization=organization).annotate(
        proposal_total=Count("proposals"), in_decisions=Exists(decided)
    )


def status_for_staff(*, organization: Organization, pk: int) -> ProposalStatus:
    """One of `organization`'s statuses (already through its door), else a 404."""
    status = ProposalStatus.objects.filter(organization=organization, pk=pk).first()
    if status is None:
        raise Http404
    return status


def statuses_for_answer(*, organization_id: int) -> list[ProposalStatus]:
    """The statuses staff may answer with (Merged is the merge's job), in order."""
    return list(
        ProposalStatus.objects.filter(organization_id=organization_id).exclude(stage=Stage.MERGED)
    )


def proposal_for_answer(*, challenge: Challenge, pk: int) -> Proposal:
    """The proposal staff answer (hidden ones too: staff moderate), in `challenge` (already
    through its staff door), else a 404."""
    proposal = Proposal.objects.filter(challenge=challenge, pk=pk).select_related("author").first()
    if proposal is None:
        raise Http404
    proposal.challenge = challenge
    return proposal


def answers_of(*, proposal: Proposal) -> list[Decision]:
    """The proposal's public answers, newest first, each with its status. One query."""
    return list(
        Decision.objects.filter(proposal=proposal)
        .select_related("status")
        .only(
            "id", "proposal_id", "answer_html", "created_at", "status_id",
            "status__name", "status__colour", "status__stage",
        )
    )  # fmt: skip


def recorded_proposals(
    *, organization: Organization | None = None, challenge: Challenge | None = None
) -> QuerySet[Proposal]:
    """The proposals a response record counts: listable, not withdrawn, in `challenge` when it
    is published, or in `organization`'s published public challenges (the record is public: a
    private or unlisted challenge adds nothing to its organization's figures)."""
    proposals = Proposal.objects.listable().exclude(status=Status.WITHDRAWN)
    if challenge is not None:
        if not challenge.is_published:
            return proposals.none()
        return proposals.filter(challenge=challenge)
    if organization is None:
        raise ValueError("response_record needs an organization or a challenge")
    public = Challenge.objects.listed_to(AnonymousUser()).filter(organization=organization)
    return proposals.filter(challenge__in=public)


def response_record(
    *,
    organization: Organization | None = None,
    challenge: Challenge | None = None,
    now: datetime | None = None,
) -> Record:
    """The response record of a challenge or an organization, exact from the database: three
    columns of every counted proposal in one query, the arithmetic in `record.py`. Months are
    the site's time zone's."""
    rows = recorded_proposals(organization=organization, challenge=challenge).values_list(
        "answer_requested_at", "review_due", "first_answered_at"
    )
    zone = timezone.get_current_timezone()
    local = [
        (requested, due, answered.astimezone(zone) if answered else None)
        for requested, due, answered in rows
    ]
    return record_of(local, now or timezone.now())


def overdue_proposals(*, now: datetime) -> QuerySet[Proposal]:
    """Every proposal overdue for an answer now, in published challenges of every
    organization (private ones too: their staff owe the answer all the same), as the record
    counts them: listable, not withdrawn, not answered, promised before `now`; most overdue
    first, each with its challenge and organization. One query."""
    return (
        Proposal.objects.listable()
        .exclude(status=Status.WITHDRAWN)
        .filter(
            challenge__published_at__isnull=False,
            first_answered_at__isnull=True,
            review_due__lt=now,
        )
        .select_related("challenge__organization")
        .only(
            "id", "title", "review_due", "challenge__slug", "challenge__title",
            "challenge__organization__name", "challenge__organization_id",
        )
        .order_by("review_due", "id")
    )  # fmt: skip
