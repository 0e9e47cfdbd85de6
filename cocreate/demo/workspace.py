"""Demo challenges made as staff make them on the workspace's pages: through the same services,
a draft first, then its baseline, phases and publishing. Idempotent: an existing challenge of
the same address is returned unchanged."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

from django.utils import timezone

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Action, Challenge, Mode
from cocreate.challenges.services import (
    challenge_baseline_set,
    challenge_create,
    challenge_publish,
    phase_add,
)
from cocreate.design import load_bundled
from cocreate.organizations.models import Organization

BUS_STOP_SLUG = "best-bus-stop"
BUS_STOP_SUMMARY = (
    "A design contest for the Balmoral shops bus stop on Dominion Road: shelter, seats, room to "
    "wait and to pass, and a safe way past for people on bikes."
)
BUS_STOP_BRIEF = """Buses on Dominion Road stop at Balmoral shops every few minutes, and the stop
is where most people meet the street: waiting in the rain, stepping off with a pram, walking
past with shopping.

Start from our proposal and make the stop better. The toolkit checks every design against
the rules as you draw:

- the parts must fill the 24 m between the shop fronts, no gap and no overflow;
- each part is held to the advised widths (a footpath of at least 1.8 m, for one);
- people on bikes sharing a lane with cars is flagged as the danger it is.

A jury of three picks the winners after the entries close, scoring **how well people wait**,
**how safely they pass** and **what it costs**. Winners are credited when the stop is built.
"""


def _bus_stop_baseline() -> dict[str, object]:
    """The street-section toolkit's own street, with a deeper shelter: room for a bench and a
    wheelchair beside it, taken from the planted divider across the road (every rule still met)."""
    design = copy.deepcopy(load_bundled().get("street-section", 2).baseline or {})
    parts = design["parts"]
    shelter, divider = parts[2], parts[9]
    assert shelter["type"] == "transit-shelter" and divider["type"] == "divider"
    shelter["width"], divider["width"] = 3.0, 0.9
    return design


def best_bus_stop(
    *, actor: Actor, organization: Organization, now: datetime | None = None
) -> Challenge:
    """Dominion Road's third challenge, a contest: "Best bus stop", on the street-section
    toolkit, published with an entries phase running now and a judging phase after it. The
    contest's jury, rounds and prizes are the contests app's to add."""
    existing = Challenge.objects.filter(slug=BUS_STOP_SLUG).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    challenge = challenge_create(
        actor=actor,
        organization=organization,
        slug=BUS_STOP_SLUG,
        title="Best bus stop",
        summary=BUS_STOP_SUMMARY,
        brief=BUS_STOP_BRIEF,
        toolkit_id="street-section",
        toolkit_version=2,
        support_budget=3,
        answer_days=45,
        mode=Mode.CONTEST,
        publish=False,
    )
    challenge_baseline_set(actor=actor, challenge=challenge, design=_bus_stop_baseline())
    entries_end = now + timedelta(days=21)
    phase_add(
        actor=actor,
        challenge=challenge,
        name="Entries",
        starts_at=now - timedelta(days=14),
        ends_at=entries_end,
        actions=[Action.SUBMIT, Action.REMIX, Action.COMMENT, Action.SUPPORT],
    )
    phase_add(
        actor=actor,
        challenge=challenge,
        name="Judging",
        starts_at=entries_end,
        ends_at=entries_end + timedelta(days=14),
        actions=[Action.COMMENT, Action.COMPARE, Action.REVIEW],
    )
    return challenge_publish(actor=actor, challenge=challenge)
