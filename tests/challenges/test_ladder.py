"""Support ladders as arithmetic: rungs, deadlines, review and expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cocreate.challenges.ladder import Rung, ladder_state, read_ladder

LEGO = [Rung(100, 60), Rung(1000, 365)]
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_ladder_reads_and_refuses_rungs_that_do_not_climb():
    assert read_ladder([{"supporters": 100, "days": 60}]) == [Rung(100, 60)]
    for bad in ("x", [1], [{"supporters": 0, "days": 5}], [{"supporters": 5, "days": 1.5}],
                [{"supporters": 100, "days": 60}, {"supporters": 50, "days": 90}]):  # fmt: skip
        with pytest.raises(ValueError):  # noqa: PT011 (the message is for people)
            read_ladder(bad)


def test_open_until_the_first_deadline_then_expired_to_the_millisecond():
    deadline = T0 + timedelta(days=60)
    assert ladder_state(LEGO, 99, T0, deadline).outcome == "open"
    state = ladder_state(LEGO, 99, T0, deadline + timedelta(milliseconds=1))
    assert (state.outcome, state.rung, state.deadline) == ("expired", Rung(100, 60), deadline)


def test_the_next_rung_counts_from_publication_and_the_last_one_means_review():
    state = ladder_state(LEGO, 100, T0, T0 + timedelta(days=200))
    assert (state.outcome, state.rung) == ("open", Rung(1000, 365))
    assert ladder_state(LEGO, 1000, T0, T0 + timedelta(days=400)).outcome == "review"
    assert ladder_state([], 0, T0, T0 + timedelta(days=999)).outcome == "open"
