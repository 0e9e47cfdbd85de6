"""Shared fixtures: an organization with its owner, a running Dominion Road challenge, people."""

from __future__ import annotations

import pytest

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.organizations.models import Organization

from .factories import UserFactory, make_challenge, make_organization


@pytest.fixture
def owner(db: None) -> User:
    return UserFactory(username="owner")


@pytest.fixture
def organization(owner: User) -> Organization:
    return make_organization(owner)


@pytest.fixture
def challenge(owner: User, organization: Organization) -> Challenge:
    return make_challenge(owner, organization)


@pytest.fixture
def resident(db: None) -> User:
    return UserFactory(username="resident")


@pytest.fixture
def other(db: None) -> User:
    return UserFactory(username="other")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache, as a fresh server would."""
    from django.core.cache import cache

    cache.clear()
