"""Who holds which role where, looked up once per request and memoised on the user object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Membership, Role

if TYPE_CHECKING:
    from cocreate.accounts.actors import Actor

_CACHE_ATTR = "_cocreate_roles"


def roles_of(user: Actor | None) -> dict[int, str]:
    """Map organization id -> role for `user`; one query per request, none for anonymous users."""
    if user is None or not user.is_authenticated:
        return {}
    cached: dict[int, str] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Actor) -> None:
    """Drop the memo after a membership changes within the same request or test."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_in(user: Actor, organization_id: int) -> str | None:
    return roles_of(user).get(organization_id)


def is_member(user: Actor, organization_id: int) -> bool:
    return organization_id in roles_of(user)


STAFF_ROLES = frozenset({Role.OWNER, Role.STAFF})
# Who may see what moderation hid, and decide on reports.
MODERATING_ROLES = frozenset({Role.OWNER, Role.STAFF, Role.MODERATOR})


def is_admin_of(user: Actor, organization_id: int) -> bool:
    return role_in(user, organization_id) == Role.OWNER


def is_staff_of(user: Actor, organization_id: int) -> bool:
    return role_in(user, organization_id) in STAFF_ROLES


def staffed_organizations(user: Actor) -> set[int]:
    """The organizations `user` runs as owner or staff (`is_staff_of` for each): what the admin
    shows them."""
    return {org for org, role in roles_of(user).items() if role in STAFF_ROLES}


# Who may score proposals (on top of what they are assigned) and who sits on a contest's jury.
REVIEWING_ROLES = frozenset({Role.OWNER, Role.STAFF, Role.REVIEWER})
JUDGING_ROLES = frozenset({Role.JUDGE})


def reviews_in(user: Actor, organization_id: int) -> bool:
    return role_in(user, organization_id) in REVIEWING_ROLES


def judges_in(user: Actor, organization_id: int) -> bool:
    return role_in(user, organization_id) in JUDGING_ROLES


def moderates(user: Actor, organization_id: int) -> bool:
    return role_in(user, organization_id) in MODERATING_ROLES
