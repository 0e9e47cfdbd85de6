"""Who may run the scorecard and who may score; registered from ReviewsConfig.ready.

Objects: a challenge for the scorecard, reviewer assignment and results; a proposal for
scoring it."""

from __future__ import annotations

import rules

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.challenges.permissions import is_challenge_staff
from cocreate.organizations.roles import is_staff_of, reviews_in
from cocreate.proposals.models import Proposal

from .models import Assignment


@rules.predicate
def reviews_for_organization(user: Actor, challenge: Challenge) -> bool:
    return reviews_in(user, challenge.organization_id)


@rules.predicate
def staff_of_proposal(user: Actor, proposal: Proposal) -> bool:
    return is_staff_of(user, proposal.challenge.organization_id)


@rules.predicate
def assigned_reviewer(user: Actor, proposal: Proposal) -> bool:
    """A reviewing member of the proposal's organization whom staff assigned to it (a
    reviewer whose role was since taken away no longer scores)."""
    return reviews_in(user, proposal.challenge.organization_id) and (
        Assignment.objects.filter(proposal=proposal, reviewer_id=user.pk).exists()
    )


run_scorecard = rules.is_authenticated & is_challenge_staff

# Staff (and admins) write the scorecard, assign reviewers and read the results.
rules.add_perm("reviews.change_scorecard", run_scorecard)
rules.add_perm("reviews.assign_reviewers", run_scorecard)
rules.add_perm("reviews.view_scores", run_scorecard)
# The door to a challenge's scoring pages: its reviewing members (reviewers, staff, admins).
rules.add_perm("reviews.review", rules.is_authenticated & reviews_for_organization)
# Scoring one proposal: staff, or a reviewer assigned to it.
rules.add_perm(
    "reviews.score_proposal", rules.is_authenticated & (staff_of_proposal | assigned_reviewer)
)
