"""Who may answer proposals; registered from DecisionsConfig.ready (object: the proposal)."""

from __future__ import annotations

import rules

from cocreate.challenges.permissions import on_its_challenge

# The organization's staff (and admins) answer; reviewers score, judges judge, neither answers.
rules.add_perm("decisions.answer_proposal", on_its_challenge("challenges.change_challenge"))
