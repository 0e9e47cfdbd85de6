"""The review board's people: the organization's staff and a reviewer, and an outsider's org."""

from __future__ import annotations

import pytest

from cocreate.accounts.models import User
from cocreate.organizations.models import Organization, ProposalStatus, Role

from ..factories import make_member


@pytest.fixture
def staff(organization: Organization) -> User:
    return make_member(organization, Role.STAFF, username="officer")


@pytest.fixture
def reviewer(organization: Organization) -> User:
    return make_member(organization, Role.REVIEWER, username="reviewer")


@pytest.fixture
def statuses(organization: Organization) -> dict[str, ProposalStatus]:
    """The organization's default statuses by name."""
    return {s.name: s for s in ProposalStatus.objects.filter(organization=organization)}
