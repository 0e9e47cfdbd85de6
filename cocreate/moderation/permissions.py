"""Who may report and who may moderate, declared once; registered from ModerationConfig.ready."""

from __future__ import annotations

import rules

from cocreate.accounts.actors import Actor
from cocreate.challenges.permissions import can_see
from cocreate.organizations.models import Organization
from cocreate.organizations.roles import moderates


@rules.predicate
def moderates_organization(user: Actor, organization: Organization) -> bool:
    return moderates(user, organization.pk)


# Reporting needs an account and sight of the challenge (object: the challenge).
rules.add_perm("moderation.report", rules.is_authenticated & can_see)
# The queue, its decisions and the log (object: the organization).
rules.add_perm("moderation.moderate", rules.is_authenticated & moderates_organization)
