"""Ladder sweeps and withdraws racing on PostgreSQL: every support is given back at most once,
so each person's budget ledger equals the supports that still hold budget."""

from __future__ import annotations

import os
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from cocreate.proposals.models import Proposal, Status, Support, SupportBudget
from cocreate.proposals.services import proposal_ladder_update, support_add, support_remove

from ..factories import UserFactory, make_challenge, make_organization, make_proposal

PEOPLE = 12


@pytest.mark.skipif(
    "postgres" not in os.environ.get("COCREATE_TEST_DATABASE_URL", ""),
    reason="runs in the PostgreSQL pass of ./run test (SQLite serializes every write anyway)",
)
def test_sweeps_and_withdraws_at_once_give_each_support_back_once(transactional_db):
    owner = UserFactory(username="owner")
    challenge = make_challenge(owner, make_organization(owner), slug="race")
    challenge.support_ladder = [{"supporters": PEOPLE + 1, "days": 30}]
    challenge.support_budget = 3
    challenge.save()
    closing = make_proposal(challenge, owner, title="Closing")
    kept = make_proposal(challenge, owner, title="Kept")
    people = [UserFactory(username=f"backer{i}") for i in range(PEOPLE)]
    for person in people:
        support_add(actor=person, proposal=closing)
        support_add(actor=person, proposal=kept)
    later = timezone.now() + timedelta(days=31)
    start = threading.Barrier(PEOPLE + 3)
    failures: list[BaseException] = []

    def sweep() -> None:
        try:
            stale = Proposal.objects.get(pk=closing.pk)
            start.wait(timeout=30)
            proposal_ladder_update(proposal=stale, now=later)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    def withdraw(person) -> None:
        try:
            proposal = Proposal.objects.get(pk=closing.pk)
            start.wait(timeout=30)
            support_remove(actor=person, proposal=proposal)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(3)]
    threads += [threading.Thread(target=withdraw, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []

    assert Proposal.objects.get(pk=closing.pk).status == Status.EXPIRED
    held = Counter(Support.objects.filter(holds_budget=True).values_list("user_id", flat=True))
    for person in people:
        assert held[person.pk] == 1  # the support on `kept`
        assert SupportBudget.objects.get(user=person).used == 1
    assert not Support.objects.filter(proposal=closing).exists()
