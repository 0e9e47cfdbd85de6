"""Faults under load: the task worker killed with -9 in the middle of tasks, and PostgreSQL
stopped for a few seconds and started again. The app says "come back later" (503 with
Retry-After) while the database is away, recovers by itself, and nothing it acknowledged is
lost: writes, budgets, notifications and their emails."""

from __future__ import annotations

from collections import Counter

import pytest

from .scenario import Fault, run

pytestmark = pytest.mark.resilience

PEOPLE, SECONDS = 20, 14
OUTAGE_SECONDS = 2.0
GRACE_SECONDS = 3.0  # after the database is back, before every answer must be right again


def test_worker_killed_and_database_restarted_lose_nothing(stack):
    kills = [Fault(at, "worker killed", lambda s: s.kill_worker_mid_task()) for at in (1, 4)]
    outage = Fault(8, "database restarted", lambda s: s.postgres.restart(OUTAGE_SECONDS))

    outcome = run(stack, people=PEOPLE, seconds=SECONDS, faults=[*kills, outage])

    assert any(kill.result for kill in kills), "the worker was never caught mid-task"
    assert outcome.problems == []  # no acknowledged write, notification or email lost
    assert outcome.ledger.proposals and outcome.ledger.comments
    # Away from the outage every answer is a good one: the app recovered by itself.
    away = Counter(a.status for a in outcome.outside_faults(GRACE_SECONDS))
    assert not [s for s in away if s == 0 or s >= 500], away
    during = [a for a in outcome.ledger.answers if a not in outcome.outside_faults(GRACE_SECONDS)]
    assert during, "no request reached the app while the database was away"
    failed = [a for a in during if a.status >= 500 or a.status == 0]
    assert all(a.status == 503 and a.retry_after for a in failed), Counter(
        (a.status, a.retry_after) for a in failed
    )
