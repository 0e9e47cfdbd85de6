"""Roles × permissions, written out in full: what each role of an organization may do there
(the table in cocreate/organizations/permissions.py), and that nobody from outside may."""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from cocreate.organizations.models import Role
from cocreate.organizations.roles import forget_roles

from ..factories import UserFactory, make_member, make_organization, make_proposal

# permission: the object it is asked about
PERMISSIONS = {
    "organizations.change_membership": "organization",
    "audit.view_log": "organization",
    "organizations.add_challenge": "organization",
    "challenges.change_challenge": "challenge",
    "decisions.answer_proposal": "proposal",
    "organizations.view_board": "organization",
    "organizations.judge_contests": "organization",
    "moderation.moderate": "organization",
}
Y, X = True, False
# columns in the order of PERMISSIONS
MATRIX = {
    "owner":          (Y, Y, Y, Y, Y, Y, X, Y),
    "staff":          (X, X, Y, Y, Y, Y, X, Y),
    "reviewer":       (X, X, X, X, X, Y, X, X),
    "judge":          (X, X, X, X, X, X, Y, X),
    "moderator":      (X, X, X, X, X, X, X, Y),
    "resident":       (X, X, X, X, X, X, X, X),
    "other-owner":    (X, X, X, X, X, X, X, X),  # an admin of another organization
    "anonymous":      (X, X, X, X, X, X, X, X),
}  # fmt: skip


@pytest.fixture
def world(owner, organization, challenge, resident):
    other_owner = UserFactory(username="other-owner")
    make_organization(other_owner, slug="elsewhere")
    people = {
        "owner": owner,
        "staff": make_member(organization, Role.STAFF),
        "reviewer": make_member(organization, Role.REVIEWER),
        "judge": make_member(organization, Role.JUDGE),
        "moderator": make_member(organization, Role.MODERATOR),
        "resident": resident,
        "other-owner": other_owner,
        "anonymous": AnonymousUser(),
    }
    objects = {
        "organization": organization,
        "challenge": challenge,
        "proposal": make_proposal(challenge, resident),
    }
    return people, objects


def test_every_declared_capability_is_in_the_matrix():
    declared = {
        name
        for name in rules.permissions.permissions
        if name.startswith(("organizations.", "audit."))
    }
    assert declared - {"organizations.add_organization"} <= set(PERMISSIONS)


@pytest.mark.parametrize("who", list(MATRIX))
def test_roles_and_permissions(world, who):
    people, objects = world
    user = people[who]
    forget_roles(user)
    found = tuple(
        rules.has_perm(permission, user, objects[target])
        for permission, target in PERMISSIONS.items()
    )
    assert dict(zip(PERMISSIONS, found, strict=True)) == dict(
        zip(PERMISSIONS, MATRIX[who], strict=True)
    )


def test_anyone_signed_in_may_found_an_organization(world):
    people, _objects = world
    assert rules.has_perm("organizations.add_organization", people["resident"])
    assert not rules.has_perm("organizations.add_organization", people["anonymous"])
