"""Who may back a proposal; registered from ProposalsConfig.ready (object: the proposal).

The challenge's rules (its phase, who may see it) decide first; a proposal that moderation hid
takes no supports, oppositions or pledges, whoever asks (its page is gone for them anyway)."""

from __future__ import annotations

import rules

from cocreate.accounts.actors import Actor
from cocreate.challenges.permissions import on_its_challenge

from .models import Proposal


@rules.predicate
def is_listable(user: Actor, proposal: Proposal) -> bool:
    return not proposal.hidden


challenge_takes_support = on_its_challenge("challenges.support_proposals")


# Support, oppose and pledge.
rules.add_perm("proposals.back_proposal", is_listable & challenge_takes_support)
# Withdrawing a support or opposition follows the challenge's phase; a pledge is one's own.
rules.add_perm("proposals.withdraw_support", challenge_takes_support)
rules.add_perm("proposals.withdraw_pledge", rules.is_authenticated)
