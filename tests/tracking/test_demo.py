"""The demo's tracking seed: steps that match each answer, a photo of what was built, notes on a
few, the as-built design credited to the most supported accepted proposal; twice adds nothing."""

from __future__ import annotations

import random

from cocreate.accountability.models import AsBuilt
from cocreate.demo.tracking import track
from cocreate.proposals.services import support_add
from cocreate.tracking.models import Progress, ProgressEntry, StaffNote

from ..factories import make_proposal
from .conftest import answer


def _titles(proposal):
    return list(ProgressEntry.objects.filter(proposal=proposal).values_list("title", flat=True))


def test_track_tells_each_proposals_story_once(challenge, owner, resident, other, staff):
    planned = answer(owner, make_proposal(challenge, resident, title="Planned one"), "Planned")
    going = answer(owner, make_proposal(challenge, resident, title="Going"), "In progress")
    built = make_proposal(challenge, other, title="Done")
    support_add(actor=resident, proposal=built)  # the most supported, before Built closes it
    built = answer(owner, built, "Built")
    make_proposal(challenge, resident, title="Unanswered")
    added = track(challenge=challenge, staff=staff, rng=random.Random(1))
    assert added == {"steps": 1 + 3 + 4, "notes": 3, "checklist": 9, "as_built": 1}
    assert _titles(planned) == ["Consultation closed"]
    assert _titles(going)[-1] == "Works start"
    assert _titles(built)[-1] == "Built"
    photo = ProgressEntry.objects.get(proposal=built, title="Built").photo
    assert photo is not None and photo.alt
    assert Progress.objects.get(proposal=built).percent == 100
    as_built = AsBuilt.objects.get(challenge=challenge)
    assert list(as_built.credited.all()) == [built]
    assert StaffNote.objects.count() == 3
    again = track(challenge=challenge, staff=staff, rng=random.Random(1))
    assert again == {"steps": 0, "notes": 0, "checklist": 0, "as_built": 0}
