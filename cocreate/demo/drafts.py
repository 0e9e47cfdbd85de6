"""What the demo submits as one proposal: a design with the title and reason written from it."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
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
