"""Who may use a challenge's review board; registered from BoardConfig.ready (object: the
challenge)."""

from __future__ import annotations

import rules

from cocreate.challenges.permissions import is_challenge_staff
from cocreate.organizations.permissions import reviews_for_organization

# The organization's admins, staff and reviewers read the board (hidden proposals included);
# only admins and staff answer from it, as they do on a proposal's page.
rules.add_perm("board.view_board", rules.is_authenticated & reviews_for_organization)
rules.add_perm("board.change_statuses", rules.is_authenticated & is_challenge_staff)
