"""The public response record, computed from plain rows (pure: no Django).

Each row is one proposal the organization owes (or owed) an answer:
``(requested_at, due, first_answered_at)`` — when the promise's clock started
(`Proposal.answer_requested_at`), the date it promised to answer by (`review_due`) and when it
first answered (`first_answered_at`). The figures, exactly:

- a row with neither `requested_at` nor `first_answered_at` is not counted: no answer is owed
  yet (the clock starts at the ladder's last rung and it has not been reached);
- **answered**: rows with `first_answered_at`; **awaiting**: the others;
- **days to answer** of an answered row: ``(first_answered_at - requested_at)`` in days, a float
  rounded to 1 decimal, never below 0 (an answer given before the clock started counts as 0);
- **median_days**: the median of those rounded days, rounded to 1 decimal; None when nothing is
  answered;
- **within_promise**: the share (0..1, rounded to 3 decimals) of answered rows with
  ``first_answered_at <= due`` (a row with no due date counts as within); None when nothing is
  answered;
- **overdue**: awaiting rows with ``due < now``;
- **months**: per calendar month of `first_answered_at` (as the caller's datetimes say it), the
  answers given, how many within the promise and late, and their median days, from the earliest
  answer to `now`'s month, at most the last `MONTHS` months, empty months included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median
from typing import Any

MONTHS = 12
DAY_SECONDS = 86_400

Row = tuple[datetime | None, datetime | None, datetime | None]


@dataclass(frozen=True, slots=True)
class Month:
    """The answers first given in one calendar month."""

    start: date
    answered: int
    within: int
    median_days: float | None

    @property
    def late(self) -> int:
        return self.answered - self.within


@dataclass(frozen=True, slots=True)
class Record:
    median_days: float | None
    within_promise: float | None
    overdue: int
    answered: int
    awaiting: int
    months: tuple[Month, ...]

    def as_json(self) -> dict[str, Any]:
        """The command's contract: the five figures, nothing else."""
        return {
            "median_days": self.median_days,
            "within_promise": self.within_promise,
            "overdue": self.overdue,
            "answered": self.answered,
            "awaiting": self.awaiting,
        }

    @property
    def tallest(self) -> int:
        """The busiest month's answers (the chart's scale); at least 1."""
        return max((m.answered for m in self.months), default=0) or 1


def days_to_answer(requested_at: datetime | None, first_answered_at: datetime) -> float:
    if requested_at is None:
        return 0.0
    seconds = (first_answered_at - requested_at).total_seconds()
    return round(max(seconds, 0.0) / DAY_SECONDS, 1)


def _median(days: list[float]) -> float | None:
    return round(median(days), 1) if days else None


def _month(moment: datetime) -> date:
    return date(moment.year, moment.month, 1)


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def response_record(rows: Iterable[Row], now: datetime) -> Record:
    """The record of `rows` (see the module's docstring for every figure's definition)."""
    days: list[float] = []
    within = overdue = awaiting = 0
    by_month: dict[date, list[tuple[float, bool]]] = {}
    for requested_at, due, answered_at in rows:
        if answered_at is None:
            if requested_at is None:
                continue
            awaiting += 1
            overdue += due is not None and due < now
            continue
        spent = days_to_answer(requested_at, answered_at)
        kept = due is None or answered_at <= due
        days.append(spent)
        within += kept
        by_month.setdefault(_month(answered_at), []).append((spent, kept))
    return Record(
        median_days=_median(days),
        within_promise=round(within / len(days), 3) if days else None,
        overdue=overdue,
        answered=len(days),
        awaiting=awaiting,
        months=_series(by_month, _month(now)),
    )


def _series(by_month: dict[date, list[tuple[float, bool]]], last: date) -> tuple[Month, ...]:
    if not by_month:
        return ()
    month, months = min(by_month), []
    last = max(last, max(by_month))
    while month <= last:
        answers = by_month.get(month, [])
        months.append(
            Month(
                start=month,
                answered=len(answers),
                within=sum(kept for _spent, kept in answers),
                median_days=_median([spent for spent, _kept in answers]),
            )
        )
        month = _next(month)
    return tuple(months[-MONTHS:])
