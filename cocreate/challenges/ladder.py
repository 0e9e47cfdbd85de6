"""Support ladders, as LEGO Ideas runs them: rungs of (supporters, days since publication), e.g.
100 in 60 days, then 1,000 within a year. Reaching the last rung sends a proposal to review;
missing a rung's deadline closes it. Pure: no Django, so it is tested as plain arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

Outcome = Literal["open", "review", "expired"]


@dataclass(frozen=True, slots=True)
class Rung:
    supporters: int
    days: int


@dataclass(frozen=True, slots=True)
class LadderState:
    outcome: Outcome
    rung: Rung | None  # the rung to reach next (the one missed, when expired)
    deadline: datetime | None
    supporters: int


def read_ladder(value: Any) -> list[Rung]:
    """The rungs of a challenge's ladder; ValueError names what is wrong. Both numbers must grow
    from rung to rung, as a ladder's targets do."""
    if not isinstance(value, list):
        raise ValueError("a ladder is a list of rungs")
    rungs: list[Rung] = []
    for n, item in enumerate(value):
        if not isinstance(item, dict):
            raise ValueError(f"rung {n + 1}: expected supporters and days")
        supporters, days = item.get("supporters"), item.get("days")
        if type(supporters) is not int or type(days) is not int or supporters < 1 or days < 1:
            raise ValueError(f"rung {n + 1}: supporters and days must be whole numbers above 0")
        if rungs and (supporters <= rungs[-1].supporters or days <= rungs[-1].days):
            raise ValueError(f"rung {n + 1}: asks for more supporters and more days than the last")
        rungs.append(Rung(supporters, days))
    return rungs


def ladder_state(
    rungs: list[Rung], supporters: int, published_at: datetime, now: datetime
) -> LadderState:
    """Where a proposal with `supporters` stands on the ladder at `now`."""
    for rung in rungs:
        if supporters >= rung.supporters:
            continue
        deadline = published_at + timedelta(days=rung.days)
        outcome: Outcome = "expired" if now > deadline else "open"
        return LadderState(outcome, rung, deadline, supporters)
    if not rungs:
        return LadderState("open", None, None, supporters)
    return LadderState("review", None, None, supporters)
