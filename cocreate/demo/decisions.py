"""The demo's answers: Auckland Transport's staff answer about a third of a challenge's
proposals, each answer drawn from the proposal's own design and rule checks, so what it says is
true of what the resident drew. Answered through the service (so its notifications go out),
then placed in time with `.update()` (the demo's proposals were all made in the last days): some
answered within the promise, some late, a few left overdue now.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.decisions.models import Decision
from cocreate.decisions.services import proposal_status_change
from cocreate.organizations.models import ProposalStatus
from cocreate.proposals.models import Proposal, Status

# The ideas phase runs two weeks in the demo: a promise of a week lets its record show answers
# on time, late ones and a few overdue.
PROMISE_DAYS = 7
SHARE_ANSWERED = 1 / 3
LEFT_OVERDUE = 4  # of the proposals past their promise, this many stay unanswered
LATE_SHARE = 0.25

NAMES = {
    "sidewalk": "footpath",
    "drive-lane": "traffic lane",
    "bike-lane": "cycle lane",
    "bus-lane": "bus lane",
    "parklet": "parklet",
    "outdoor-dining": "outdoor dining strip",
    "sidewalk-tree": "tree strip",
    "divider": "buffer",
}


def demo_answers(challenge: Challenge, staff_user: Any, rng: random.Random) -> int:
    """Answer about a third of `challenge`'s proposals as `staff_user` (a staff member of its
    organization), once: a challenge with answers already is left as it is. Returns how many
    were answered."""
    if Decision.objects.filter(proposal__challenge=challenge).exists():
        return 0
    _promise(challenge)
    statuses = {
        s.name: s for s in ProposalStatus.objects.filter(organization=challenge.organization)
    }
    toolkit = toolkit_for(challenge)
    baseline_capacity = toolkit.evaluate(challenge.baseline)["metrics"].get("capacity", 0)
    proposals = list(
        challenge.proposals.filter(status=Status.PUBLISHED, hidden=False)
        .exclude(answer_requested_at=None)
        .order_by("answer_requested_at", "pk")
    )
    now = timezone.now()
    overdue = [p for p in proposals if p.review_due and p.review_due < now]
    # The oldest first (what a team works through), all but a few of those past their promise.
    chosen = overdue[: max(len(overdue) - LEFT_OVERDUE, 0)]
    rest = [p for p in proposals if p not in overdue]
    wanted = max(round(len(proposals) * SHARE_ANSWERED) - len(chosen), 0)
    chosen += rng.sample(rest, min(wanted, len(rest)))
    for proposal in chosen:
        name, text = _answer(proposal, toolkit, baseline_capacity)
        decision = proposal_status_change(
            actor=staff_user, proposal=proposal, status=statuses[name], answer=text
        )
        _backdate(decision, proposal, rng, now)
    return len(chosen)


def _promise(challenge: Challenge) -> None:
    """The demo challenge promises an answer within PROMISE_DAYS; its proposals' dates follow."""
    Challenge.objects.filter(pk=challenge.pk).update(answer_days=PROMISE_DAYS)
    challenge.answer_days = PROMISE_DAYS
    Proposal.objects.filter(challenge=challenge).exclude(answer_requested_at=None).update(
        review_due=F("answer_requested_at") + timedelta(days=PROMISE_DAYS)
    )


def _backdate(decision: Decision, proposal: Proposal, rng: random.Random, now: Any) -> None:
    """Place the answer in time: within the promise, or (LATE_SHARE of those whose promise ran
    out) some days after it; never in the future."""
    proposal.refresh_from_db()
    requested = proposal.answer_requested_at
    assert requested is not None
    late = proposal.review_due is not None and proposal.review_due < now
    if late and rng.random() < LATE_SHARE:
        days = PROMISE_DAYS + rng.uniform(0.5, 4)
    else:
        days = rng.uniform(0.3, PROMISE_DAYS - 0.5)
    answered = min(requested + timedelta(days=days), now - timedelta(minutes=rng.randint(5, 90)))
    answered = max(answered, requested)
    Decision.objects.filter(pk=decision.pk).update(created_at=answered)
    Proposal.objects.filter(pk=proposal.pk).update(answered_at=answered, first_answered_at=answered)


def _side(parts: list[dict[str, Any]], index: int) -> str:
    """West or east of the light-rail platform (the street's middle)."""
    middle = next(
        (i for i, p in enumerate(parts) if p["type"] == "transit-shelter"), len(parts) // 2
    )
    return "west" if index < middle else "east"


def _answer(proposal: Proposal, toolkit: Any, baseline_capacity: float) -> tuple[str, str]:
    """The status and the answer this proposal's design earns: declined with the design's own
    problems as reasons, planned with what it adds and what happens next, or under review."""
    parts = proposal.design.get("parts", [])
    findings = proposal.evaluation.get("findings", [])
    reasons = []
    for finding in findings:
        if finding.get("rule") != "width" or not finding.get("parts"):
            continue
        index = finding["parts"][0]
        part = parts[index]
        minimum = toolkit.catalog[part["type"]].min_width_mm / 1000
        if part["width"] < minimum:
            name = NAMES.get(part["type"], toolkit.catalog[part["type"]].label.lower())
            reasons.append(
                f"the {name} on the {_side(parts, index)} side is {part['width']:.2f} m, under "
                f"the {minimum:.2f} m minimum our engineers require"
            )
    capacity = proposal.evaluation.get("metrics", {}).get("capacity")
    if capacity is not None and capacity < baseline_capacity:
        reasons.append(
            f"it moves {capacity:,} people an hour, fewer than the {baseline_capacity:,} of "
            "the proposed design, and the light rail business case rests on that number"
        )
    cycle_sides = {_side(parts, i) for i, p in enumerate(parts) if p["type"] == "bike-lane"}
    for side in sorted({"west", "east"} - cycle_sides):
        reasons.append(
            f"it removes the cycle lane on the {side} side, which would send people on bikes "
            "into the traffic lane beside the tracks"
        )
    if reasons:
        listed = "\n".join(f"- {reason[0].upper()}{reason[1:]}." for reason in reasons[:3])
        return "Declined", (
            "Thank you for this proposal. We are not taking it forward because:\n\n"
            f"{listed}\n\nIdeas from it may still come back in a remix that fixes these."
        )
    gains = _gains(parts)
    if gains:
        listed = "\n".join(f"- {gain}" for gain in gains[:2])
        return "Planned", (
            "We will build this. What happens next:\n\n"
            f"{listed}\n"
            "- Our designers fold it into the detailed design of the Dominion Road stations.\n"
            "- Public consultation on that detailed design opens when the review phase ends.\n\n"
            "We will post progress here."
        )
    return "Under review", (
        "Thank you. Our team is reviewing this proposal against the traffic modelling for the "
        "corridor and will answer by the date shown."
    )


def _gains(parts: list[dict[str, Any]]) -> list[str]:
    """What the design adds over the proposed street, in words."""
    gains = []
    if any(p["type"] == "divider" for p in parts):
        gains.append("A buffer between the cycle lane and traffic, as the rule checks ask.")
    if any(p["type"] == "sidewalk-tree" for p in parts):
        gains.append("Street trees in the footpath zone.")
    for index, part in enumerate(parts):
        if part["type"] == "sidewalk" and part["width"] > 2.1:
            gains.append(
                f"A wider footpath on the {_side(parts, index)} side ({part['width']:.1f} m "
                "instead of 2.1 m)."
            )
    return gains
