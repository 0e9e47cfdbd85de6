"""The one door to every staff page of an organization (`manage/<org>/…`)."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cocreate.accounts.actors import Actor

from .models import Organization
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
