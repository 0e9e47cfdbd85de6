"""What the demo submits as one proposal: a design with the title and reason written from it, and
the turn it comes in (who posts it, what it remixes, when)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from typing import Any

from cocreate.design import Toolkit


@dataclass(frozen=True)
class Draft:
    design: dict[str, Any]
    title: str
    reason: str
    idea: object = None  # what a remix of it builds on (the street's plan and place)


# (toolkit, the challenge's baseline, random, titles taken so far, the draft remixed or None)
Drafter = Callable[[Toolkit, dict[str, Any], random.Random, set[str], Draft | None], Draft | None]


@dataclass(frozen=True)
class Turn:
    """One proposal of a challenge's demo, planned before anything is written."""

    draft: Draft
    author: int  # index into the residents
    parent: int | None  # index of the turn it remixes
    at: float  # when it is posted, as a share of the demo's spread (0 first, 1 now)
    pull: float = 1.0  # how much support it draws against the others
    camp: str = ""  # the camp of thought it comes from, when the challenge has camps


# (toolkit, the challenge's baseline, proposals wanted, residents, random): the turns in order
Planner = Callable[[Toolkit, dict[str, Any], int, int, random.Random], list[Turn]]


def planned(draft: Drafter, remix_share: float) -> Planner:
    """Turns drafted by `draft`, each by the next resident in turn (so everyone posts a few),
    `remix_share` of them remixing an earlier one, evenly over the spread."""

    def plan(
        toolkit: Toolkit, baseline: dict[str, Any], wanted: int, people: int, rng: random.Random
    ) -> list[Turn]:
        authors = list(range(people))
        rng.shuffle(authors)
        used: set[str] = set()
        turns: list[Turn] = []
        for number in range(wanted):
            parent = None
            if turns and rng.random() < remix_share:
                parent = rng.randrange(len(turns))
            made = draft(
                toolkit, baseline, rng, used, turns[parent].draft if parent is not None else None
            )
            if made is None:
                made, parent = draft(toolkit, baseline, rng, used, None), None
            assert made is not None, "every idea failed the toolkit's rules"
            at = (number + rng.uniform(0.2, 0.8)) / (wanted + 1)
            turns.append(Turn(made, authors[number % people], parent, at))
        return turns

    return plan


def listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def unique_title(titles: list[str], used: set[str], rng: random.Random) -> str:
    """One of `titles` no proposal has yet (taken into `used`); once all are taken (a demo of
    thousands), the first numbered: "Shade for the shops at Eden Valley (2)"."""
    fresh = [title for title in titles if title not in used]
    if fresh:
        title = rng.choice(fresh)
    else:
        title = next(f"{titles[0]} ({n})" for n in count(2) if f"{titles[0]} ({n})" not in used)
    used.add(title)
    return title
