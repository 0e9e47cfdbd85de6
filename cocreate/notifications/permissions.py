"""Who may follow what; registered from NotificationsConfig.ready (object: the target)."""

from __future__ import annotations

import rules

from cocreate.accounts.actors import Actor
from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.proposals.models import Proposal


@rules.predicate
def can_see_target(user: Actor, target: Challenge | Proposal | User) -> bool:
    """A challenge or proposal as its page decides; a person may always be followed (their
    news reaches a follower only where the follower may see it)."""
    if isinstance(target, Challenge | Proposal):
        return target.is_visible_to(user)
    return True


rules.add_perm("notifications.follow", rules.is_authenticated & can_see_target)
