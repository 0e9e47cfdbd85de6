"""A challenge open for submitting and commenting, a proposal on it, and a moderator."""

from __future__ import annotations

import pytest

from cocreate.challenges.models import Action
from cocreate.organizations.models import Membership, Role

from ..factories import UserFactory, make_challenge, make_proposal

OPEN = [Action.SUBMIT, Action.COMMENT, Action.SUPPORT]


@pytest.fixture
def talk(owner, organization):
    return make_challenge(owner, organization, slug="talk", actions=OPEN)


@pytest.fixture
def proposal(talk, resident):
    return make_proposal(talk, resident)


@pytest.fixture
def moderator(organization):
    user = UserFactory(username="mod")
    Membership.objects.create(organization=organization, user=user, role=Role.MODERATOR)
    return user


@pytest.fixture
def reporters(db):
    return [UserFactory(username=f"reporter{i}") for i in range(3)]
