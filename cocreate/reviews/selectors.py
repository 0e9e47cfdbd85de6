"""Reads of scorecards, reviewers' loads, score sheets and results. Each pulls its rows in a
fixed number of queries (values_list in bulk) and leaves the arithmetic to `scoring`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cocreate.accounts.actors import Actor
from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.organizations.models import Membership
from cocreate.organizations.roles import REVIEWING_ROLES, is_staff_of, reviews_in
from cocreate.proposals.models import Proposal

from . import scoring
from .models import Assignment, Criterion, CriterionKind, Score


def scorecard(*, challenge: Challenge) -> list[Criterion]:
    """The challenge's criteria in scorecard order, each knowing its challenge (no query)."""
    criteria = list(Criterion.objects.filter(challenge=challenge))
    for criterion in criteria:
        criterion.challenge = challenge
    return criteria


def criterion_for_staff(*, challenge: Challenge, pk: int | None) -> Criterion:
    """One criterion of `challenge`'s scorecard (the door already checked the person), else 404."""
    criterion = Criterion.objects.filter(challenge=challenge, pk=pk).first() if pk else None
    if criterion is None:
        raise Http404
    criterion.challenge = challenge
    return criterion


def metric_choices(*, challenge: Challenge) -> list[tuple[str, str]]:
    """(key, "Label (unit)") for every metric the challenge's toolkit declares."""
    return [
        (key, f"{metric.label} ({metric.unit})" if metric.unit else metric.label)
        for key, metric in toolkit_for(challenge).metrics.items()
    ]


@dataclass(frozen=True, slots=True)
class PublicLine:
    criterion: Criterion
    share: int  # percent of the total weight, rounded
    metric_label: str


def public_scorecard(*, challenge: Challenge) -> list[PublicLine]:
    """The scorecard as the challenge page publishes it: each criterion and its share of the
    weight."""
    criteria = list(Criterion.objects.filter(challenge=challenge))
    total = sum(c.weight for c in criteria) or 1
    labels = dict(metric_choices(challenge=challenge)) if criteria else {}
    return [
        PublicLine(c, round(100 * c.weight / total), labels.get(c.metric, "")) for c in criteria
    ]


def reviewing_members(*, organization_id: int) -> list[Membership]:
    """Who may be assigned to review: the organization's reviewers, staff and admins."""
    return list(
        Membership.objects.filter(organization_id=organization_id, role__in=REVIEWING_ROLES)
        .select_related("user")
        .order_by("user__username")
    )


def person(*, pk: int | None) -> User | None:
    """The account `pk` names, for a service to judge (it refuses people who don't review)."""
    return User.objects.filter(pk=pk).first() if pk is not None else None


def challenge_proposals(*, challenge: Challenge, pks: list[int]) -> list[Proposal]:
    """Those of `pks` that are proposals of `challenge`, each knowing its challenge."""
    proposals = list(Proposal.objects.filter(challenge=challenge, pk__in=pks).only("pk", "title"))
    for proposal in proposals:
        proposal.challenge = challenge
    return proposals


@dataclass(frozen=True, slots=True)
class ReviewerLoad:
    """A reviewing member and their load on one challenge: proposals assigned, and how many of
    those they have scored."""

    membership: Membership
    assigned: int
    scored: int


@dataclass(slots=True)
class AssignmentRow:
    proposal: Proposal
    reviewers: list[User] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReviewersPage:
    loads: list[ReviewerLoad]
    rows: list[AssignmentRow]


