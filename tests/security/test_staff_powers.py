"""Staff power: an organization's staff and owners submit and support only while a phase opens
it, like every resident (their votes would otherwise distort the counts residents see); they
keep moderating and changing their challenge outside the phases."""

from __future__ import annotations

import pytest
import rules
from django.core.exceptions import PermissionDenied

from cocreate.challenges.models import Action
from cocreate.organizations.models import Role
from cocreate.proposals.models import Proposal
from cocreate.proposals.services import proposal_create, support_add

from ..factories import make_challenge, make_member, make_proposal


@pytest.fixture
def staff(organization):
    return make_member(organization, Role.STAFF, username="at-staff")


@pytest.fixture
def in_review(owner, organization):
    """A challenge whose running phase opens review only: no submitting, no supporting."""
    return make_challenge(owner, organization, slug="reviewing", actions=[Action.REVIEW])


@pytest.mark.parametrize("who", ["staff", "owner"])
def test_staff_submit_only_while_a_phase_opens_it(request, in_review, who):
    person = request.getfixturevalue(who)
    assert not rules.has_perm("challenges.submit_proposal", person, in_review)
    with pytest.raises(PermissionDenied):
        proposal_create(
            actor=person,
            challenge=in_review,
            design=in_review.baseline,
            title="Staff's own idea",
            rationale="Outside the phase.",
        )
    assert not Proposal.objects.filter(challenge=in_review).exists()


@pytest.mark.parametrize("who", ["staff", "owner"])
def test_staff_support_only_while_a_phase_opens_it(request, owner, organization, resident, who):
    person = request.getfixturevalue(who)
    challenge = make_challenge(owner, organization, actions=[Action.SUBMIT])  # no support
    proposal = make_proposal(challenge, resident)
    assert not rules.has_perm("challenges.support_proposals", person, challenge)
    with pytest.raises(PermissionDenied):
        support_add(actor=person, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_staff_keep_their_powers_outside_the_phases(staff, in_review, organization):
    assert rules.has_perm("challenges.change_challenge", staff, in_review)
    assert rules.has_perm("moderation.moderate", staff, organization)
    assert rules.has_perm("challenges.comment", staff, in_review)  # answering in review
