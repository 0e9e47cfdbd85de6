"""The organization's half of the demo: Auckland Transport's people and roles, its answers to
a third of Dominion Road's proposals (two duplicates merged), reviewers' scores, progress on
what it accepted and the as-built street, and the "Best bus stop" contest judged and published.
Each step goes through the services the workspace's pages use, and each is idempotent."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from cocreate.challenges.models import Challenge

from .audit import demo_roles
from .bus_stop import bus_stop_entries, judging_over
from .contests import seed_contest
from .decisions import demo_answers
from .merges import merge_duplicates
from .reviews import REVIEWERS, seed_reviews
from .tracking import track
from .workspace import best_bus_stop

Progress = Callable[[str, int, int], None]


def run_the_organization(
    dominion_road: Challenge,
    *,
    owner: Any,
    residents: Sequence[Any],
    person: Callable[[str, str], Any],
    report: Progress,
) -> Challenge:
    """Play Auckland Transport's staff on `dominion_road` (as `owner`, its admin) and open the
    contest; `person(username, email)` finds or makes a demo account. Returns the contest."""
    organization = dominion_road.organization
    demo_roles(organization=organization, owner=owner, person=person)
    answered = demo_answers(dominion_road, owner, random.Random(4026))
    report("answers", answered, answered)
    merge_duplicates(dominion_road, pairs=2)
    scored = seed_reviews(
        dominion_road, [person(*pair) for pair in REVIEWERS], rng=random.Random(5026)
    )
    report("review scores", scored, scored)
    track(challenge=dominion_road, staff=owner, rng=random.Random(6026))
    contest = best_bus_stop(actor=owner, organization=organization)
    entries = bus_stop_entries(contest, residents)
    judging_over(contest)
    seed_contest(contest, staff=owner, residents=residents)
    report("contest entries", len(entries), len(entries))
    return contest