def reviewers_page(*, challenge: Challenge) -> ReviewersPage:
    """The reviewers page: every reviewing member's load, and every listable proposal with the
    reviewers assigned to it. Four queries, whatever the numbers."""
    members = reviewing_members(organization_id=challenge.organization_id)
    people = {m.user_id: m.user for m in members}
    proposals = list(
        Proposal.objects.filter(challenge=challenge)
        .listable()
        .only("pk", "title", "support_count", "created_at")
    )
    pairs = list(
        Assignment.objects.filter(proposal__challenge=challenge).values_list(
            "proposal_id", "reviewer_id"
        )
    )
    scored = set(
        Score.objects.filter(proposal__challenge=challenge)
        .values_list("proposal_id", "reviewer_id")
        .distinct()
    )
    assigned = Counter(reviewer for _proposal, reviewer in pairs)
    done = Counter(reviewer for proposal, reviewer in pairs if (proposal, reviewer) in scored)
    rows = {p.pk: AssignmentRow(p) for p in proposals}
    for proposal_id, reviewer_id in pairs:
        if proposal_id in rows and reviewer_id in people:
            rows[proposal_id].reviewers.append(people[reviewer_id])
    return ReviewersPage(
        loads=[ReviewerLoad(m, assigned[m.user_id], done[m.user_id]) for m in members],
        rows=list(rows.values()),
    )


@dataclass(frozen=True, slots=True)
class PanelReviewer:
    person: User
    scored: bool


@dataclass(frozen=True, slots=True)
class StaffPanel:
    """The reviews panel on a proposal page: for staff the assigned reviewers and the people who
    may be assigned; for anyone who may score it, the way to the score sheet."""

    staff: bool
    may_score: bool
    assigned: list[PanelReviewer]
    eligible: list[Membership]


def staff_panel(*, proposal: Proposal, user: Actor) -> StaffPanel | None:
    """None for people who neither run nor review the organization's challenges (no query:
    their roles are memoised for the request)."""
    organization_id = proposal.challenge.organization_id
    staff = is_staff_of(user, organization_id)
    if not staff:
        if not reviews_in(user, organization_id):
            return None
        if not rules.has_perm("reviews.score_proposal", user, proposal):
            return None
        return StaffPanel(staff=False, may_score=True, assigned=[], eligible=[])
    held = list(
        Assignment.objects.filter(proposal=proposal).select_related("reviewer").order_by("pk")
    )
    scored = set(
        Score.objects.filter(proposal=proposal).values_list("reviewer_id", flat=True).distinct()
    )
    taken = {a.reviewer_id for a in held}
    return StaffPanel(
        staff=True,
        may_score=True,
        assigned=[PanelReviewer(a.reviewer, a.reviewer_id in scored) for a in held],
        eligible=[
            m for m in reviewing_members(organization_id=organization_id) if m.user_id not in taken
        ],
    )


def proposal_for_scoring(*, challenge: Challenge, pk: int, user: Actor) -> Proposal:
    """The proposal behind a score sheet: a 404 when it is not one `user` may see in
    `challenge`, a 403 when they may see it but neither run the challenge nor were assigned
    to it."""
    proposal = Proposal.objects.filter(challenge=challenge, pk=pk).select_related("author").first()
    if proposal is None:
        raise Http404
    proposal.challenge = challenge
    if not proposal.is_visible_to(user):
        raise Http404
    if not rules.has_perm("reviews.score_proposal", user, proposal):
        raise PermissionDenied
    return proposal


def _compared_metrics(challenge: Challenge) -> dict[int, dict[str, Any]]:
    """Every listable proposal's stored metric values: what metric criteria are normalised
    across. One query, reading only the metrics out of each stored evaluation."""
    rows = (
        Proposal.objects.filter(challenge=challenge)
        .listable()
        .values_list("pk", "evaluation__metrics")
    )
    return {pk: metrics if isinstance(metrics, dict) else {} for pk, metrics in rows}


@dataclass(frozen=True, slots=True)
class SheetLine:
    """One criterion on a reviewer's score sheet: their score and comment so far, or, for a
    metric criterion, the proposal's metric and where it places among the challenge's (1–5)."""

    criterion: Criterion
    value: int | None = None
    comment: str = ""
    metric_label: str = ""
    metric_unit: str = ""
    raw: object = None
    normalised: float | None = None


