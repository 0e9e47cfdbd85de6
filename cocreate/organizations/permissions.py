"""Who may found, staff and open challenges in an organization; registered from
OrganizationsConfig.ready (object: the organization)."""

from __future__ import annotations

import rules

from cocreate.accounts.actors import Actor

from .models import Organization, Role
from .roles import is_staff_of, role_in


@rules.predicate
def owns_organization(user: Actor, organization: Organization) -> bool:
    return role_in(user, organization.pk) == Role.OWNER


@rules.predicate
def staffs_organization(user: Actor, organization: Organization) -> bool:
    return is_staff_of(user, organization.pk)


rules.add_perm("organizations.add_organization", rules.is_authenticated)
rules.add_perm("organizations.change_membership", rules.is_authenticated & owns_organization)
rules.add_perm("organizations.add_challenge", rules.is_authenticated & staffs_organization)
