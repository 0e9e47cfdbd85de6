"""A challenge open for submitting and commenting, a proposal on it, and a moderator."""

from __future__ import annotations

import pytest

from cocreate.challenges.models import Action
from cocreate.organizations.models import Membership, Role

from ..factories import UserFactory, earn_trust, make_challenge, make_proposal

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
def elsewhere(owner, organization):
    """Another challenge, where reporters made the contributions that earned them trust."""
    return make_challenge(owner, organization, slug="elsewhere")


@pytest.fixture
def reporters(elsewhere):
    """Three people whose reports hide content (trusted: a day old, three proposals)."""
    return [earn_trust(UserFactory(username=f"reporter{i}"), elsewhere) for i in range(3)]
