"""Writes on organizations and memberships."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Membership, Organization, Role
from .roles import forget_roles, role_in


@transaction.atomic
def organization_create(*, actor: Any, name: str, slug: str) -> Organization:
    """Anyone signed in may found an organization; they become its owner."""
    if not actor.is_authenticated:
        raise PermissionDenied
    organization = Organization.objects.create(name=name, slug=slug)
    Membership.objects.create(organization=organization, user=actor, role=Role.OWNER)
    forget_roles(actor)
    return organization


@transaction.atomic
def membership_set(*, actor: Any, organization: Organization, user: Any, role: Role) -> Membership:
    """Owners grant or change roles."""
    if role_in(actor, organization.pk) != Role.OWNER:
        raise PermissionDenied
    membership, _ = Membership.objects.update_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    forget_roles(user)
    return membership
