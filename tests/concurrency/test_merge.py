"""Merge and unmerge on PostgreSQL while 20 supporters support and withdraw at once: no budget
exceeded, nothing lost, the unmerge restores every support, the counts exact."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import connection, connections

from cocreate.merges.models import Merge, MergedSupport, Outcome
from cocreate.merges.services import proposal_merge, proposal_unmerge
from cocreate.proposals.models import Opposition, Proposal, Support, SupportBudget
from cocreate.proposals.services import support_add, support_remove

from ..factories import UserFactory, make_challenge, make_organization, make_proposal
from .racing import postgres_only

SUPPORTERS = 20
BUDGET = 3
ROUNDS = 12


def _ledger_agrees(challenge) -> None:
    """Every budget equals its person's supports that hold one, and none is over."""
    holding = Counter(
        Support.objects.filter(proposal__challenge=challenge, holds_budget=True).values_list(
            "user_id", flat=True
        )
    )
    for budget in SupportBudget.objects.filter(challenge=challenge):
        assert budget.used == holding.get(budget.user_id, 0), budget
        assert budget.used <= BUDGET
    for proposal in Proposal.objects.filter(challenge=challenge):
        assert proposal.support_count == Support.objects.filter(proposal=proposal).count()
        assert proposal.oppose_count == Opposition.objects.filter(proposal=proposal).count()


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads)


def _supporter(person, pks: list[int], start, failures, seed: int):
    def run() -> None:
        rng = random.Random(seed)
        try:
            start.wait(timeout=30)
            for _ in range(ROUNDS):
                proposal = Proposal.objects.select_related("challenge").get(pk=rng.choice(pks))
                try:
                    if rng.random() < 0.7:
                        support_add(actor=person, proposal=proposal)
                    else:
                        support_remove(actor=person, proposal=proposal)
                except ValidationError:
                    pass  # supported already, budget spent, proposal merged: expected refusals
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


def _staff(write, start, failures, done: list):
    """Staff press the button once the supporters are under way, and again while it is busy."""

    def run() -> None:
        try:
            start.wait(timeout=30)
            time.sleep(0.05)
            deadline = time.monotonic() + 60
            while True:
                try:
                    done.append(write())
                    return
                except ValidationError as error:
                    if "right now" not in str(error) or time.monotonic() > deadline:
                        raise
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


@postgres_only
def test_merge_and_unmerge_among_concurrent_supporters(transactional_db):
    owner = UserFactory(username="owner")
    challenge = make_challenge(owner, make_organization(owner), slug="busy")
    challenge.support_budget = BUDGET
    challenge.save()
    a = make_proposal(challenge, owner, title="Protected bike lanes both ways")
    b = make_proposal(challenge, owner, title="Protected bike lanes")
    c, d = (make_proposal(challenge, owner, title=f"Other idea {n}") for n in range(2))
    people = [UserFactory(username=f"backer{n}") for n in range(SUPPORTERS)]
    for n, person in enumerate(people):  # a head start, so the merge has both kinds to move
        support_add(actor=person, proposal=b)
        if n % 3 == 0:
            support_add(actor=person, proposal=a)

    # 1. The merge, while everyone supports and withdraws on A, B and C.
    failures: list[BaseException] = []
    merges: list[Merge] = []
    start = threading.Barrier(SUPPORTERS + 1)
    threads = [
        _supporter(person, [a.pk, b.pk, c.pk], start, failures, seed=n)
        for n, person in enumerate(people)
    ]
    source, target = (Proposal.objects.select_related("challenge").get(pk=p.pk) for p in (b, a))
    threads.append(
        _staff(
            lambda: proposal_merge(actor=owner, source=source, target=target, answer="Same."),
            start,
            failures,
            merges,
        )
    )
    _run(threads)
    assert failures == []
    _ledger_agrees(challenge)
    (merge,) = merges
    assert Proposal.objects.get(pk=b.pk).merged_into_id == a.pk
    on_a = set(Support.objects.filter(proposal=a).values_list("user_id", flat=True))
    on_b = set(Support.objects.filter(proposal=b).values_list("user_id", flat=True))
    moved = set(
        MergedSupport.objects.filter(merge=merge, outcome=Outcome.MOVED).values_list(
            "support_pk", flat=True
        )
    )
    records = list(MergedSupport.objects.filter(merge=merge))
    assert len(records) >= SUPPORTERS // 2  # the merge ran amid the supporters, not after them
    still_moved = set(Support.objects.filter(pk__in=moved, proposal=a).values_list("pk", flat=True))
    # What the unmerge must bring back: each moved support that is still on A, and each
    # support given back, unless the person supports B again since.
    expected = {
        r.user_id
        for r in records
        if (r.outcome != Outcome.MOVED or r.support_pk in still_moved) and r.user_id not in on_b
    }

    # 2. The unmerge, while everyone competes for their budgets on C and D.
    merges.clear()
    start = threading.Barrier(SUPPORTERS + 1)
    threads = [
        _supporter(person, [c.pk, d.pk], start, failures, seed=100 + n)
        for n, person in enumerate(people)
    ]
    threads.append(
        _staff(
            lambda: proposal_unmerge(actor=owner, merge=merge, answer="Two ideas."),
            start,
            failures,
            merges,
        )
    )
    _run(threads)
    assert failures == []
    _ledger_agrees(challenge)
    after_b = set(Support.objects.filter(proposal=b).values_list("user_id", flat=True))
    after_a = set(Support.objects.filter(proposal=a).values_list("user_id", flat=True))
    assert after_b == expected | on_b  # every support restored, nothing lost
    moved_back = {
        r.user_id for r in records if r.support_pk in still_moved and r.user_id not in on_b
    }
    assert after_a == on_a - moved_back
    assert Proposal.objects.get(pk=b.pk).merged_into_id is None
    assert connection.vendor == "postgresql"
