"""What the demo submits as one proposal: a design with the title and reason written from it."""

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
