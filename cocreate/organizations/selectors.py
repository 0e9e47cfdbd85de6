"""The one door to every staff page of an organization (`manage/<org>/…`)."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, When
from django.db.models.functions import Lower
from django.http import Http404

from cocreate.accounts.actors import Actor
from cocreate.accounts.models import User

from .models import Membership, Organization, Role
from .roles import is_member


def organization_for_staff(*, slug: str, user: Actor, permission: str) -> Organization:
    """The organization whose staff page `user` asks for, if `permission` allows them. People
    outside the organization get a 404, as if it had no such page; its members without the
    role get a 403, which tells them to ask their admin. The tenant-isolation matrix
    (`tests/workspace/test_tenant_isolation.py`) walks every `manage/` URL through this."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None or not is_member(user, organization.pk):
        raise Http404
    if not rules.has_perm(permission, user, organization):
        raise PermissionDenied
    return organization


def members_of(*, organization: Organization) -> list[Membership]:
    """The organization's people with their roles, admins first, then by name; one query."""
    order = Case(*(When(role=role, then=n) for n, role in enumerate(Role.values)))
    return list(
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .only("id", "role", "created_at", "organization_id", "user__id", "user__username")
        .order_by(order, Lower("user__username"), "pk")
    )


def account_named(handle: str) -> User | None:
    """The active account whose username or email is `handle` (either, ignoring case): how an
    admin names a person to add."""
    handle = handle.strip()
    if not handle:
        return None
    found = User.objects.filter(
        Q(username__iexact=handle) | Q(email__iexact=handle), is_active=True
    )
    # A username typed exactly wins over another account's email spelled the same.
    return found.order_by(
        Case(When(username=handle, then=0), When(username__iexact=handle, then=1), default=2), "pk"
    ).first()


def member_of(*, organization: Organization, pk: int) -> User | None:
    """The account `pk` if it is a member of `organization` (None otherwise, or gone)."""
    return User.objects.filter(pk=pk, memberships__organization=organization).first()
