"""The demo's contest: a jury of three judges the "Best bus stop" challenge, with a scorecard,
two prizes, a finished round whose scores are locked, a public vote and published results
with the jury's answer to every finalist. Built through the contest services, so the demo
shows exactly what the pages would have made.

Idempotent: a contest whose results are out is left as it is.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.contests import scoring
from cocreate.contests.models import Contest, Juror
from cocreate.contests.selectors import criteria_of, final_judging, jury_of, vote_counts
from cocreate.contests.services import (
    conflict_declare,
    contest_settings_set,
    finalist_set,
    juror_invite,
    prize_add,
    results_publish,
    round_add,
    scores_lock,
    scores_set,
    vote_cast,
)
from cocreate.reviews.models import Criterion, CriterionKind

from .people import person

JUDGES = [
    ("judge.aroha", "aroha@judges.example.org"),
    ("judge.ben", "ben@judges.example.org"),
    ("judge.mei", "mei@judges.example.org"),
]
# The scorecard: what makes a good bus stop, and how much each counts.
CRITERIA = [
    ("Safety and shelter", "Lit, overlooked, out of the rain and the traffic.", 3),
    ("Comfort and access", "Seats, step-free boarding, room for prams and wheelchairs.", 2),
]
CAPACITY = ("Street capacity", "People per hour the whole street moves (from the design).", 1)
PRIZES = [
    ("Winning design", "Built at the Balmoral stop in the next works season.", "NZD 5,000"),
    ("Runner-up", "Presented to the Dominion Road business association.", "NZD 1,500"),
]
COMMENTS = {
    5: "Excellent: the best of the entries on this.",
    4: "Strong; small things to refine.",
    3: "Sound, nothing that stands out.",
    2: "Falls short here; see the rule checks.",
    1: "Doesn't address this.",
}


def _scorecard(challenge: Challenge) -> list[Criterion]:
    """The challenge's criteria, written here until the scorecard has a service to call (the
    reviews pages own it)."""
    if not criteria_of(challenge):
        for position, (name, description, weight) in enumerate(CRITERIA):
            Criterion.objects.create(
                challenge=challenge,
                name=name,
                description=description,
                weight=weight,
                position=position,
            )
        name, description, weight = CAPACITY
        Criterion.objects.create(
            challenge=challenge,
            name=name,
            description=description,
            weight=weight,
            kind=CriterionKind.METRIC,
            metric="capacity",
            position=len(CRITERIA),
        )
    return criteria_of(challenge)


def seed_contest(
    challenge: Challenge, *, staff: User, residents: Sequence[User], seed: int = 7
) -> Contest:
    """Run `challenge` (a contest-mode challenge with proposals) to published results, as
    `staff` (its organization's staff) with `residents` voting. Scores follow each design's
    rule checks (fewer warnings, safer and more comfortable) with a judge's own leaning."""
    found = Contest.objects.filter(challenge=challenge).first()
    if found is not None and found.results_published_at is not None:
        return found
    rng = random.Random(seed)
    criteria = _scorecard(challenge)
    scored = [c for c in criteria if c.kind == CriterionKind.SCORED]
    now = timezone.now()
    judges = [person(username, email) for username, email in JUDGES]
    seated = set(Juror.objects.filter(contest__challenge=challenge).values_list("user", flat=True))
    for judge in judges:
        if judge.pk not in seated:
            juror_invite(actor=staff, challenge=challenge, who=judge.username)
    contest = contest_settings_set(
        actor=staff,
        challenge=challenge,
        public_vote=True,
        vote_opens=now - timedelta(days=14),
        vote_closes=now + timedelta(days=1),
        public_vote_share=20,
    )
    if not contest.prizes.exists():
        for title, description, amount in PRIZES:
            prize_add(
                actor=staff,
                challenge=challenge,
                title=title,
                description=description,
                amount=amount,
            )
    jury = jury_of(contest)
    round_ = jury.rounds[0] if jury.rounds else None
    if round_ is None:
        round_ = round_add(
            actor=staff,
            challenge=challenge,
            name="Jury round",
            opens=now - timedelta(days=10),
            closes=now - timedelta(days=1),
        )
    judging = final_judging(contest, jury_of(contest), criteria)
    entries = [e.proposal for e in judging.entries] if judging else []
    if entries and not jury.locks.get(round_.pk):
        # The third judge once advised an entrant: they step away from that proposal.
        conflict_declare(
            actor=judges[2],
            round_=round_,
            proposal=entries[-1],
            reason="I advised its author on an earlier draft.",
        )
        for index, judge in enumerate(judges):
            for proposal in entries if index < 2 else entries[:-1]:
                warnings = sum(
                    f.get("severity") == "warning"
                    for f in (proposal.evaluation or {}).get("findings", [])
                )
                base = 4.5 - 0.75 * warnings + (index - 1) * 0.3
                values = {
                    c.pk: max(1, min(5, round(base + rng.uniform(-1.2, 1.2)))) for c in scored
                }
                scores_set(
                    actor=judge,
                    round_=round_,
                    proposal=proposal,
                    scores={pk: (v, COMMENTS[v]) for pk, v in values.items()},
                )
            scores_lock(actor=judge, round_=round_)
    voters = [r for r in residents if r.pk not in {j.pk for j in judges}]
    favourites = entries[: max(1, min(3, len(entries)))]
    for voter in voters:
        vote_cast(actor=voter, challenge=challenge, proposal=rng.choice(favourites))
    _answers(contest, staff, criteria)
    return results_publish(actor=staff, challenge=challenge)


def _answers(contest: Contest, staff: User, criteria: list[Criterion]) -> None:
    """The jury's answer to every finalist, from its own scores: the prizes go to the two best
    final scores (the jury's total blended with the vote, as publishing will rank them); each
    answer names the criterion it did best and worst on."""
    final = final_judging(contest, jury_of(contest), criteria)
    if final is None:
        return
    votes = scoring.vote_scores(vote_counts(contest, [e.proposal.pk for e in final.entries]))
    ranked = sorted(
        final.entries,
        key=lambda e: -(scoring.blend(e.total, votes[e.proposal.pk], contest.vote_share) or 0),
    )
    names = {c.pk: c.name for c in criteria}
    prizes = list(contest.prizes.all())
    for place, entry in enumerate(ranked):
        known = {k: v for k, v in entry.means.items() if v is not None}
        best = names[max(known, key=lambda k: known[k])] if known else None
        worst = names[min(known, key=lambda k: known[k])] if known else None
        prize = prizes[place] if place < len(prizes) else None
        title = entry.proposal.title
        if prize is not None:
            answer = (
                f"The jury awards **{prize.title}** to “{title}”. It scored highest on "
                f"*{best}*; we'll work with its author on *{worst}* before it is built."
            )
        else:
            total = f"{entry.total:.1f}" if entry.total is not None else "no score"
            answer = (
                f"Thank you for “{title}”. The jury scored it {total} of 5: strongest on "
                f"*{best}*, weakest on *{worst}*."
            )
        finalist_set(
            actor=staff,
            challenge=contest.challenge,
            proposal=entry.proposal,
            prize=prize,
            jury_answer=answer,
        )
