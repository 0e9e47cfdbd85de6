"""Who may report and who may moderate, declared once; registered from ModerationConfig.ready."""

from __future__ import annotations

from typing import Any

import rules

from cocreate.challenges.permissions import can_see
from cocreate.organizations.models import Organization, Role
from cocreate.organizations.roles import role_in

MODERATING_ROLES = frozenset({Role.OWNER, Role.STAFF, Role.MODERATOR})


@rules.predicate
def moderates(user: Any, organization: Organization) -> bool:
    return role_in(user, organization.pk) in MODERATING_ROLES


# Reporting needs an account and sight of the challenge (object: the challenge).
rules.add_perm("moderation.report", rules.is_authenticated & can_see)
# The queue, its decisions and the log (object: the organization).
rules.add_perm("moderation.moderate", rules.is_authenticated & moderates)