def score_sheet(
    *, proposal: Proposal, reviewer: Actor, criteria: list[Criterion]
) -> list[SheetLine]:
    """The score sheet of `reviewer` on `proposal`, whose scorecard is `criteria`: two queries
    (their scores, and the metrics of the proposals compared)."""
    challenge = proposal.challenge
    given = {
        s.criterion_id: s
        for s in Score.objects.filter(proposal=proposal, reviewer_id=reviewer.pk).only(
            "criterion_id", "value", "comment"
        )
    }
    metrics_wanted = any(c.kind == CriterionKind.METRIC for c in criteria)
    compared = _compared_metrics(challenge) if metrics_wanted else {}
    compared[proposal.pk] = dict(proposal.evaluation.get("metrics") or {})
    declared = toolkit_for(challenge).metrics
    lines = []
    for criterion in criteria:
        if criterion.kind == CriterionKind.METRIC:
            placed = scoring.normalise(
                scoring.metric_values(compared, criterion.metric),
                higher_is_better=criterion.higher_is_better,
            )
            definition = declared.get(criterion.metric)
            lines.append(
                SheetLine(
                    criterion,
                    metric_label=definition.label if definition else criterion.metric,
                    metric_unit=definition.unit if definition else "",
                    raw=compared[proposal.pk].get(criterion.metric),
                    normalised=placed.get(proposal.pk),
                )
            )
        else:
            score = given.get(criterion.pk)
            lines.append(
                SheetLine(
                    criterion,
                    value=score.value if score else None,
                    comment=score.comment if score else "",
                )
            )
    return lines


SORTS = ("total", "agreement", "newest")


@dataclass(frozen=True, slots=True)
class ResultRow:
    pk: int
    title: str
    tally: scoring.Tally
    cells: list[tuple[Criterion, scoring.Line]]


@dataclass(frozen=True, slots=True)
class Results:
    criteria: list[Criterion]
    rows: list[ResultRow]
    alpha: float | None  # Krippendorff's ordinal alpha over the whole challenge
    scored: int  # proposals with at least one reviewer's score
    compared: int  # the challenge's listable proposals


def results(*, challenge: Challenge, sort: str = "total", scored_only: bool = False) -> Results:
    """Every listable proposal's weighted total, per-criterion spread and reviewer agreement,
    sorted by `sort` (`SORTS`: highest total first, complete cards before partial ones; least
    agreement first; newest first); with `scored_only`, only those a reviewer has scored (the
    metrics are still normalised across all of them).
    Three queries whatever the numbers: the criteria, the proposals with their metrics, and
    every score of the challenge as plain tuples."""
    criteria = scorecard(challenge=challenge)
    proposals = list(
        Proposal.objects.filter(challenge=challenge)
        .listable()
        .values_list("pk", "title", "evaluation__metrics")
    )
    ratings = list(
        Score.objects.filter(proposal__challenge=challenge, criterion__challenge=challenge)
        .values_list("proposal_id", "criterion_id", "reviewer_id", "value")
        .order_by()
    )
    metrics = {pk: m if isinstance(m, dict) else {} for pk, _title, m in proposals}
    tallies = scoring.tally(criteria, ratings, metrics)
    rows = [
        ResultRow(pk, title, tallies[pk], [(c, tallies[pk].lines[c.pk]) for c in criteria])
        for pk, title, _metrics in proposals  # newest first, the proposals' own order
    ]
    scored = sum(1 for row in rows if row.tally.reviewers)
    if scored_only:
        rows = [row for row in rows if row.tally.reviewers]
    if sort == "total":
        # Complete cards first: a total over fewer criteria is not comparable with a full one.
        rows.sort(
            key=lambda r: (not r.tally.complete, r.tally.total is None, -(r.tally.total or 0))
        )
    elif sort == "agreement":
        rows.sort(key=lambda r: (r.tally.agreement is None, r.tally.agreement or 0))
    return Results(
        criteria=criteria,
        rows=rows,
        alpha=scoring.challenge_alpha(criteria, ratings),
        scored=scored,
        compared=len(proposals),
    )
