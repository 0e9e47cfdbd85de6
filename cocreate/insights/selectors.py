"""Reads of a challenge's insights: the stored report and whether it is stale, for the pages;
and the bulk arrays the computing task feeds to the analysis core (values, never model rows:
100,000 proposals must fit in seconds and memory)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_view
from cocreate.proposals.models import Proposal, Support

from .analysis.designs import Item
from .analysis.lead_users import Proposal as LeadProposal
from .models import Report, RulePressure

# The recompute rule: a stored report is stale once the challenge's listable proposals differ
# from the count it was computed from by STALE_SHARE of that count or by STALE_PROPOSALS,
# whichever comes first (any change at all counts for a report computed from nothing).
STALE_SHARE = 0.10
STALE_PROPOSALS = 20
CHUNK = 2000


@dataclass(frozen=True)
class Freshness:
    """How a stored report stands against the challenge's proposals now."""

    count: int  # listable proposals now
    new: int  # how many more (or fewer, negative) than the report was computed from
    stale: bool


def report_for(challenge: Challenge, *, whole: bool = False) -> Report:
    """The challenge's report row (unsaved and empty when none was ever computed); its whole
    `data` only when asked (downloads): pages read the `summary`."""
    rows = Report.objects.filter(challenge=challenge)
    return (rows if whole else rows.defer("data")).first() or Report(challenge=challenge)


def listable_count(challenge: Challenge) -> int:
    return Proposal.objects.listable().filter(challenge=challenge).count()


def freshness(report: Report, count: int) -> Freshness:
    """Whether `report` needs computing again, by the recompute rule above."""
    new = count - report.proposal_count
    if report.computed_at is None:
        return Freshness(count, new, stale=count > 0)
    change = abs(new)
    stale = change > 0 and (
        change >= STALE_PROPOSALS or change >= STALE_SHARE * report.proposal_count
    )
    return Freshness(count, new, stale=stale)


def public_report(*, slug: str, user: Actor) -> Report:
    """The report a challenge's organization made public, if `user` may see the challenge and
    one was computed; else a 404."""
    challenge = challenge_for_view(slug=slug, user=user)
    report = Report.objects.filter(challenge=challenge, public=True).defer("data").first()
    if report is None or report.computed_at is None:
        raise Http404
    report.challenge = challenge  # loaded with its organization and phases
    return report


def _listable(challenge: Challenge) -> Any:
    return Proposal.objects.listable().filter(challenge=challenge).order_by("pk")


def analysis_items(challenge: Challenge) -> Iterator[Item]:
    """The challenge's listable proposals as the analysis reads them: id, design and support."""
    rows = _listable(challenge).values_list("pk", "design", "support_count")
    for pk, design, support in rows.iterator(chunk_size=CHUNK):
        yield Item(id=str(pk), design=design, support=float(support))


def lead_user_proposals(challenge: Challenge) -> list[LeadProposal]:
    """The challenge's listable proposals with author, time, parent and supporters' names, for
    ranking lead users; two queries whatever the count."""
    supporters: dict[int, list[str]] = defaultdict(list)
    backing = (
        Support.objects.filter(proposal__in=_listable(challenge))
        .order_by("proposal_id", "user__username")
        .values_list("proposal_id", "user__username")
    )
    for proposal_id, username in backing.iterator(chunk_size=CHUNK * 10):
        supporters[proposal_id].append(username)
    rows = _listable(challenge).values_list(
        "pk", "author__username", "created_at", "parent_id", "design"
    )
    return [
        LeadProposal(
            id=str(pk),
            author=author,
            created_at=created_at,
            parent=None if parent is None else str(parent),
            design=design,
            supporters=tuple(supporters.pop(pk, ())),
        )
        for pk, author, created_at, parent, design in rows.iterator(chunk_size=CHUNK)
    ]


def pressure_rows(challenge: Challenge) -> list[dict[str, Any]]:
    """The editor's reported rule pressure for the challenge, one dict per rule and day."""
    rows = (
        RulePressure.objects.filter(challenge=challenge)
        .order_by("rule", "day")
        .values("rule", "day", "shown", "blocked", "seconds")
    )
    return [dict(row) for row in rows]
