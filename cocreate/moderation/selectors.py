"""Reads of moderation, each owning its joins so page query counts stay constant."""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from django.http import Http404

from cocreate.accounts.actors import Actor
from cocreate.community.models import Comment
from cocreate.organizations.models import Organization
from cocreate.proposals.models import Proposal

from .models import AuditLog, Report

QUEUE_LIMIT = 500
LOG_LIMIT = 200


def organization_for_moderation(*, slug: str, user: Actor) -> Organization:
    """The organization whose queue `user` moderates; a 404 for everyone else."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None or not rules.has_perm("moderation.moderate", user, organization):
        raise Http404
    return organization


@dataclass
class ReportGroup:
    """The open reports on one target, as the queue shows them."""

    kind: str  # "proposal" | "comment"
    target: Proposal | Comment
    proposal: Proposal
    hidden: bool = False
    reports: list[Report] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return sorted({str(r.get_reason_display()) for r in self.reports})


_QUEUE_FIELDS = (
    "id",
    "reason",
    "note",
    "trusted",
    "created_at",
    "proposal_id",
    "comment_id",
    "reporter__id",
    "reporter__username",
    "proposal__id",
    "proposal__title",
    "proposal__rationale",
    "proposal__hidden",
    "proposal__author__id",
    "proposal__author__username",
    "proposal__challenge__id",
    "proposal__challenge__slug",
    "comment__id",
    "comment__body",
    "comment__hidden",
    "comment__author__id",
    "comment__author__username",
    "comment__proposal__id",
    "comment__proposal__title",
    "comment__proposal__challenge__id",
    "comment__proposal__challenge__slug",
)


def report_queue(*, organization: Organization) -> list[ReportGroup]:
    """Open reports grouped by target, most reported first: one query whatever the count."""
    rows = list(
        Report.objects.filter(organization=organization, resolved_at__isnull=True)
        .select_related(
            "reporter",
            "proposal__author",
            "proposal__challenge",
            "comment__author",
            "comment__proposal__challenge",
        )
        .only(*_QUEUE_FIELDS)
        .order_by("created_at", "id")[:QUEUE_LIMIT]
    )
    groups: dict[tuple[str, int], ReportGroup] = {}
    for row in rows:
        if row.comment_id is not None:
            key = ("comment", row.comment_id)
            if key not in groups:
                comment = row.comment
                assert comment is not None
                groups[key] = ReportGroup(
                    "comment", comment, comment.proposal, hidden=comment.hidden
                )
        else:
            key = ("proposal", row.proposal_id or 0)
            if key not in groups:
                proposal = row.proposal
                assert proposal is not None
                groups[key] = ReportGroup("proposal", proposal, proposal, hidden=proposal.hidden)
        groups[key].reports.append(row)
    return sorted(groups.values(), key=lambda g: (-len(g.reports), g.reports[0].created_at))


def audit_log(*, organization: Organization, limit: int = LOG_LIMIT) -> list[AuditLog]:
    """The newest moderation acts, one query."""
    return list(
        AuditLog.objects.filter(organization=organization)
        .select_related("actor")
        .only(
            "id",
            "action",
            "target_repr",
            "target_url",
            "note",
            "created_at",
            "actor__id",
            "actor__username",
        )
        .order_by("-created_at", "-id")[:limit]
    )


def moderation_target(*, organization: Organization, kind: str, pk: int) -> Proposal | Comment:
    """A proposal or comment in `organization`'s challenges, or 404."""
    target: Proposal | Comment | None
    if kind == "comment":
        target = (
            Comment.objects.filter(pk=pk, proposal__challenge__organization=organization)
            .select_related("author", "proposal__challenge__organization")
            .first()
        )
    else:
        target = (
            Proposal.objects.filter(pk=pk, challenge__organization=organization)
            .select_related("author", "challenge__organization")
            .first()
        )
    if target is None:
        raise Http404
    return target
