"""What each role may do in its organization, declared once; registered from
OrganizationsConfig.ready.

The predicates take the organization, or any row that reaches one (a challenge, a proposal, a
membership), so other apps' rules say "staff of the proposal's organization" without restating
which roles that means. The capabilities (object: the organization):

| role               | members, log | run challenges* | review board | judge | moderate |
|--------------------|--------------|-----------------|--------------|-------|----------|
| Organization admin | yes          | yes             | yes          |       | yes      |
| Staff              |              | yes             | yes          |       | yes      |
| Reviewer           |              |                 | yes          |       |          |
| Judge              |              |                 |              | yes   |          |
| Moderator          |              |                 |              |       | yes      |

*create and edit challenges, answer proposals, merge, assign reviewers, run contests.
The log is `audit.view_log`; moderation's own rule is `moderation.moderate`.
`tests/organizations/test_permission_matrix.py` pins this table.
"""

from __future__ import annotations

from typing import Any

import rules

from cocreate.accounts.actors import Actor

from .models import Organization
from .roles import is_admin_of, is_staff_of, judges_in, moderates, reviews_in


def organization_id_of(row: Any) -> int:
    """The organization a row belongs to: itself, its `organization_id`, or its challenge's."""
    if isinstance(row, Organization):
        return int(row.pk)
    if hasattr(row, "organization_id"):
        return int(row.organization_id)
    return int(row.challenge.organization_id)


@rules.predicate
def owns_organization(user: Actor, row: Any) -> bool:
    return is_admin_of(user, organization_id_of(row))


@rules.predicate
def staffs_organization(user: Actor, row: Any) -> bool:
    return is_staff_of(user, organization_id_of(row))


@rules.predicate
def reviews_for_organization(user: Actor, row: Any) -> bool:
    return reviews_in(user, organization_id_of(row))


@rules.predicate
def judges_for_organization(user: Actor, row: Any) -> bool:
    return judges_in(user, organization_id_of(row))


@rules.predicate
def moderates_for_organization(user: Actor, row: Any) -> bool:
    return moderates(user, organization_id_of(row))


is_authenticated = rules.is_authenticated

rules.add_perm("organizations.add_organization", is_authenticated)
# Admins: who is a member and with which role (the members page, `membership_set/remove`).
rules.add_perm("organizations.change_membership", is_authenticated & owns_organization)
# Staff and admins run challenges: create and edit them, answer, merge, assign reviewers,
# run contests. The challenge-level twin is `challenges.change_challenge`.
rules.add_perm("organizations.add_challenge", is_authenticated & staffs_organization)
# Reviewers see the review board (and score what they are assigned), as staff do.
rules.add_perm("organizations.view_board", is_authenticated & reviews_for_organization)
# Judges score contests (a contest's jury narrows this to the invited judges).
rules.add_perm("organizations.judge_contests", is_authenticated & judges_for_organization)
# Admins read the audit log of everything their people did (the audit app sits below this one,
# so its one rule is declared here with the others).
rules.add_perm("audit.view_log", is_authenticated & owns_organization)
