"""Dominion Road's crowd has camps of thought and lead users to find: checked on the full-size
plan, drafted without the database in under a second (`test_coherence.py` checks the seeded
demo)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from cocreate.demo.camps import CAMPS, LEADS, SPREADS_FROM, carries, marks, plan_crowd
from cocreate.demo.drafts import Turn
from cocreate.design import load_bundled

WANTED, PEOPLE = 1000, 40


@pytest.fixture(scope="module")
def turns() -> list[Turn]:
    toolkit = load_bundled().get("dominion-road")
    return plan_crowd(toolkit, toolkit.baseline, WANTED, PEOPLE, random.Random(2026))


def test_every_camp_is_there_in_its_share(turns):
    counts = Counter(turn.camp for turn in turns)
    assert set(counts) == {camp.name for camp in CAMPS}
    for camp in CAMPS:
        assert abs(counts[camp.name] / WANTED - camp.share) < 0.05, (camp.name, counts)


def test_a_camps_designs_carry_its_signature_and_tell_it_apart(turns):
    closest = 0
    for turn in turns:
        found = marks(turn.draft.design)
        camp = next(c for c in CAMPS if c.name == turn.camp)
        assert found & camp.signature, (turn.camp, found, turn.draft.title)
        # The camp whose signature a design carries most of is its own, nearly always: the
        # camps are there to be found in the designs alone.
        best = max(CAMPS, key=lambda c: len(found & c.signature) / len(c.signature))
        closest += best is camp
    assert closest >= 0.85 * WANTED


def test_remixes_stay_in_their_camp_and_come_after_their_parent(turns):
    remixes = [turn for turn in turns if turn.parent is not None]
    assert len(remixes) >= 0.1 * WANTED
    for turn in remixes:
        parent = turns[turn.parent]
        assert parent.camp == turn.camp
        assert parent.at < turn.at


def test_lead_users_post_ideas_early_that_the_crowd_takes_up_later(turns):
    late = [turn for turn in turns if turn.at > 2 / 3]
    leads = {lead.index for lead in LEADS}
    for lead in LEADS:
        carrying = [turn for turn in turns if carries(turn, lead.idea)]
        assert carrying[0].author == lead.index and carrying[0].at < 0.15, lead.username
        early = [turn for turn in carrying if turn.at < SPREADS_FROM]
        assert {turn.author for turn in early} == {lead.index}
        assert len(early) <= 0.01 * WANTED
        share = sum(carries(turn, lead.idea) for turn in late) / len(late)
        assert share >= 0.1, (lead.username, share)
        # ...and the crowd remixes their proposals, and backs them more than the rest.
        theirs = {n for n, turn in enumerate(turns) if turn.author == lead.index}
        assert sum(turn.parent in theirs for turn in turns) >= 5, lead.username
        for n in theirs:
            crowd = [t.pull for t in turns if t.camp == turns[n].camp and t.author not in leads]
            assert turns[n].pull > max(crowd), lead.username
