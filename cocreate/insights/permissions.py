"""Who may read and run a challenge's insights; registered from InsightsConfig.ready (object: the
challenge). The organization's admins and staff read the full report, compute it and choose
whether a summary is public; everyone else sees only that summary, where the challenge is
visible to them."""

from __future__ import annotations

import rules

from cocreate.challenges.permissions import is_challenge_staff

rules.add_perm("insights.view_insights", rules.is_authenticated & is_challenge_staff)
rules.add_perm("insights.change_insights", rules.is_authenticated & is_challenge_staff)
