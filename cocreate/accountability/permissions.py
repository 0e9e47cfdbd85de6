"""Who may publish a challenge's as-built design; registered from AccountabilityConfig.ready."""

from __future__ import annotations

import rules

from cocreate.challenges.permissions import is_authenticated, is_challenge_staff

rules.add_perm("accountability.publish_as_built", is_authenticated & is_challenge_staff)
