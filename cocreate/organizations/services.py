"""Writes on organizations and memberships."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cocreate.accounts.actors import Actor, signed_in
from cocreate.accounts.models import User
from cocreate.audit.services import audit_record

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


LAST_ADMIN = _lazy("%(who)s is the last organization admin: make someone else an admin first.")


def _locked(organization: Organization, user: User) -> tuple[Membership | None, bool]:
    """`user`'s membership, and whether they are the organization's only admin. The admins'
    rows are locked first, in one order, so two admins demoting each other at once wait for
    each other instead of leaving the organization with none (or deadlocking)."""
    admins = list(
        Membership.objects.select_for_update()
        .filter(organization=organization, role=Role.OWNER)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    membership = (
        Membership.objects.select_for_update().filter(organization=organization, user=user).first()
    )
    return membership, admins == [user.pk]


@transaction.atomic
def membership_set(
    *, actor: Actor, organization: Organization, user: User, role: Role | str
) -> Membership:
    """Admins add a person with a role or change their role; setting the role they hold
    changes nothing. The last admin keeps their role: the organization would have no one to
    grant roles or read its log."""
    if not rules.has_perm("organizations.change_membership", actor, organization):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": [_("Choose one of the roles.")]})
    role = Role(role)
    membership, last_admin = _locked(organization, user)
    if membership is not None and membership.role == role:
        return membership
    if membership is None:
        membership = Membership.objects.create(organization=organization, user=user, role=role)
        action, before = "organizations.member_add", {}
    else:
        if last_admin:
            raise ValidationError({"role": [LAST_ADMIN % {"who": user.username}]})
        before = {"role": str(Role(membership.role).label)}
        Membership.objects.filter(pk=membership.pk).update(role=role)
        membership.role = role
        action = "organizations.role_change"
    audit_record(
        actor=actor,
        organization=organization,
        action=action,
        target=user,
        before=before,
        after={"role": str(role.label)},
    )
    forget_roles(user)
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, organization: Organization, user: User) -> bool:
    """Admins take a person out of the organization; False when they were not in it (a second
    click changes nothing). The last admin stays."""
    if not rules.has_perm("organizations.change_membership", actor, organization):
        raise PermissionDenied
    membership, last_admin = _locked(organization, user)
    if membership is None:
        return False
    if last_admin:
        raise ValidationError(LAST_ADMIN % {"who": user.username})
    Membership.objects.filter(pk=membership.pk).delete()
    audit_record(
        actor=actor,
        organization=organization,
        action="organizations.member_remove",
        target=user,
        before={"role": str(Role(membership.role).label)},
    )
    forget_roles(user)
    return True
