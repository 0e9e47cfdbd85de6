"""Every write asks a django-rules permission before it acts: the wrong person, an anonymous
visitor or a proposal moderation hid is refused by the service itself, whatever view calls it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from cocreate.accounts.services import user_set_privacy, user_set_units
from cocreate.challenges.models import Action, Visibility
from cocreate.challenges.services import challenge_create, phase_add
from cocreate.community.services import comment_create, comment_edit
from cocreate.moderation.services import moderation_decide
from cocreate.notifications.models import Follow
from cocreate.notifications.services import (
    follow_add,
    notifications_mark_all_read,
    preferences_set,
)
from cocreate.organizations.models import Membership, Role
from cocreate.organizations.services import membership_set, organization_create
from cocreate.proposals.models import Opposition, Pledge, Support
from cocreate.proposals.services import (
    oppose_add,
    pledge_set,
    pledge_withdraw,
    support_add,
)

from ..factories import UserFactory, make_challenge, make_proposal


@pytest.fixture
def hidden_proposal(challenge, resident, owner):
    proposal = make_proposal(challenge, resident)
    moderation_decide(actor=owner, proposal=proposal, decision="hide")
    proposal.refresh_from_db()
    assert proposal.hidden
    return proposal


@pytest.mark.parametrize(
    "back",
    [
        lambda actor, p: support_add(actor=actor, proposal=p),
        lambda actor, p: oppose_add(actor=actor, proposal=p),
        lambda actor, p: pledge_set(actor=actor, proposal=p, kind="hours", amount=Decimal(2)),
        lambda actor, p: comment_create(actor=actor, proposal=p, body="Still here?"),
    ],
    ids=["support", "oppose", "pledge", "comment"],
)
def test_a_hidden_proposal_takes_no_backing_or_comments(hidden_proposal, other, owner, back):
    hidden_proposal.challenge.allow_oppose = True
    for actor in (other, owner):  # an outsider, and even the organization's owner
        with pytest.raises(PermissionDenied):
            back(actor, hidden_proposal)
    assert not Support.objects.exists() and not Opposition.objects.exists()
    assert not Pledge.objects.exists() and not hidden_proposal.comments.exists()


def test_only_the_author_edits_a_comment(organization, resident, other, owner):
    talk = make_challenge(owner, organization, slug="talk", actions=[Action.SUBMIT, Action.COMMENT])
    proposal = make_proposal(talk, owner)
    comment = comment_create(actor=resident, proposal=proposal, body="Wider, please.")
    for intruder in (other, owner, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            comment_edit(actor=intruder, comment=comment, body="Narrower.")
    comment.refresh_from_db()
    assert comment.body == "Wider, please."
    assert comment_edit(actor=resident, comment=comment, body="Much wider.").body == "Much wider."


def test_only_an_owner_sets_roles(organization, owner, resident, other):
    Membership.objects.create(organization=organization, user=resident, role=Role.STAFF)
    for intruder in (resident, other, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            membership_set(actor=intruder, organization=organization, user=other, role=Role.OWNER)
    assert not Membership.objects.filter(user=other).exists()
    membership_set(actor=owner, organization=organization, user=other, role=Role.MODERATOR)
    assert Membership.objects.get(user=other).role == Role.MODERATOR


def test_only_staff_open_and_change_challenges(organization, challenge, owner, resident):
    from django.utils import timezone

    now = timezone.now()
    for intruder in (resident, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            challenge_create(
                actor=intruder,
                organization=organization,
                slug="elsewhere",
                title="Elsewhere",
                toolkit_id="dominion-road",
            )
        with pytest.raises(PermissionDenied):
            phase_add(
                actor=intruder,
                challenge=challenge,
                name="Late",
                starts_at=now + timedelta(days=30),
                ends_at=now + timedelta(days=31),
                actions=[],
            )
    assert not organization.challenges.filter(slug="elsewhere").exists()
    assert not challenge.phases.filter(name="Late").exists()


def test_anonymous_visitors_change_no_settings(resident):
    anonymous = AnonymousUser()
    for write in (
        lambda: user_set_units(actor=anonymous, units="imperial"),
        lambda: user_set_privacy(actor=anonymous, profile_public=False),
        lambda: preferences_set(actor=anonymous, choices={}),
        lambda: notifications_mark_all_read(actor=anonymous),
        lambda: organization_create(actor=anonymous, name="Nobody", slug="nobody"),
        lambda: pledge_withdraw(actor=anonymous, proposal=None, kind="hours"),  # type: ignore[arg-type]
    ):
        with pytest.raises(PermissionDenied):
            write()
    assert user_set_units(actor=resident, units="imperial").units == "imperial"


def test_nobody_follows_what_they_cannot_see(owner, organization, other, resident):
    private = make_challenge(owner, organization, slug="inside", visibility=Visibility.PRIVATE)
    with pytest.raises(PermissionDenied):
        follow_add(actor=other, target=private)
    with pytest.raises(PermissionDenied):
        follow_add(actor=AnonymousUser(), target=resident)
    assert not Follow.objects.exists()
    insider = UserFactory()
    Membership.objects.create(organization=organization, user=insider, role=Role.MODERATOR)
    assert follow_add(actor=insider, target=private).challenge_id == private.pk
