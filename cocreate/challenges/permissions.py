"""Who may do what on a challenge, declared once as django-rules predicates (phase-aware)."""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from cocreate.accounts.actors import Actor
from cocreate.organizations.roles import is_staff_of

from .models import Action, Challenge


def open_actions(challenge: Challenge) -> set[str]:
    """Actions opened by the phase running now. Uses prefetched phases when present."""
    now = timezone.now()
    for phase in challenge.phases.all():
        if phase.starts_at <= now < phase.ends_at:
            return set(phase.actions)
    return set()


@rules.predicate
def can_see(user: Actor, challenge: Challenge) -> bool:
    return challenge.is_visible_to(user)


@rules.predicate
def is_challenge_staff(user: Actor, challenge: Challenge) -> bool:
    return is_staff_of(user, challenge.organization_id)


def phase_opens(action: Action) -> Any:
    @rules.predicate(name=f"phase_opens_{action.value}")
    def predicate(user: Actor, challenge: Challenge) -> bool:
        return action.value in open_actions(challenge)

    return predicate


def on_its_challenge(permission: str) -> Any:
    """A predicate on a row that belongs to a challenge (a proposal): `permission`, asked of
    that challenge, so the challenge's phase and visibility rules are stated once."""

    @rules.predicate(name=f"{permission}_on_its_challenge")
    def predicate(user: Actor, row: Any) -> bool:
        return bool(rules.has_perm(permission, user, row.challenge))

    return predicate


is_authenticated = rules.is_authenticated

rules.add_perm("challenges.view_challenge", can_see)
# Trying changes in the toolkit needs no account: anyone who can see the challenge may.
rules.add_perm("challenges.open_toolkit", can_see)
# Only the running phase opens submitting and supporting, for staff too: what residents count
# is what residents did (staff keep their powers to change and moderate).
rules.add_perm(
    "challenges.submit_proposal", is_authenticated & can_see & phase_opens(Action.SUBMIT)
)
rules.add_perm(
    "challenges.support_proposals", is_authenticated & can_see & phase_opens(Action.SUPPORT)
)
rules.add_perm("challenges.change_challenge", is_authenticated & is_challenge_staff)
# Publishing opens a draft to the people its visibility allows: the organization's staff do it.
rules.add_perm("challenges.publish_challenge", is_authenticated & is_challenge_staff)
