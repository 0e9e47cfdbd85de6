"""Search fixtures: the running challenge also opens commenting, so comments can be searched."""

from __future__ import annotations

import pytest

from cocreate.accounts.models import User
from cocreate.challenges.models import Action, Challenge
from cocreate.organizations.models import Organization

from ..factories import make_challenge

OPEN = [Action.SUBMIT, Action.REMIX, Action.SUPPORT, Action.COMMENT]


@pytest.fixture
def challenge(owner: User, organization: Organization) -> Challenge:
    return make_challenge(owner, organization, actions=OPEN)
