"""The demo's answers: Auckland Transport's staff answer about a third of a challenge's
proposals (at most MOST_ANSWERED), each answer drawn from the proposal's own design and rule
checks, so what it says is true of what the resident drew. Answered through the service (so its
notifications go out), then placed in time with `.update()` (the demo's proposals were all made
in the last days): some answered within the promise, some late, a few left overdue now.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from cocreate.challenges.models import AnswerTrigger, Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.decisions.models import Decision
from cocreate.decisions.services import proposal_status_change
from cocreate.organizations.models import ProposalStatus
from cocreate.proposals.models import Proposal, Status

SHARE_ANSWERED = 1 / 3
MOST_ANSWERED = 150  # of a demo of a thousand, a team's weeks of answers
LEFT_OVERDUE = 4  # of the proposals past their promise, this many stay unanswered
QUICK_SHARE = 0.03  # and a few of the newer ones are answered at once
LATE_SHARE = 0.25
CAPACITY_FLOOR = 0.9  # a design moving under this share of the proposed street's people

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
    now = timezone.now()
    _promise(challenge, now)
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
    overdue = [p for p in proposals if p.review_due and p.review_due < now]
    # The oldest first (what a team works through), all but a few of those past their promise,
    # and a few newer ones.
    chosen = overdue[: max(len(overdue) - LEFT_OVERDUE, 0)]
    rest = [p for p in proposals if p not in overdue]
    chosen += rng.sample(rest, min(round(len(proposals) * QUICK_SHARE), len(rest)))
    for proposal in chosen:
        name, text = _answer(proposal, toolkit, baseline_capacity)
        decision = proposal_status_change(
            actor=staff_user, proposal=proposal, status=statuses[name], answer=text
        )
        _backdate(decision, proposal, rng, now)
    return len(chosen)


def _promise(challenge: Challenge, now: datetime) -> int:
    """The demo challenge promises an answer within whole days of submission, so that at most
    SHARE_ANSWERED of its proposals, and no more than MOST_ANSWERED, (the seed spread them over
    the past days) are past the promise; their clocks start when the seed dated them. Returns
    the days promised."""
    made = sorted(challenge.proposals.values_list("created_at", flat=True))
    share = min(SHARE_ANSWERED, MOST_ANSWERED / max(len(made), 1))
    oldest = made[min(round(len(made) * share), len(made) - 1)] if made else now
    days = max(math.ceil((now - oldest) / timedelta(days=1)), 1)
    Challenge.objects.filter(pk=challenge.pk).update(
        answer_days=days, answer_trigger=AnswerTrigger.SUBMISSION
    )
    challenge.answer_days = days
    Proposal.objects.filter(challenge=challenge).update(
        answer_requested_at=F("created_at"), review_due=F("created_at") + timedelta(days=days)
    )
    return days


def _backdate(decision: Decision, proposal: Proposal, rng: random.Random, now: Any) -> None:
    """Place the answer in time: within the promise, or (LATE_SHARE of those whose promise ran
    out) some days after it; never in the future."""
    proposal.refresh_from_db()
    requested = proposal.answer_requested_at
    assert requested is not None
    late = proposal.review_due is not None and proposal.review_due < now
    promised = (proposal.review_due - requested) / timedelta(days=1) if proposal.review_due else 1
    if late and rng.random() < LATE_SHARE:
        days = promised + rng.uniform(0.5, 4)
    else:
        days = rng.uniform(0.1, promised) * 0.95
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
    if capacity is not None and capacity < baseline_capacity * CAPACITY_FLOOR:
        reasons.append(
            f"it moves {capacity:,} people an hour, a tenth or more below the "
            f"{baseline_capacity:,} of the proposed design, and the light rail business case "
            "rests on that number"
        )
    bikes = [(i, p) for i, p in enumerate(parts) if p["type"] == "bike-lane"]
    cycle_sides = {_side(parts, i) for i, _ in bikes}
    if any((p.get("variant") or {}).get("bike-direction") == "two-way" for _, p in bikes):
        cycle_sides = {"west", "east"}  # one two-way lane carries both directions
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
            "We will build what this proposal adds:\n\n"
            f"{listed}\n\n"
            "What happens next: our designers fold it into the detailed design of the Dominion "
            "Road stations, and public consultation on that design opens when the review phase "
            "ends. We will post progress here."
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
