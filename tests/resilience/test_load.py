"""A short crowd against the production stack (the 60 s, 100-person run is benchmarks/load.py):
no server error, every acknowledged write stored, budgets exact, every notification made."""

from __future__ import annotations

from collections import Counter

import pytest

from .scenario import run

pytestmark = pytest.mark.resilience

PEOPLE, SECONDS = 20, 10


def test_a_crowd_gets_no_server_error_and_loses_no_acknowledged_write(stack):
    outcome = run(stack, people=PEOPLE, seconds=SECONDS)

    statuses = Counter(answer.status for answer in outcome.ledger.answers)
    assert outcome.figures.server_errors == 0, statuses
    assert outcome.figures.no_answer == 0, statuses
    assert outcome.problems == []  # lost writes, budgets, notifications, drafts: none
    # The crowd did write: each kind was acknowledged at least once.
    assert outcome.ledger.proposals
    assert outcome.ledger.comments
    assert any(outcome.ledger.support_state.values())
    assert statuses[204]  # autosaves
