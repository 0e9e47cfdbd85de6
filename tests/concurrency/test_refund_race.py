"""Ladder sweeps and withdraws racing on PostgreSQL: every support is given back at most once,
so each person's budget ledger equals the supports that still hold budget."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from itertools import count

from django.utils import timezone

from cocreate.proposals.models import Proposal, Status, Support, SupportBudget
from cocreate.proposals.services import proposal_ladder_update, support_add, support_remove

from ..factories import UserFactory, make_challenge, make_organization, make_proposal
from .racing import postgres_only, race

PEOPLE = 12
SWEEPS = 3


@postgres_only
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
    turn = count()

    def prepare():
        stale = Proposal.objects.get(pk=closing.pk)  # each read before anyone wrote
        n = next(turn)
        if n < SWEEPS:
            return lambda: proposal_ladder_update(proposal=stale, now=later)
        return lambda: support_remove(actor=people[n - SWEEPS], proposal=stale)

    assert race(prepare, SWEEPS + PEOPLE) == []

    assert Proposal.objects.get(pk=closing.pk).status == Status.EXPIRED
    held = Counter(Support.objects.filter(holds_budget=True).values_list("user_id", flat=True))
    for person in people:
        assert held[person.pk] == 1  # the support on `kept`
        assert SupportBudget.objects.get(user=person).used == 1
    assert not Support.objects.filter(proposal=closing).exists()
