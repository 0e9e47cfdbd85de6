"""The organization's half of the demo: Auckland Transport's people and roles, its answers to
a third of Dominion Road's proposals (150 at most; two duplicates merged), reviewers' scores,
progress on what it accepted and the as-built street, and the "Best bus stop" contest judged and
published. Each step goes through the services the workspace's pages use, and each is
idempotent."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from cocreate.challenges.models import Challenge
from cocreate.decisions.services import proposal_status_change
from cocreate.organizations.models import ProposalStatus
from cocreate.proposals.models import Proposal

from .audit import demo_roles
from .bus_stop import bus_stop_entries, judging_over
from .contests import seed_contest
from .decisions import demo_answers
from .merges import merge_duplicates
from .reviews import REVIEWERS, seed_reviews
from .tracking import track
from .workspace import best_bus_stop

Progress = Callable[[str, int, int], None]


def run_the_organization(
    dominion_road: Challenge,
    *,
    owner: Any,
    residents: Sequence[Any],
    person: Callable[[str, str], Any],
    report: Progress,
) -> Challenge:
    """Play Auckland Transport's staff on `dominion_road` (as `owner`, its admin) and open the
    contest; `person(username, email)` finds or makes a demo account. Returns the contest."""
    organization = dominion_road.organization
    demo_roles(organization=organization, owner=owner, person=person)
    answered = demo_answers(dominion_road, owner, random.Random(4026))
    report("answers", answered, answered)
    _works_began(dominion_road, owner)
    merge_duplicates(dominion_road, pairs=2, same=_layout)
    scored = seed_reviews(
        dominion_road, [person(*pair) for pair in REVIEWERS], rng=random.Random(5026)
    )
    report("review scores", scored, scored)
    track(challenge=dominion_road, staff=owner, rng=random.Random(6026))
    contest = best_bus_stop(actor=owner, organization=organization)
    entries = bus_stop_entries(contest, residents)
    judging_over(contest)
    seed_contest(contest, staff=owner, residents=residents)
    report("contest entries", len(entries), len(entries))
    return contest


def _layout(proposal: Proposal) -> tuple[str, ...]:
    """What a street proposal asks for: its parts, in order (the demo's titles are all
    different, so two proposals asking for the same street are told apart by their designs)."""
    return tuple(part["type"] for part in proposal.design.get("parts", []))


# What happened to the two most supported planned proposals since they were answered.
NEXT = (
    ("Built", "Built along the block it names, as drawn here, and open to everyone now."),
    ("In progress", "Works started this month; the progress record below shows each step."),
)


def _works_began(challenge: Challenge, owner: Any) -> None:
    """Move the most supported planned proposal on to Built and the next to In progress (once:
    when neither status is used yet), so the progress records and the as-built design have
    something to report."""
    statuses = {
        s.name: s for s in ProposalStatus.objects.filter(organization=challenge.organization)
    }
    if Proposal.objects.filter(
        challenge=challenge, answer_status__name__in=[n for n, _ in NEXT]
    ).exists():
        return
    planned = Proposal.objects.filter(challenge=challenge, answer_status__name="Planned").order_by(
        "-support_count", "id"
    )[: len(NEXT)]
    for proposal, (name, answer) in zip(list(planned), NEXT, strict=False):
        proposal_status_change(actor=owner, proposal=proposal, status=statuses[name], answer=answer)
