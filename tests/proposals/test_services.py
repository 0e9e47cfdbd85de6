"""Proposal and support services: validation through the engine, one support per person."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cocreate.challenges.models import Action
from cocreate.proposals.models import Proposal, Support
from cocreate.proposals.services import proposal_create, support_add, support_remove

from ..factories import UserFactory, make_challenge, make_proposal


def _too_wide(challenge):
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] += 2.0
    return design


def test_a_valid_design_becomes_a_proposal_with_its_evaluation(challenge, resident):
    proposal = make_proposal(challenge, resident, title="  Trees  ")
    assert proposal.title == "Trees"
    assert proposal.evaluation["valid"] is True
    assert proposal.svg.startswith("<svg") and proposal.thumbnail_svg.startswith("<svg")
    assert proposal.parent is None
    assert proposal.toolkit_version == challenge.toolkit_version


def test_a_design_with_an_error_finding_is_refused_with_its_messages(challenge, resident):
    with pytest.raises(ValidationError) as raised:
        make_proposal(challenge, resident, design=_too_wide(challenge))
    messages = raised.value.message_dict["design"]
    assert messages and all(isinstance(m, str) and m for m in messages)
    assert Proposal.objects.count() == 0


def test_title_and_why_are_required(challenge, resident):
    with pytest.raises(ValidationError) as raised:
        proposal_create(
            actor=resident, challenge=challenge, design=challenge.baseline, title=" ", rationale=""
        )
    assert set(raised.value.message_dict) == {"title", "rationale"}


def test_a_malformed_design_is_a_validation_error_not_a_crash(challenge, resident):
    with pytest.raises(ValidationError) as raised:
        proposal_create(
            actor=resident,
            challenge=challenge,
            design={"parts": "nope"},
            title="T",
            rationale="R",
        )
    assert "design" in raised.value.message_dict


def test_a_remix_keeps_its_parent_from_the_same_challenge(challenge, resident, other, owner):
    parent = make_proposal(challenge, resident)
    child = make_proposal(challenge, other, parent=parent)
    assert child.parent == parent
    elsewhere = make_challenge(owner, challenge.organization, slug="elsewhere")
    with pytest.raises(ValidationError) as raised:
        make_proposal(elsewhere, other, parent=parent)
    assert "parent" in raised.value.message_dict


def test_submitting_needs_the_submit_phase(owner, organization, resident):
    closed = make_challenge(owner, organization, slug="closed", actions=[Action.SUPPORT])
    with pytest.raises(PermissionDenied):
        make_proposal(closed, resident)
    with pytest.raises(PermissionDenied):  # nor may the organization's staff (issue 10)
        make_proposal(closed, owner)


def test_support_once_per_person_and_counted(challenge, resident, other):
    proposal = make_proposal(challenge, resident)
    support_add(actor=other, proposal=proposal)
    with pytest.raises(ValidationError):
        support_add(actor=other, proposal=proposal)
    third = UserFactory()
    support_add(actor=third, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 2 == Support.objects.filter(proposal=proposal).count()
    support_remove(actor=other, proposal=proposal)
    support_remove(actor=other, proposal=proposal)  # nothing left to withdraw: no error
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_the_database_refuses_a_second_support(challenge, resident, other):
    proposal = make_proposal(challenge, resident)
    Support.objects.create(proposal=proposal, user=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(proposal=proposal, user=other)


def test_no_support_for_ones_own_proposal(challenge, resident):
    proposal = make_proposal(challenge, resident)
    with pytest.raises(ValidationError):
        support_add(actor=resident, proposal=proposal)


def test_supporting_needs_the_support_phase(owner, organization, resident, other):
    challenge = make_challenge(owner, organization, slug="ideas-only", actions=[Action.SUBMIT])
    proposal = make_proposal(challenge, resident)
    with pytest.raises(PermissionDenied):
        support_add(actor=other, proposal=proposal)


def test_a_proposal_cannot_claim_a_wider_site_than_the_challenges(challenge, resident):
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] += 3.0
    design["length"] = challenge.baseline["length"] + 3.0
    with pytest.raises(ValidationError) as raised:
        proposal_create(
            actor=resident, challenge=challenge, design=design, title="Wider", rationale="Room"
        )
    assert "more than the 21.00 m available" in " ".join(raised.value.message_dict["design"])


def test_a_support_budget_limits_supports_per_person_and_comes_back_on_withdraw(
    owner, organization, resident
):
    challenge = make_challenge(owner, organization, slug="budgeted")
    challenge.support_budget = 2
    challenge.save()
    proposals = [make_proposal(challenge, owner, title=f"P{i}") for i in range(3)]
    support_add(actor=resident, proposal=proposals[0])
    support_add(actor=resident, proposal=proposals[1])
    with pytest.raises(ValidationError) as refused:
        support_add(actor=resident, proposal=proposals[2])
    assert "all 2 of your supports" in " ".join(refused.value.messages)
    assert not Support.objects.filter(proposal=proposals[2]).exists()  # rolled back
    support_remove(actor=resident, proposal=proposals[0])
    support_add(actor=resident, proposal=proposals[2])
    assert Support.objects.filter(user=resident).count() == 2


def test_no_budget_means_no_limit(challenge, owner, resident):
    assert challenge.support_budget is None
    for i in range(12):
        support_add(actor=resident, proposal=make_proposal(challenge, owner, title=f"P{i}"))
    assert Support.objects.filter(user=resident).count() == 12


def test_pledges_add_up_per_kind_and_replace_the_same_kind(challenge, resident, other, owner):
    from decimal import Decimal

    from cocreate.proposals.selectors import pledge_totals
    from cocreate.proposals.services import pledge_set, pledge_withdraw

    proposal = make_proposal(challenge, resident)
    pledge_set(actor=other, proposal=proposal, kind="money", amount=Decimal("250"))
    pledge_set(actor=owner, proposal=proposal, kind="money", amount=Decimal("100.5"))
    pledge_set(actor=other, proposal=proposal, kind="money", amount=Decimal("300"))  # replaces
    pledge_set(actor=other, proposal=proposal, kind="site", amount=Decimal("1"), note="My shop")
    totals = {
        row["kind"]: (row["total"], row["people"]) for row in pledge_totals(proposal=proposal)
    }
    assert totals == {"money": (Decimal("400.50"), 2), "site": (Decimal("1"), 1)}
    pledge_withdraw(actor=other, proposal=proposal, kind="site")
    assert {row["kind"] for row in pledge_totals(proposal=proposal)} == {"money"}


@pytest.mark.parametrize(
    ("kind", "amount", "field"),
    [("gold", "5", "kind"), ("money", "0", "amount"), ("money", "NaN", "amount"),
     ("money", "2000000", "amount"), ("site", "1.5", "amount")],
)  # fmt: skip
def test_a_bad_pledge_names_the_field(challenge, resident, other, kind, amount, field):
    from decimal import Decimal

    from cocreate.proposals.services import pledge_set

    proposal = make_proposal(challenge, resident)
    with pytest.raises(ValidationError) as refused:
        pledge_set(actor=other, proposal=proposal, kind=kind, amount=Decimal(amount))
    assert field in refused.value.message_dict


def _laddered(owner, organization, slug="ladder"):
    challenge = make_challenge(owner, organization, slug=slug)
    challenge.support_ladder = [{"supporters": 2, "days": 30}, {"supporters": 3, "days": 90}]
    challenge.support_budget = 5
    challenge.answer_days = 60
    challenge.save()
    return challenge


def test_the_last_rung_sends_a_proposal_to_review_with_a_promised_date(owner, organization):
    from cocreate.proposals.models import Status

    challenge = _laddered(owner, organization)
    proposal = make_proposal(challenge, owner)
    for _ in range(3):
        support_add(actor=UserFactory(), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW
    days = (proposal.review_due - proposal.created_at).days
    assert 59 <= days <= 60
    with pytest.raises(ValidationError):
        support_add(actor=UserFactory(), proposal=proposal)


def test_a_missed_rung_closes_the_proposal_and_gives_supports_back(owner, organization):
    from datetime import timedelta

    from django.utils import timezone

    from cocreate.proposals.models import Status, SupportBudget
    from cocreate.proposals.services import proposal_ladder_update

    challenge = _laddered(owner, organization)
    proposal = make_proposal(challenge, owner)
    backer = UserFactory()
    support_add(actor=backer, proposal=proposal)
    assert SupportBudget.objects.get(user=backer).used == 1
    proposal_ladder_update(proposal=proposal, now=timezone.now() + timedelta(days=29))
    assert proposal.status == Status.PUBLISHED
    proposal_ladder_update(proposal=proposal, now=timezone.now() + timedelta(days=31))
    proposal.refresh_from_db()
    assert proposal.status == Status.EXPIRED
    assert proposal.closed_reason == "Reached 1 of the 2 supporters needed within 30 days."
    assert SupportBudget.objects.get(user=backer).used == 0


def test_a_ladder_that_does_not_climb_is_refused(owner, organization):
    from cocreate.challenges.services import challenge_create

    with pytest.raises(ValidationError) as refused:
        challenge_create(
            actor=owner, organization=organization, slug="bad", title="Bad",
            toolkit_id="dominion-road",
            support_ladder=[{"supporters": 10, "days": 30}, {"supporters": 5, "days": 60}],
        )  # fmt: skip
    assert "support_ladder" in refused.value.message_dict


def test_the_ladders_command_sweeps_published_proposals(owner, organization):
    from io import StringIO

    from django.core.management import call_command

    challenge = _laddered(owner, organization)
    make_proposal(challenge, owner)
    out = StringIO()
    call_command("ladders", stdout=out, verbosity=0)
    assert out.getvalue().strip() == "1 proposals on ladders: no change."


def test_oppose_where_allowed_once_and_never_alongside_a_support(challenge, resident, other):
    from cocreate.proposals.services import oppose_add, oppose_remove

    proposal = make_proposal(challenge, resident)
    with pytest.raises(ValidationError, match="does not count oppositions"):
        oppose_add(actor=other, proposal=proposal)
    challenge.allow_oppose = True
    challenge.save()
    proposal.challenge = challenge
    oppose_add(actor=other, proposal=proposal)
    with pytest.raises(ValidationError, match="already oppose"):
        oppose_add(actor=other, proposal=proposal)
    with pytest.raises(ValidationError, match="withdraw that first to support"):
        support_add(actor=other, proposal=proposal)
    oppose_remove(actor=other, proposal=proposal)
    support_add(actor=other, proposal=proposal)
    with pytest.raises(ValidationError, match="withdraw that first to oppose"):
        oppose_add(actor=other, proposal=proposal)
    with pytest.raises(ValidationError, match="your own"):
        oppose_add(actor=resident, proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.oppose_count, proposal.support_count) == (0, 1)
