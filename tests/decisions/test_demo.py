"""The demo's answers tell the truth about each design and give the record every kind of row."""

from __future__ import annotations

import copy
import random
from datetime import timedelta

from django.utils import timezone

from cocreate.decisions.models import Decision
from cocreate.decisions.selectors import response_record
from cocreate.demo.decisions import demo_answers
from cocreate.proposals.models import Proposal

from ..factories import make_proposal


def _narrow_footpath(baseline):
    design = copy.deepcopy(baseline)
    parts = {p["id"]: p for p in design["parts"]}
    parts["footpath-west"]["width"] = 1.5
    parts["cycle-west"]["width"] = 2.1
    return design


def _trees(baseline):
    design = copy.deepcopy(baseline)
    parts = {p["id"]: p for p in design["parts"]}
    parts["footpath-east"]["width"] = 2.6
    parts["traffic-east"]["width"] = 2.5
    parts["cycle-east"]["width"] = 1.2
    return design


def test_demo_answers_a_third_truthfully_with_some_late_and_some_overdue(
    owner, challenge, resident
):
    now = timezone.now()
    made = []
    for n in range(30):
        design = (_narrow_footpath, _trees, lambda b: b)[n % 3](challenge.baseline)
        proposal = make_proposal(challenge, resident, title=f"Idea {n}", design=design)
        # The seed spreads its proposals over the past days; the demo's clocks start there.
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=now - timedelta(days=8 - n * 0.25)
        )
        made.append(proposal)
    answered = demo_answers(challenge, owner, random.Random(7))
    assert answered == Decision.objects.count()
    assert 5 <= answered <= 12  # about a third of 30, fewer with only 30
    assert demo_answers(challenge, owner, random.Random(7)) == 0  # once
    for decision in Decision.objects.select_related("status", "proposal"):
        footpath = decision.proposal.design["parts"][0]["width"]
        if footpath < 1.8:
            assert decision.status.name == "Declined"
            assert f"footpath on the west side is {footpath:.2f} m" in decision.answer
            assert "1.80 m minimum" in decision.answer
        elif decision.status.name == "Planned":
            assert "wider footpath on the east side (2.6 m instead of 2.1 m)" in decision.answer
        assert decision.created_at <= now
    record = response_record(challenge=challenge)
    assert record.answered == answered
    assert record.overdue == 4
    assert record.within_promise is not None and 0 < record.within_promise < 1  # some late
    challenge.refresh_from_db()
    assert challenge.answer_days == 6  # at most a third of the proposals are older than that
