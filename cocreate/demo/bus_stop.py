"""Entries to the "Best bus stop" contest: residents' designs, each one change to the stop that
its title and reasons describe (so the demo's words and drawings agree), submitted through the
same service residents use, then the contest's calendar moved back so judging is over."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.challenges.models import Challenge, Phase
from cocreate.proposals.models import Proposal
from cocreate.proposals.services import proposal_create

Design = dict[str, Any]
Change = Callable[[list[dict[str, Any]]], None]


def _index(parts: list[dict[str, Any]], kind: str, nth: int = 0) -> int:
    return [i for i, p in enumerate(parts) if p["type"] == kind][nth]


def _footpath_for_parking(parts: list[dict[str, Any]]) -> None:
    parking = parts.pop(_index(parts, "parking-lane"))
    parts[0]["width"] = round(parts[0]["width"] + parking["width"], 2)


def _bench_and_tree_for_turn_lane(parts: list[dict[str, Any]]) -> None:
    turn = _index(parts, "turn-lane")
    width = parts.pop(turn)["width"]
    at = _index(parts, "sidewalk-lamp", 1)
    parts[at:at] = [
        {"type": "sidewalk-bench", "width": round(width / 2, 2), "variant": {}},
        {"type": "sidewalk-tree", "width": round(width / 2, 2), "variant": {"tree-type": "big"}},
    ]


def _deeper_shelter(parts: list[dict[str, Any]]) -> None:
    parking = parts.pop(_index(parts, "parking-lane"))
    parts[_index(parts, "transit-shelter")]["width"] += parking["width"]


def _bike_racks_for_parking(parts: list[dict[str, Any]]) -> None:
    parking = parts.pop(_index(parts, "parking-lane"))
    at = _index(parts, "sidewalk-lamp", 1) + 1
    parts.insert(at, {"type": "sidewalk-bike-rack", "width": parking["width"], "variant": {}})


def _dining_for_turn_lane(parts: list[dict[str, Any]]) -> None:
    width = parts.pop(_index(parts, "turn-lane"))["width"]
    at = _index(parts, "sidewalk-lamp", 1)
    parts.insert(at, {"type": "outdoor-dining", "width": width, "variant": {}})


ENTRIES: tuple[tuple[str, str, Change], ...] = (
    (
        "Wider footpath at the stop instead of parking",
        "The parking lane outside the shops goes, and its 2.1 m joins the footpath on the stop's "
        "side: people waiting no longer block people walking past with prams and shopping.",
        _footpath_for_parking,
    ),
    (
        "Bench and a shade tree instead of the turn lane",
        "Few cars turn here. Its 3 m becomes a bench and a big tree on the far footpath, so "
        "people waiting for the other direction have somewhere to sit in the shade.",
        _bench_and_tree_for_turn_lane,
    ),
    (
        "A deeper shelter for the rush hour",
        "The shelter takes the parking lane's width: room for twice as many people out of the "
        "rain, a wheelchair and a pram side by side.",
        _deeper_shelter,
    ),
    (
        "Bike racks by the stop",
        "Ride to the stop, lock up, take the bus: bike racks where the parking lane was, beside "
        "the lamp on the far side.",
        _bike_racks_for_parking,
    ),
    (
        "Outdoor dining where the turn lane was",
        "The cafés at Balmoral get tables on the street where the turn lane was: more eyes on the "
        "stop at night, and a reason to linger.",
        _dining_for_turn_lane,
    ),
)


def bus_stop_entries(challenge: Challenge, residents: Sequence[Any]) -> list[Proposal]:
    """Submit the entries that are not in yet (idempotent by title); a change the rules refuse
    is left out rather than forced in."""
    entries = list(challenge.proposals.order_by("pk"))
    have = {p.title for p in entries}
    for number, (title, reason, change) in enumerate(ENTRIES):
        if title in have:
            continue
        design: Design = copy.deepcopy(challenge.baseline)
        change(design["parts"])
        try:
            entries.append(
                proposal_create(
                    actor=residents[(number * 7) % len(residents)],
                    challenge=challenge,
                    design=design,
                    title=title,
                    rationale=reason,
                )
            )
        except ValidationError:
            continue
    return entries


def judging_over(challenge: Challenge) -> None:
    """Move the contest's calendar back (demo only): entries closed three weeks ago, judging
    ended yesterday, and the results phase runs now, so a published result tells the truth."""
    now = timezone.now()
    entries, judging = list(Phase.objects.filter(challenge=challenge).order_by("starts_at"))[:2]
    if entries.ends_at <= now:
        return
    Phase.objects.filter(pk=entries.pk).update(
        starts_at=now - timedelta(days=45), ends_at=now - timedelta(days=21)
    )
    Phase.objects.filter(pk=judging.pk).update(
        name="Judging and results",
        starts_at=now - timedelta(days=21),
        ends_at=now + timedelta(days=30),
    )
    spread = challenge.proposals.order_by("pk")
    for number, proposal in enumerate(spread):
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=now - timedelta(days=44 - number * 3)
        )
