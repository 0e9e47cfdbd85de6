"""Dominion Road's crowd: proposals from distinct camps of thought, and a few lead users.

Each camp is a family of the street's ideas (`demo/street.py`) with its own share of the
proposals and its own pull on supports; a remix stays in its parent's camp, so a camp's designs
look alike and the Insights' schools have something true to find. Three ideas are new: before
`SPREADS_FROM` of the spread only their lead user (a named resident) posts them; from then on the
crowd takes them up, more and more, and remixes the lead users' proposals, so a lead-user ranking
has planted truth to find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from cocreate.design import Toolkit

from .drafts import Turn
from .street import IDEAS, Idea, Placed, street_draft

IDEA = {idea.key: idea for idea in IDEAS}
SPREADS_FROM = 0.4  # share of the spread before which only lead users post the new ideas
NEW_IDEA_PEAK = 3.0  # a new idea's weight at the end of the spread (an old one's is 1)
REMIX_SHARE = 0.3
LEAD_PULL = 3.0  # a lead user's proposal draws this many times its camp's supports
LEAD_PARENT = 4.0  # ...and is this many times as likely to be remixed once its idea spreads


@dataclass(frozen=True)
class Camp:
    name: str
    ideas: tuple[Idea, ...]
    share: float  # of the proposals
    pull: float  # supports drawn per proposal, against the other camps
    # What its designs carry and other camps' designs mostly lack (`marks`): one at least each.
    signature: frozenset[str]


CAMPS = (
    Camp(
        "Bikes first",
        (IDEA["protected"], IDEA["wider-bikes"], IDEA["two-way"]),
        0.3,
        2.0,
        frozenset({"bike buffer", "wide bike-lane", "two-way bike-lane"}),
    ),
    Camp(
        "Green and people",
        (
            IDEA["shade"],
            IDEA["wider-footpaths"],
            IDEA["dining"],
            IDEA["parklet"],
            IDEA["benches"],
            IDEA["no-cars"],
        ),
        0.35,
        1.4,
        frozenset(
            {"sidewalk-tree", "wide sidewalk", "outdoor-dining", "parklet", "sidewalk-bench"}
        ),
    ),
    Camp(
        "Keep traffic moving",
        (IDEA["keep-lanes"], IDEA["loading"]),
        0.2,
        0.5,
        frozenset({"wide drive-lane", "parking-lane"}),
    ),
    Camp("Transit", (IDEA["bus"],), 0.15, 1.0, frozenset({"bus-lane"})),
)


@dataclass(frozen=True)
class Lead:
    """A resident who posts a new idea early (at these shares of the spread), long before the
    crowd takes it up."""

    username: str
    idea: Idea
    mark: str  # what a design carrying the idea shows (`marks`)
    at: tuple[float, ...]

    @property
    def index(self) -> int:
        """Their place among the residents (resident07 is the seventh)."""
        return int(self.username.removeprefix("resident")) - 1

    @property
    def camp(self) -> Camp:
        return next(camp for camp in CAMPS if self.idea in camp.ideas)


LEADS = (
    Lead("resident03", IDEA["two-way"], "two-way bike-lane", (0.02, 0.1)),
    Lead("resident05", IDEA["parklet"], "parklet", (0.04, 0.12)),
    Lead("resident07", IDEA["loading"], "parking-lane", (0.06, 0.14)),
)
NEW_IDEAS = frozenset(lead.idea for lead in LEADS)


def marks(design: dict[str, Any]) -> set[str]:
    """What sets a street design apart from the proposed one, by part: the new part types, and
    "wide", "two-way" or "bike buffer" (a divider between bikes and moving traffic) marks."""
    parts = design["parts"]
    found = {p["type"] for p in parts} - {"sidewalk", "bike-lane", "drive-lane", "divider"}
    for n, part in enumerate(parts):
        kind, width = part["type"], part["width"]
        if kind == "bike-lane" and part.get("variant", {}).get("bike-direction") == "two-way":
            found.add("two-way bike-lane")
        elif kind == "bike-lane" and width > 1.5:
            found.add("wide bike-lane")
        elif kind == "drive-lane" and width > 2.7:
            found.add("wide drive-lane")
        elif kind == "sidewalk" and width > 2.1:
            found.add("wide sidewalk")
        elif kind == "divider":
            beside = {p["type"] for p in parts[max(n - 1, 0) : n + 2]}
            if "bike-lane" in beside and "parking-lane" not in beside:
                found.add("bike buffer")
    return found


def carries(turn: Turn, idea: Idea) -> bool:
    return isinstance(turn.draft.idea, Placed) and idea in turn.draft.idea.ideas


def plan_crowd(
    toolkit: Toolkit, baseline: dict[str, Any], wanted: int, people: int, rng: random.Random
) -> list[Turn]:
    """Dominion Road's turns: each from a camp (by its share), by the next resident in turn, a
    remix of an earlier proposal of the same camp now and then; the lead users' early turns
    planted at their shares of the spread."""
    leads = [lead for lead in LEADS if lead.index < people]
    planted: dict[int, Lead] = {}
    for lead in leads:
        for at in lead.at:
            number = min(round(at * wanted), wanted - 1)
            while number in planted and number + 1 < wanted:
                number += 1
            planted.setdefault(number, lead)
    authors = list(range(people))
    rng.shuffle(authors)
    used: set[str] = set()
    turns: list[Turn] = []
    for number in range(wanted):
        at = (number + rng.uniform(0.2, 0.8)) / (wanted + 1)
        planter = planted.get(number)
        if planter is not None:
            camp, author, parent = planter.camp, planter.index, None
            weights = [1.0 if idea is planter.idea else 0.0 for idea in camp.ideas]
        else:
            camp = rng.choices(CAMPS, weights=[c.share for c in CAMPS])[0]
            author = authors[number % people]
            weights = [_weight(idea, at) for idea in camp.ideas]
            parent = _parent(turns, camp, at, leads, rng)
        draft = street_draft(
            toolkit,
            baseline,
            rng,
            used,
            turns[parent].draft if parent is not None else None,
            camp.ideas,
            weights,
        )
        if draft is None:
            parent = None
            draft = street_draft(toolkit, baseline, rng, used, None, camp.ideas, weights)
        assert draft is not None, f"every idea of {camp.name} failed the toolkit's rules"
        pull = camp.pull * (LEAD_PULL if any(lead.index == author for lead in leads) else 1.0)
        turns.append(Turn(draft, author, parent, at, pull, camp.name))
    return turns


def _weight(idea: Idea, at: float) -> float:
    """An old idea's weight is 1; a new one's is 0 until it spreads, then grows to the peak."""
    if idea not in NEW_IDEAS:
        return 1.0
    return max(at - SPREADS_FROM, 0.0) / (1 - SPREADS_FROM) * NEW_IDEA_PEAK


def _parent(
    turns: list[Turn], camp: Camp, at: float, leads: list[Lead], rng: random.Random
) -> int | None:
    """An earlier turn of `camp` to remix, or None; a new idea is not remixed before it
    spreads, and a lead user's proposal is the likeliest once it has."""
    if not turns or rng.random() >= REMIX_SHARE:
        return None
    spread = at >= SPREADS_FROM
    lead_authors = {lead.index for lead in leads}
    options = [
        (n, LEAD_PARENT if spread and turn.author in lead_authors else 1.0)
        for n, turn in enumerate(turns)
        if turn.camp == camp.name and (spread or not any(carries(turn, idea) for idea in NEW_IDEAS))
    ]
    if not options:
        return None
    return rng.choices([n for n, _ in options], weights=[w for _, w in options])[0]
