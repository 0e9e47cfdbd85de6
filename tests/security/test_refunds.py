"""Finding 1: a support's place in the person's budget is given back once, whichever way it
goes back (the ladder closing the proposal, a withdraw, a second sweep), and budgets are exact."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.proposals.models import Pledge, Proposal, Status, Support, SupportBudget
from cocreate.proposals.services import (
    pledge_set,
    proposal_ladder_update,
    support_add,
    support_remove,
)

from ..factories import UserFactory, make_challenge, make_proposal

BUDGET = 10
LATER = timedelta(days=31)


@pytest.fixture
def laddered(owner, organization):
    challenge = make_challenge(owner, organization, slug="ladder")
    challenge.support_ladder = [{"supporters": 2, "days": 30}]
    challenge.support_budget = BUDGET
    challenge.save()
    return challenge


def _used(user):
    return SupportBudget.objects.get(user=user).used


def _expire(proposal):
    proposal_ladder_update(
        proposal=Proposal.objects.get(pk=proposal.pk), now=timezone.now() + LATER
    )


def test_an_expiry_then_a_withdraw_gives_the_support_back_once(laddered, owner, resident):
    closing = make_proposal(laddered, owner, title="Closing")
    support_add(actor=resident, proposal=closing)
    _expire(closing)
    assert _used(resident) == 0
    support_remove(actor=resident, proposal=closing)
    assert _used(resident) == 0  # not -1, and not a spare support to spend


def test_no_one_backs_more_proposals_than_the_budget(laddered, owner, resident):
    """The reported case: a refund twice let one person hold 11 supports on a budget of 10."""
    closing = make_proposal(laddered, owner, title="Closing")
    support_add(actor=resident, proposal=closing)
    _expire(closing)
    others = [make_proposal(laddered, owner, title=f"Idea {i}") for i in range(BUDGET + 1)]
    for proposal in others[:BUDGET]:
        support_add(actor=resident, proposal=proposal)
    support_remove(actor=resident, proposal=closing)
    with pytest.raises(ValidationError, match="all 10"):
        support_add(actor=resident, proposal=others[BUDGET])
    live = Support.objects.filter(user=resident).exclude(proposal=closing).count()
    assert live == _used(resident) == BUDGET


def test_a_second_sweep_with_a_stale_proposal_refunds_nothing(laddered, owner, resident, other):
    closing = make_proposal(laddered, owner, title="Closing")
    kept = make_proposal(laddered, owner, title="Kept")
    support_add(actor=resident, proposal=closing)
    support_add(actor=resident, proposal=kept)
    stale = Proposal.objects.get(pk=closing.pk)  # read by a sweep before the first one ran
    _expire(closing)
    proposal_ladder_update(proposal=stale, now=timezone.now() + LATER)
    assert _used(resident) == 1  # the support on `kept` still counts
    assert Proposal.objects.get(pk=closing.pk).status == Status.EXPIRED


def test_a_withdraw_from_a_live_proposal_still_gives_the_support_back(laddered, owner, resident):
    proposal = make_proposal(laddered, owner)
    support_add(actor=resident, proposal=proposal)
    support_remove(actor=resident, proposal=proposal)
    support_remove(actor=resident, proposal=proposal)  # twice: nothing more to give back
    assert _used(resident) == 0
    support_add(actor=resident, proposal=proposal)
    assert _used(resident) == 1


def test_supports_in_a_challenge_without_a_budget_hold_none(owner, organization, resident):
    challenge = make_challenge(owner, organization, slug="free")
    proposal = make_proposal(challenge, owner)
    support_add(actor=resident, proposal=proposal)
    challenge.support_budget = 3  # a budget set later counts supports from then on
    challenge.save()
    support_remove(actor=resident, proposal=Proposal.objects.get(pk=proposal.pk))
    assert not SupportBudget.objects.filter(user=resident, used__gt=0).exists()


@pytest.mark.parametrize("typed", ["0.004", "0.005", "-0.001"])
def test_a_pledge_that_rounds_to_nothing_is_refused_by_the_service(challenge, owner, typed):
    """Finding 5: 0.004 passed `> 0`, was rounded to 0.00 on save and broke the CHECK (a 500)."""
    proposal = make_proposal(challenge, owner)
    backer = UserFactory()
    with pytest.raises(ValidationError) as refused:
        pledge_set(actor=backer, proposal=proposal, kind="money", amount=Decimal(typed))
    assert "amount" in refused.value.message_dict
    assert not Pledge.objects.exists()


def test_a_pledge_is_judged_in_cents_at_both_ends(challenge, owner):
    proposal = make_proposal(challenge, owner)
    at_most = pledge_set(
        actor=UserFactory(), proposal=proposal, kind="money", amount=Decimal("1000000.004")
    )
    assert at_most.amount == Decimal("1000000.00")
    with pytest.raises(ValidationError):
        pledge_set(
            actor=UserFactory(), proposal=proposal, kind="money", amount=Decimal("1000000.006")
        )
    backer = UserFactory()
    pledge = pledge_set(actor=backer, proposal=proposal, kind="money", amount=Decimal("0.015"))
    assert pledge.amount == Decimal("0.02")  # half to even, as the form rounds: a cent is something


def test_a_site_count_is_judged_after_rounding(challenge, owner):
    proposal = make_proposal(challenge, owner)
    backer = UserFactory()
    pledge = pledge_set(actor=backer, proposal=proposal, kind="site", amount=Decimal("2.001"))
    assert pledge.amount == Decimal("2.00")
