"""Demo: what became of Dominion Road's accepted proposals. For each proposal the organization
accepted (Planned, In progress, Built) a progress record whose steps match its answer, a photo
of what was built for the built ones (drawn here with Pillow), private notes and a checklist on
a few, and the as-built design taken from the most supported accepted proposal, credited to it.

Run after the answers are seeded (it reads them); idempotent: a proposal that already has steps,
notes or a checklist, and a challenge that already has an as-built design, are left alone.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from cocreate.accountability.models import AsBuilt
from cocreate.accountability.services import as_built_publish
from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.organizations.models import Stage
from cocreate.proposals.models import Proposal
from cocreate.tracking.models import ChecklistItem, ProgressEntry, StaffNote
from cocreate.tracking.services import (
    checklist_item_add,
    checklist_item_tick,
    progress_entry_add,
    progress_set,
    staff_note_add,
)

ACCEPTED = (Stage.ACCEPTED, Stage.BUILT)
# (title, text) per step; a proposal gets the steps its answer has reached.
PLANNED_STEPS = [
    (
        "Consultation closed",
        "We asked the people and businesses along this block about “{title}”: "
        "most said yes, and the bus operator asked us to keep the stop where it is.",
    ),
]
IN_PROGRESS_STEPS = [
    *PLANNED_STEPS,
    (
        "Detailed design approved",
        "The engineers signed off the widths in “{title}”; the only change "
        "is a slightly narrower kerb at the driveway.",
    ),
    (
        "Works start",
        "Contractors are on site from 7 am to 5 pm on weekdays. The footpath stays "
        "open on one side at all times.",
    ),
]
BUILT_STEPS = [
    *IN_PROGRESS_STEPS,
    (
        "Built",
        "Finished and open. Thank you to everyone who proposed, backed and discussed “{title}”.",
    ),
]
NOTES = [
    "Check the kerb line against the utilities plan before we commit to “{title}”.",
    "The business association asked for loading space near here; check this design leaves room.",
]
CHECKLIST = [
    "Cost estimate from the engineers",
    "Talk to the bus operator",
    "Reply to the top comment",
]


def track(*, challenge: Challenge, staff: Any, rng: random.Random) -> dict[str, int]:
    """Add the progress records, notes and as-built design; returns what it added, by kind."""
    accepted = list(
        Proposal.objects.listable()
        .filter(challenge=challenge, answer_status__stage__in=ACCEPTED)
        .select_related("answer_status", "challenge__organization")
        .order_by("-support_count", "id")
    )
    added = {"steps": 0, "notes": 0, "checklist": 0, "as_built": 0}
    tracked = set(
        ProgressEntry.objects.filter(proposal__in=accepted).values_list("proposal_id", flat=True)
    )
    for proposal in accepted:
        if proposal.pk not in tracked:
            added["steps"] += _progress(proposal, staff)
    noted = set(
        StaffNote.objects.filter(proposal__in=accepted).values_list("proposal_id", flat=True)
    )
    listed = set(
        ChecklistItem.objects.filter(proposal__in=accepted).values_list("proposal_id", flat=True)
    )
    for n, proposal in enumerate(accepted[:3]):
        if proposal.pk not in noted:
            staff_note_add(
                actor=staff, proposal=proposal, text=NOTES[n % 2].format(title=proposal.title)
            )
            added["notes"] += 1
        if proposal.pk not in listed:
            for k, text in enumerate(CHECKLIST):
                item = checklist_item_add(actor=staff, proposal=proposal, text=text)
                if k < 2 - n % 2 and rng.random() < 0.9:
                    checklist_item_tick(actor=staff, item=item, done=True)
                added["checklist"] += 1
    if accepted and not AsBuilt.objects.filter(challenge=challenge).exists():
        _as_built(challenge, accepted[0], staff)
        added["as_built"] = 1
    return added


def _progress(proposal: Proposal, staff: Any) -> int:
    """Steps dated from the proposal's submission (or a week a step before today, for a new
    one) to today, as far as its answer has come: none in the future."""
    status = proposal.answer_status
    assert status is not None
    if status.stage == Stage.BUILT:
        steps, percent = BUILT_STEPS, 100
    elif status.name == "In progress":
        steps, percent = IN_PROGRESS_STEPS, 60
    else:
        steps, percent = PLANNED_STEPS, 10
    today = timezone.now().date()
    start = min(proposal.created_at.date(), today - timedelta(days=7 * len(steps)))
    span = (today - start).days
    for n, (title, text) in enumerate(steps, start=1):
        built = title == "Built"
        progress_entry_add(
            actor=staff,
            proposal=proposal,
            day=start + timedelta(days=span * n // len(steps)),  # the last step is today
            title=title,
            text=text.format(title=proposal.title),
            photo=_photo() if built else None,
            photo_alt="The finished block: a wide footpath with young street trees beside the "
            "light-rail tracks"
            if built
            else "",
            built=built,
        )
    progress_set(actor=staff, proposal=proposal, percent=percent)
    return len(steps)


def _photo() -> SimpleUploadedFile:
    """A drawn "photo" of the built street: sky, shopfronts, a footpath with trees, tracks."""
    width, height = 960, 540
    picture = Image.new("RGB", (width, height), (176, 214, 240))
    draw = ImageDraw.Draw(picture)
    for n, colour in enumerate([(196, 120, 92), (232, 206, 160), (150, 160, 178), (208, 170, 120)]):
        draw.rectangle((n * 240, 90 + 20 * (n % 2), n * 240 + 236, 300), fill=colour)
        for w in range(3):
            draw.rectangle(
                (n * 240 + 30 + w * 70, 140, n * 240 + 80 + w * 70, 200), fill=(80, 96, 120)
            )
    draw.rectangle((0, 300, width, 380), fill=(214, 210, 200))  # the widened footpath
    draw.rectangle((0, 380, width, height), fill=(96, 98, 104))  # the road
    for y in (430, 470):  # light-rail tracks
        draw.rectangle((0, y, width, y + 6), fill=(190, 190, 196))
    for x in range(60, width, 180):  # street trees in the footpath
        draw.rectangle((x - 5, 300, x + 5, 360), fill=(92, 64, 40))
        draw.ellipse((x - 45, 220, x + 45, 310), fill=(60, 140, 70))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return SimpleUploadedFile("built.png", out.getvalue(), content_type="image/png")


def _as_built(challenge: Challenge, proposal: Proposal, staff: Any) -> None:
    """What was built: the most supported accepted proposal's design, credited to it."""
    toolkit = toolkit_for(challenge)
    design = proposal.design
    if proposal.toolkit_version != toolkit.version:
        design, _notices = toolkit.migrate(design)
    as_built_publish(
        actor=staff,
        challenge=challenge,
        design=design,
        note=f"We built this section of Dominion Road as “{proposal.title}” proposed it, after "
        f"the consultation it started. Finished in {date.today():%B %Y}.",
        credited=[proposal.pk],
    )
