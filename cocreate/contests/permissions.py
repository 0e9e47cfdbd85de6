"""Who may run, judge and vote in a contest; registered from ContestsConfig.ready (object: the
challenge)."""

from __future__ import annotations

import rules

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.challenges.permissions import can_see, is_challenge_staff

from .models import Juror


@rules.predicate
def sits_on_jury(user: Actor, challenge: Challenge) -> bool:
    return user.is_authenticated and (
        Juror.objects.filter(contest__challenge=challenge, user=user).exists()
    )


is_authenticated = rules.is_authenticated

# Staff run the contest: its jury, rounds, prizes, vote and results.
rules.add_perm("contests.change_contest", is_authenticated & is_challenge_staff)
# Jurors score; staff follow the judging on the same pages, without scoring.
rules.add_perm("contests.judge", is_authenticated & sits_on_jury)
rules.add_perm("contests.view_judging", is_authenticated & (is_challenge_staff | sits_on_jury))
# Residents who can see the challenge vote (the service checks that the vote is open).
rules.add_perm("contests.vote", is_authenticated & can_see)
