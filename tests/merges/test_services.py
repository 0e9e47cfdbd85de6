"""Merging B into A and undoing it: what moves, what is given back, what comes back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cocreate.audit.models import AuditEntry
from cocreate.decisions.models import Decision
from cocreate.merges.models import Merge, MergedSupport, Outcome
from cocreate.merges.services import proposal_merge, proposal_unmerge
from cocreate.notifications.models import Follow
from cocreate.notifications.services import follow_add
from cocreate.organizations.models import ProposalStatus, Role, Stage
from cocreate.proposals.models import Pledge, Proposal, Status, Support, SupportBudget
from cocreate.proposals.services import (
    oppose_add,
    pledge_set,
    support_add,
    support_remove,
)

from ..factories import UserFactory, make_challenge, make_member, make_organization, make_proposal

BUDGET = 3


@pytest.fixture
def budgeted(challenge):
    challenge.support_budget = BUDGET
    challenge.allow_oppose = True
    challenge.save()
    return challenge


@pytest.fixture
def pair(budgeted, resident, other):
    """A (by resident) and B (by other), both open."""
    a = make_proposal(budgeted, resident, title="Protected bike lanes both ways")
    b = make_proposal(budgeted, other, title="Protected cycle lanes")
    return a, b


def used(person, challenge) -> int:
    return SupportBudget.objects.get(user=person, challenge=challenge).used


def fresh(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_related("challenge__organization").get(pk=proposal.pk)


def supporters(proposal: Proposal) -> set[int]:
    return set(Support.objects.filter(proposal=proposal).values_list("user_id", flat=True))


def merge(owner, a, b, answer="Same idea: answered together there."):
    return proposal_merge(actor=owner, source=fresh(b), target=fresh(a), answer=answer)


def test_merge_moves_supports_keeping_budgets_and_gives_back_a_second_support(owner, pair):
    a, b = pair
    only_b, both, only_a = UserFactory(), UserFactory(), UserFactory()
    support_add(actor=only_b, proposal=b)
    support_add(actor=both, proposal=b)
    support_add(actor=both, proposal=a)
    support_add(actor=only_a, proposal=a)
    moved_pk = Support.objects.get(user=only_b).pk

    done = merge(owner, a, b)

    a, b = fresh(a), fresh(b)
    assert supporters(a) == {only_b.pk, both.pk, only_a.pk}
    assert supporters(b) == set()
    assert Support.objects.get(user=only_b).pk == moved_pk  # the row moved, it was not remade
    assert Support.objects.get(user=only_b).holds_budget
    assert used(only_b, a.challenge) == 1  # unchanged
    assert used(both, a.challenge) == 1  # their B support was given back
    assert (a.support_count, b.support_count) == (3, 0)
    outcomes = dict(MergedSupport.objects.filter(merge=done).values_list("user_id", "outcome"))
    assert outcomes == {only_b.pk: Outcome.MOVED, both.pk: Outcome.BOTH}


def test_merge_closes_b_with_the_merged_status_an_answer_and_a_link(owner, pair):
    a, b = pair
    merge(owner, a, b, answer="We answer this **together** with the other one.")
    b = fresh(b)
    merged = ProposalStatus.objects.get(organization=b.challenge.organization, stage=Stage.MERGED)
    assert b.merged_into_id == a.pk
    assert b.status == Status.CLOSED
    assert b.answer_status == merged
    assert b.answered_at is not None and b.first_answered_at is not None
    decision = Decision.objects.get(proposal=b)
    assert decision.status == merged and decision.previous is None
    assert "<strong>together</strong>" in decision.answer_html
    entry = AuditEntry.objects.get(action="merges.merge")
    assert entry.target_id == b.pk and entry.actor_id == owner.pk
    assert entry.before["merged_into"] is None and entry.after["merged_into"] == a.pk


def test_an_opposer_or_the_author_of_a_gets_their_b_support_back(owner, pair, resident):
    a, b = pair
    opposer = UserFactory()
    oppose_add(actor=opposer, proposal=a)
    support_add(actor=opposer, proposal=b)
    support_add(actor=resident, proposal=b)  # resident wrote A
    done = merge(owner, a, b)
    a = fresh(a)
    assert supporters(a) == set()
    assert (a.support_count, a.oppose_count) == (0, 1)
    assert used(opposer, a.challenge) == 0 and used(resident, a.challenge) == 0
    outcomes = dict(MergedSupport.objects.filter(merge=done).values_list("user_id", "outcome"))
    assert outcomes == {opposer.pk: Outcome.OPPOSES, resident.pk: Outcome.AUTHOR}


def test_pledges_move_unless_the_person_pledged_that_kind_to_a(owner, pair):
    a, b = pair
    giver, twice = UserFactory(), UserFactory()
    pledge_set(actor=giver, proposal=b, kind="money", amount=Decimal("50"))
    pledge_set(actor=twice, proposal=b, kind="hours", amount=Decimal("3"))
    pledge_set(actor=twice, proposal=a, kind="hours", amount=Decimal("2"))
    merge(owner, a, b)
    on_a = set(Pledge.objects.filter(proposal=a).values_list("user_id", "kind", "amount"))
    assert on_a == {(giver.pk, "money", Decimal("50")), (twice.pk, "hours", Decimal("2"))}
    assert list(Pledge.objects.filter(proposal=b).values_list("user_id", "amount")) == [
        (twice.pk, Decimal("3"))
    ]


def test_followers_of_b_follow_a_once(owner, pair):
    a, b = pair
    fan, loyal = UserFactory(), UserFactory()
    follow_add(actor=fan, target=b)
    follow_add(actor=loyal, target=b)
    follow_add(actor=loyal, target=a)
    merge(owner, a, b)
    assert Follow.objects.filter(proposal=a, user=fan).count() == 1
    assert Follow.objects.filter(proposal=a, user=loyal).count() == 1
    assert Follow.objects.filter(proposal=b).count() == 2  # B's follows stay


def test_unmerge_restores_exactly_what_moved(owner, pair):
    a, b = pair
    only_b, both, opposer = UserFactory(), UserFactory(), UserFactory()
    fan, giver = UserFactory(), UserFactory()
    support_add(actor=only_b, proposal=b)
    support_add(actor=both, proposal=b)
    support_add(actor=both, proposal=a)
    oppose_add(actor=opposer, proposal=a)
    support_add(actor=opposer, proposal=b)
    follow_add(actor=fan, target=b)
    pledge_set(actor=giver, proposal=b, kind="site", amount=Decimal("1"))
    b_before = fresh(b)
    done = merge(owner, a, b)

    proposal_unmerge(actor=owner, merge=done, answer="These are two ideas after all.")

    a, b = fresh(a), fresh(b)
    assert supporters(b) == {only_b.pk, both.pk, opposer.pk}
    assert supporters(a) == {both.pk}
    assert all(Support.objects.filter(proposal=b).values_list("holds_budget", flat=True))
    assert used(only_b, a.challenge) == 1
    assert used(both, a.challenge) == 2 and used(opposer, a.challenge) == 1
    assert (a.support_count, b.support_count) == (1, 3)
    assert (a.oppose_count, b.oppose_count) == (1, 0)
    assert not Follow.objects.filter(proposal=a, user=fan).exists()
    assert Follow.objects.filter(proposal=b, user=fan).exists()
    assert Pledge.objects.get(user=giver).proposal_id == b.pk
    assert b.merged_into_id is None and b.status == b_before.status
    review = ProposalStatus.objects.filter(
        organization=b.challenge.organization, stage=Stage.REVIEW
    ).first()
    assert b.answer_status == review  # it had no answer: back to "being considered"
    history = list(Decision.objects.filter(proposal=b).order_by("created_at", "id"))
    assert [d.answer for d in history] == [
        "Same idea: answered together there.",
        "These are two ideas after all.",
    ]
    done.refresh_from_db()
    assert done.undone_at is not None and done.undone_by == owner
    entry = AuditEntry.objects.get(action="merges.unmerge")
    assert entry.before["merged_into"] == a.pk and entry.after["merged_into"] is None


def test_unmerge_returns_b_to_the_answer_it_had(owner, pair):
    from cocreate.decisions.services import proposal_status_change

    a, b = pair
    planned = ProposalStatus.objects.get(organization=b.challenge.organization, name="Planned")
    proposal_status_change(actor=owner, proposal=fresh(b), status=planned, answer="We plan it.")
    done = merge(owner, a, b)
    proposal_unmerge(actor=owner, merge=done, answer="Separate after all.")
    b = fresh(b)
    assert b.answer_status == planned and b.status == Status.PUBLISHED
    assert Decision.objects.filter(proposal=b).count() == 3


def test_a_withdrawn_support_stays_withdrawn_and_a_spent_budget_is_never_exceeded(owner, pair):
    a, b = pair
    quitter, both = UserFactory(), UserFactory()
    support_add(actor=quitter, proposal=b)
    support_add(actor=both, proposal=b)
    support_add(actor=both, proposal=a)
    done = merge(owner, a, b)
    support_remove(actor=quitter, proposal=fresh(a))  # withdraws the moved support
    # While merged, `both` spends the support given back, and the rest of the budget.
    for n in range(BUDGET - 1):
        support_add(actor=both, proposal=make_proposal(a.challenge, quitter, title=f"Other {n}"))
    assert used(both, a.challenge) == BUDGET

    proposal_unmerge(actor=owner, merge=done, answer="Separate after all.")

    assert supporters(fresh(b)) == {both.pk}  # restored, not lost ...
    restored = Support.objects.get(proposal=b, user=both)
    assert not restored.holds_budget  # ... without budget: none was left
    assert used(both, a.challenge) == BUDGET
    assert used(quitter, a.challenge) == 0
    assert fresh(b).support_count == 1


def test_a_later_word_on_b_wins_over_the_restore(owner, pair):
    """A person who opposes B since the merge keeps their opposition; the support stays on A."""
    a, b = pair
    fickle = UserFactory()
    support_add(actor=fickle, proposal=b)
    done = merge(owner, a, b)
    oppose_add(actor=fickle, proposal=fresh(b))
    proposal_unmerge(actor=owner, merge=done, answer="Separate after all.")
    assert supporters(fresh(a)) == {fickle.pk}
    assert supporters(fresh(b)) == set()
    assert used(fickle, a.challenge) == 1


def test_merging_and_unmerging_again(owner, pair):
    a, b = pair
    backer = UserFactory()
    support_add(actor=backer, proposal=b)
    first = merge(owner, a, b)
    proposal_unmerge(actor=owner, merge=first, answer="Not the same.")
    second = merge(owner, a, b)
    assert supporters(fresh(a)) == {backer.pk}
    assert Merge.objects.filter(source=b).count() == 2
    assert second.undone_at is None


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("itself", "target"),
        ("other challenge", "target"),
        ("empty answer", "answer"),
        ("long answer", "answer"),
        ("control character", "answer"),
    ],
)
def test_bad_input_is_refused_on_its_field(owner, organization, pair, case, field):
    a, b = pair
    answer = {"empty answer": "  ", "long answer": "x" * 10_001, "control character": "a\x07"}
    target = a
    if case == "itself":
        target = b
    elif case == "other challenge":
        elsewhere = make_challenge(owner, organization, slug="elsewhere")
        target = make_proposal(elsewhere, owner)
    with pytest.raises(ValidationError) as refused:
        proposal_merge(
            actor=owner, source=fresh(b), target=target, answer=answer.get(case, "Same idea.")
        )
    assert field in refused.value.message_dict
    assert not Merge.objects.exists()


def test_chains_and_repeats_are_refused(owner, budgeted, pair, other):
    a, b = pair
    c = make_proposal(budgeted, other, title="A third one")
    merge(owner, a, b)
    with pytest.raises(ValidationError, match="already merged"):
        merge(owner, a, b)
    with pytest.raises(ValidationError, match="itself merged"):
        merge(owner, b, c)  # into B, which is merged
    with pytest.raises(ValidationError, match="merged into this one"):
        merge(owner, c, a)  # A has B merged into it


def test_closed_or_hidden_proposals_are_refused(owner, budgeted, pair, other):
    a, b = pair
    Proposal.objects.filter(pk=a.pk).update(status=Status.EXPIRED)
    with pytest.raises(ValidationError, match="open proposal"):
        merge(owner, a, b)
    Proposal.objects.filter(pk=a.pk).update(status=Status.PUBLISHED, hidden=True)
    with pytest.raises(ValidationError, match="hidden"):
        merge(owner, a, b)
    Proposal.objects.filter(pk=b.pk).update(status=Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="Only an open proposal"):
        merge(owner, make_proposal(budgeted, other, title="Open"), b)


def test_without_a_merged_status_the_merge_says_so(owner, pair):
    a, b = pair
    ProposalStatus.objects.filter(stage=Stage.MERGED).delete()
    with pytest.raises(ValidationError, match="Merged"):
        merge(owner, a, b)


def test_an_undone_merge_is_not_undone_twice(owner, pair):
    a, b = pair
    done = merge(owner, a, b)
    proposal_unmerge(actor=owner, merge=done, answer="Separate.")
    with pytest.raises(ValidationError, match="undone already"):
        proposal_unmerge(actor=owner, merge=done, answer="Separate.")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.OWNER, True),
        (Role.STAFF, True),
        (Role.REVIEWER, False),
        (Role.JUDGE, False),
        (Role.MODERATOR, False),
        (None, False),
    ],
)
def test_only_the_organizations_staff_merge_and_unmerge(owner, organization, pair, role, allowed):
    a, b = pair
    person = make_member(organization, role) if role else UserFactory()
    if allowed:
        done = merge(person, a, b)
        proposal_unmerge(actor=person, merge=done, answer="Separate.")
        return
    with pytest.raises(PermissionDenied):
        merge(person, a, b)
    done = merge(owner, a, b)
    with pytest.raises(PermissionDenied):
        proposal_unmerge(actor=person, merge=done, answer="Separate.")


def test_another_organizations_owner_may_not_merge(owner, pair):
    a, b = pair
    stranger = UserFactory()
    make_organization(stranger, slug="elsewhere")
    with pytest.raises(PermissionDenied):
        merge(stranger, a, b)
