"""Who may comment: declared once, phase-aware, registered from CommunityConfig.ready."""

from __future__ import annotations

import rules

from cocreate.challenges.models import Action
from cocreate.challenges.permissions import can_see, is_challenge_staff, phase_opens

rules.add_perm(
    "challenges.comment",
    rules.is_authenticated & can_see & (phase_opens(Action.COMMENT) | is_challenge_staff),
)
