"""Who may keep a proposal's progress record and its private notes; registered from
TrackingConfig.ready (object: the proposal, or for the `_in_challenge` rules, the challenge)."""

from __future__ import annotations

import rules

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.challenges.permissions import on_its_challenge
from cocreate.organizations.roles import reviews_in


@rules.predicate
def reviews_its_organization(user: Actor, challenge: Challenge) -> bool:
    return reviews_in(user, challenge.organization_id)


# The public record is the organization's word: its staff (and admins) keep it.
rules.add_perm("tracking.manage_progress", on_its_challenge("challenges.change_challenge"))
# Private notes and the checklist: staff, admins and reviewers read and write them.
rules.add_perm(
    "tracking.keep_notes_in_challenge", rules.is_authenticated & reviews_its_organization
)
rules.add_perm("tracking.keep_notes", on_its_challenge("tracking.keep_notes_in_challenge"))
