"""Test data built through the same services the product uses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.challenges.models import Action, Challenge, Visibility
from cocreate.challenges.services import challenge_create, phase_add
from cocreate.organizations.models import Membership, Organization, Role
from cocreate.organizations.services import organization_create
from cocreate.proposals.models import Proposal
from cocreate.proposals.services import proposal_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


def make_organization(owner: User, slug: str = "auckland-transport") -> Organization:
    return organization_create(actor=owner, name=slug.replace("-", " ").title(), slug=slug)


def make_member(organization: Organization, role: Role, **user: Any) -> User:
    """A person holding `role` in `organization` (granted directly, as an owner would)."""
    person = UserFactory(**user)
    Membership.objects.create(organization=organization, user=person, role=role)
    return person


def make_challenge(
    owner: User,
    organization: Organization,
    *,
    slug: str = "dominion-road",
    visibility: Visibility = Visibility.PUBLIC,
    actions: list[Action] | None = None,
    toolkit_id: str = "dominion-road",
) -> Challenge:
    """A Dominion Road challenge whose current phase opens `actions` (default: submit, support)."""
    challenge = challenge_create(
        actor=owner,
        organization=organization,
        slug=slug,
        title=f"Challenge {slug}",
        brief="Design **Dominion Road**.",
        toolkit_id=toolkit_id,
        visibility=visibility,
    )
    if actions is None:
        actions = [Action.SUBMIT, Action.REMIX, Action.SUPPORT]
    now = timezone.now()
    phase_add(
        actor=owner,
        challenge=challenge,
        name="Open",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=30),
        actions=actions,
    )
    return challenge


def make_proposal(
    challenge: Challenge,
    author: User,
    *,
    title: str = "Wider footpaths",
    design: dict[str, Any] | None = None,
    parent: Proposal | None = None,
) -> Proposal:
    return proposal_create(
        actor=author,
        challenge=challenge,
        design=design if design is not None else challenge.baseline,
        title=title,
        rationale="Because people walk here.",
        parent=parent,
    )


def earn_trust(user: User, challenge: Challenge) -> User:
    """An account past the new-account limits: a day old, with three proposals on `challenge`
    that moderation left standing (see cocreate/moderation/limits.py)."""
    user.date_joined = timezone.now() - timedelta(days=2)
    user.save(update_fields=["date_joined"])
    for n in range(3):
        make_proposal(challenge, user, title=f"Earlier idea {n}")
    return user
