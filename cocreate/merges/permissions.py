"""Who may merge and unmerge proposals; registered from MergesConfig.ready (object: the
challenge)."""

from __future__ import annotations

import rules

from cocreate.challenges.permissions import is_challenge_staff

# The organization's owners and staff: a merge moves residents' backing, as an answer does.
rules.add_perm("merges.merge_proposals", rules.is_authenticated & is_challenge_staff)
