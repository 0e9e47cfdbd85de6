"""The workspace's people: the organization's staff, and a draft challenge of theirs."""

from __future__ import annotations

import pytest

from cocreate.challenges.models import Challenge
from cocreate.challenges.services import challenge_create
from cocreate.organizations.models import Organization, Role

from ..factories import make_member


@pytest.fixture
def staff(organization: Organization):  # type: ignore[no-untyped-def]
    return make_member(organization, Role.STAFF, username="staffer")


@pytest.fixture
def draft(owner, organization: Organization) -> Challenge:  # type: ignore[no-untyped-def]
    return challenge_create(
        actor=owner,
        organization=organization,
        slug="bus-stops",
        title="Better bus stops",
        toolkit_id="street-section",
        publish=False,
    )
