"""Who may answer proposals and configure statuses; registered from DecisionsConfig.ready."""

from __future__ import annotations

import rules

from cocreate.challenges.permissions import on_its_challenge
from cocreate.organizations.permissions import staffs_organization

# The organization's staff (and admins) answer; reviewers score, judges judge, neither answers
# (object: the proposal).
rules.add_perm("decisions.answer_proposal", on_its_challenge("challenges.change_challenge"))
# Staff (and admins) name the statuses they answer with (object: the organization).
rules.add_perm("decisions.configure_statuses", rules.is_authenticated & staffs_organization)
