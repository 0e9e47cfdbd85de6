"""Cargo-bike configurations whose title, reason and choices agree: each comes from an idea (the
school run, the market shop, the hills) that sets a few choices, and its reason names every
choice and number it changes against the co-op's proposed bike, in the toolkit's own words."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cocreate.design import Toolkit, edits

from .drafts import Draft, listed, unique_title

Settings = dict[str, Any]  # option or parameter name: value


@dataclass(frozen=True)
class BikeIdea:
    titles: tuple[str, ...]  # with a {who}
    motives: tuple[str, ...]
    settings: Callable[[random.Random], Settings]


IDEAS: tuple[BikeIdea, ...] = (
    BikeIdea(
        ("The school-run bike {who}", "Two kids and a canopy {who}"),
        (
            "Most bookings are the school run: seats and a canopy matter more than range.",
            "Winter mornings are wet; the kids should arrive dry.",
        ),
        lambda rng: {
            "frame": "front-box",
            "cargo": "canopy-box",
            "child_seats": rng.choice([2, 3, 4]),
        },
    ),
    BikeIdea(
        ("Light and cheap {who}", "Keep it simple {who}"),
        (
            "A lighter bike fits the lift at my apartment and is easier to lend to new members.",
            "Keep it under budget so the co-op can afford servicing too.",
        ),
        lambda rng: {
            "motor": "none",
            "battery_wh": 0,
            "lights": rng.choice(["dynamo", "battery"]),
            "gears": "derailleur-8",
            "brakes": rng.choice(["rim", "mechanical-disc"]),
        },
    ),
    BikeIdea(
        ("Market day hauler {who}", "A flatbed for boxes {who}"),
        (
            "We carry boxes from the market: a flatbed and good brakes, no seats needed.",
            "The hardware run needs a flat platform for timber and paint tins.",
        ),
        lambda rng: {
            "cargo": "flatbed",
            "child_seats": 0,
            "frame": rng.choice(["long-tail", "trike"]),
        },
    ),
    BikeIdea(
        ("Made for the hills {who}", "Up Franklin Road with a load {who}"),
        (
            "The hills need a mid-drive and a bigger battery: a hub motor overheats.",
            "Loaded up a steep hill, the motor and the battery do the work.",
        ),
        lambda rng: {"motor": "mid-drive", "battery_wh": rng.choice([750, 1000])},
    ),
    BikeIdea(
        ("Long range {who}", "Out to the beaches and back {who}"),
        (
            "Members out west ride 40 km round trips; the battery has to last.",
            "A long day out shouldn't end with pushing a flat bike home.",
        ),
        lambda rng: {"battery_wh": rng.choice([1250, 1500]), "wheels": "24-inch"},
    ),
    BikeIdea(
        ("A steady three-wheeler {who}", "A trike for wobbly riders {who}"),
        (
            "New riders feel safer on three wheels, and it stands still while you load it.",
            "A trike doesn't tip over while the kids climb in.",
        ),
        lambda rng: {"frame": "trike", "cargo": "open-box", "brakes": "hydraulic-disc"},
    ),
)
WHO = (
    "in Grey Lynn",
    "in Westmere",
    "at Richmond Road School",
    "in Ponsonby",
    "in Arch Hill",
    "at the Saturday market",
    "in Herne Bay",
    "in Kingsland",
    "in Freemans Bay",
    "in Point Chevalier",
    "in Sandringham",
    "in Western Springs",
)


def _words(toolkit: Toolkit, name: str, value: Any) -> str:
    """A choice or number as a resident says it: "a 1,250 Wh battery", "no child seats"."""
    if name == "battery_wh":
        return f"a {value:,} Wh battery" if value else "no battery"
    if name == "child_seats":
        return f"{value} child seats" if value else "no child seats"
    label = str(toolkit.document["options"][name]["values"][value]["label"])
    return f"a {label} front wheel" if name == "wheels" else label[0].lower() + label[1:]


def bike_draft(
    toolkit: Toolkit,
    baseline: dict[str, Any],
    rng: random.Random,
    used_titles: set[str],
    parent: Draft | None,
) -> Draft | None:
    """A configuration, its title and its reason (members configure from the co-op's bike,
    `parent` is not used); None when no idea passes the error rules."""
    for _ in range(20):
        idea = rng.choice(IDEAS)
        wanted = idea.settings(rng)
        design = baseline
        for name, value in wanted.items():
            if name in toolkit.document.get("options", {}):
                design = edits.set_choice(toolkit, design, name, value)
            else:
                design = edits.set_parameter(toolkit, design, name, value)
        if design == baseline or not toolkit.evaluate(design)["valid"]:
            continue
        before = {**baseline["choices"], **baseline["parameters"]}
        after = {**design["choices"], **design["parameters"]}
        changed = [
            _words(toolkit, name, after[name]) for name in after if before[name] != after[name]
        ]
        title = unique_title(
            [t.format(who=who) for t in idea.titles for who in WHO], used_titles, rng
        )
        reason = f"{rng.choice(idea.motives)} Against the co-op's bike: {listed(changed)}."
        return Draft(design, title, reason)
    return None
