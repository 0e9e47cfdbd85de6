"""Roles × phases: who may submit and support, on public and private challenges."""

from __future__ import annotations

from datetime import timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocreate.challenges.models import Action, Phase, Visibility
from cocreate.organizations.models import Membership, Role

from ..factories import UserFactory, make_challenge

ROLES = ["anonymous", "outsider", "moderator", "staff", "owner"]
PHASES = {
    "ideas": [Action.SUBMIT, Action.REMIX, Action.SUPPORT],
    "support-only": [Action.SUPPORT],
    "review": [Action.REVIEW],
    "none": None,
}


def _person(role: str, organization, owner):
    if role == "anonymous":
        return AnonymousUser()
    if role == "owner":
        return owner
    person = UserFactory()
    if role != "outsider":
        Membership.objects.create(organization=organization, user=person, role=Role(role))
    return person


def _challenge(owner, organization, phase: str, visibility: Visibility):
    challenge = make_challenge(
        owner, organization, visibility=visibility, actions=PHASES[phase] or [Action.REVIEW]
    )
    if PHASES[phase] is None:  # move the only phase into the past
        Phase.objects.filter(challenge=challenge).update(
            starts_at=timezone.now() - timedelta(days=9), ends_at=timezone.now() - timedelta(days=2)
        )
    return challenge


def _expected(role: str, phase: str, visibility: Visibility, action: Action) -> dict[str, bool]:
    member = role in {"moderator", "staff", "owner"}
    sees = visibility != Visibility.PRIVATE or member
    signed_in = role != "anonymous"
    opens = PHASES[phase] is not None and action in PHASES[phase]
    return {
        "view": sees,
        "act": signed_in and sees and opens,
    }


@pytest.mark.parametrize("visibility", [Visibility.PUBLIC, Visibility.PRIVATE])
@pytest.mark.parametrize("phase", list(PHASES))
@pytest.mark.parametrize("role", ROLES)
def test_roles_by_phases(db, owner, organization, role, phase, visibility):
    challenge = _challenge(owner, organization, phase, visibility)
    person = _person(role, organization, owner)
    challenge = type(challenge).objects.prefetch_related("phases").get(pk=challenge.pk)

    submit = _expected(role, phase, visibility, Action.SUBMIT)
    support = _expected(role, phase, visibility, Action.SUPPORT)
    assert rules.has_perm("challenges.view_challenge", person, challenge) is submit["view"]
    assert rules.has_perm("challenges.open_toolkit", person, challenge) is submit["view"]
    assert rules.has_perm("challenges.submit_proposal", person, challenge) is submit["act"]
    assert rules.has_perm("challenges.support_proposals", person, challenge) is support["act"]
    assert rules.has_perm("challenges.change_challenge", person, challenge) is (
        role in {"staff", "owner"}
    )


def test_unlisted_is_visible_by_link_but_not_listed(db, owner, organization, client):
    make_challenge(owner, organization, slug="quiet", visibility=Visibility.UNLISTED)
    assert client.get("/c/quiet/").status_code == 200
    assert b"/c/quiet/" not in client.get("/").content


# A few cells written out by hand, so a wrong rule cannot hide behind a wrong oracle above.
@pytest.mark.parametrize(
    ("role", "phase", "visibility", "view", "submit", "support"),
    [
        ("anonymous", "ideas", Visibility.PUBLIC, True, False, False),
        ("outsider", "ideas", Visibility.PUBLIC, True, True, True),
        ("outsider", "support-only", Visibility.PUBLIC, True, False, True),
        ("outsider", "support-only", Visibility.PRIVATE, False, False, False),
        ("outsider", "review", Visibility.PUBLIC, True, False, False),
        ("moderator", "none", Visibility.PRIVATE, True, False, False),
        ("staff", "none", Visibility.PRIVATE, True, False, False),
        ("owner", "support-only", Visibility.PRIVATE, True, False, True),
    ],
)
def test_hand_written_cells(
    db, owner, organization, role, phase, visibility, view, submit, support
):
    challenge = _challenge(owner, organization, phase, visibility)
    person = _person(role, organization, owner)
    assert rules.has_perm("challenges.view_challenge", person, challenge) is view
    assert rules.has_perm("challenges.submit_proposal", person, challenge) is submit
    assert rules.has_perm("challenges.support_proposals", person, challenge) is support
