"""Writes on organizations and memberships."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cocreate.accounts.actors import Actor, signed_in
from cocreate.accounts.models import User

from .defaults import DEFAULT_STATUSES
from .models import Membership, Organization, ProposalStatus, Role
from .roles import forget_roles


@transaction.atomic
def organization_create(*, actor: Actor, name: str, slug: str) -> Organization:
    """Anyone signed in may found an organization; they become its owner."""
    if not rules.has_perm("organizations.add_organization", actor):
        raise PermissionDenied
    actor = signed_in(actor)  # the rule refused anonymous visitors
    organization = Organization.objects.create(name=name, slug=slug)
    Membership.objects.create(organization=organization, user=actor, role=Role.OWNER)
    forget_roles(actor)
    default_statuses_add(organization)
    return organization


def default_statuses_add(organization: Organization) -> list[ProposalStatus]:
    """Give a new organization the default statuses (Under review … Merged), each with its
    answer template, so its staff can answer from the first day."""
    return ProposalStatus.objects.bulk_create(
        ProposalStatus(
            organization=organization,
            name=name,
            colour=colour,
            stage=stage,
            closes=closes,
            template=template,
            position=position,
        )
        for position, (name, colour, stage, closes, template) in enumerate(DEFAULT_STATUSES)
    )


@transaction.atomic
def membership_set(
    *, actor: Actor, organization: Organization, user: User, role: Role
) -> Membership:
    """Owners grant or change roles."""
    if not rules.has_perm("organizations.change_membership", actor, organization):
        raise PermissionDenied
    membership, _ = Membership.objects.update_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    forget_roles(user)
    return membership
