"""50 concurrent clients supporting the same proposals with budgets, on PostgreSQL: final counts
exact, no budget ever exceeded, no support lost."""

from __future__ import annotations

import os
import random
import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cocreate.proposals.models import Proposal, Support, SupportBudget
from cocreate.proposals.services import support_add, support_remove

from ..factories import UserFactory, make_challenge, make_organization, make_proposal

CLIENTS = 50
BUDGET = 3


@pytest.mark.skipif(
    "postgres" not in os.environ.get("COCREATE_TEST_DATABASE_URL", ""),
    reason="runs in the PostgreSQL pass of ./run test (SQLite serializes every write anyway)",
)
def test_concurrent_supports_never_overspend_and_never_get_lost(transactional_db):
    owner = UserFactory(username="owner")
    challenge = make_challenge(owner, make_organization(owner), slug="busy")
    challenge.support_budget = BUDGET
    challenge.save()
    proposals = [make_proposal(challenge, owner, title=f"Idea {i}") for i in range(6)]
    people = [UserFactory(username=f"backer{i}") for i in range(10)]
    start = threading.Barrier(CLIENTS)
    failures: list[BaseException] = []

    def client(number: int) -> None:
        rng = random.Random(number)
        person = people[number % len(people)]  # five clients per person, racing each other
        try:
            start.wait(timeout=30)
            for _ in range(8):
                proposal = Proposal.objects.get(pk=rng.choice(proposals).pk)
                try:
                    if rng.random() < 0.8:
                        support_add(actor=person, proposal=proposal)
                    else:
                        support_remove(actor=person, proposal=proposal)
                except ValidationError:
                    pass  # already supported, or the budget is spent: refusals are expected
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []

    per_person = Counter(Support.objects.values_list("user_id", flat=True))
    assert max(per_person.values()) <= BUDGET  # no budget ever exceeded
    for budget in SupportBudget.objects.all():
        assert budget.used == per_person.get(budget.user_id, 0)  # the ledger matches the rows
    for proposal in Proposal.objects.filter(challenge=challenge):
        assert proposal.support_count == Support.objects.filter(proposal=proposal).count()
    assert sum(per_person.values()) > 0
    assert connection.vendor == "postgresql"
