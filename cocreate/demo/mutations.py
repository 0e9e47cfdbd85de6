"""Plausible edits of a baseline, the way residents remix a street: swap a lane, move width around.

Deterministic for a given random generator, so the demo is the same on every machine.
"""

from __future__ import annotations

import random
from typing import Any

from cocreate.design import DesignError, Toolkit, edits

# Parts residents leave alone: the organization locks the tracks and the platform is required.
FIXED_TYPES = {"light-rail", "transit-shelter"}
SWAPS = [
    "bike-lane",
    "bike-lane",
    "sidewalk-tree",
    "parklet",
    "bus-lane",
    "drive-lane",
    "divider",
    "outdoor-dining",
    "parking-lane",
    "sidewalk",
]
STEPS_M = [0.1, 0.2, 0.3, 0.5, 0.6, 1.0]


def _movable(design: dict[str, Any]) -> list[int]:
    return [i for i, p in enumerate(design["parts"]) if p["type"] not in FIXED_TYPES]


def _swap_type(toolkit: Toolkit, design: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    candidates = [i for i in _movable(design) if design["parts"][i]["type"] != "sidewalk"]
    if not candidates:
        return design
    new_type = rng.choice([t for t in SWAPS if t in toolkit.catalog])
    return edits.set_type(toolkit, design, rng.choice(candidates), new_type)


def _shift_width(design: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    movable = _movable(design)
    if len(movable) < 2:
        return design
    giver, taker = rng.sample(movable, 2)
    step = rng.choice(STEPS_M)
    giver_width = design["parts"][giver]["width"]
    if giver_width - step < 0.3:
        return design
    design = edits.set_width(design, giver, round(giver_width - step, 3))
    return edits.set_width(design, taker, round(design["parts"][taker]["width"] + step, 3))


def _split(toolkit: Toolkit, design: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Carve a tree, divider or bench out of a wide part's width."""
    wide = [i for i in _movable(design) if design["parts"][i]["width"] >= 2.4]
    if not wide:
        return design
    index = rng.choice(wide)
    new_type = rng.choice(["divider", "sidewalk-tree", "sidewalk-bench", "sidewalk-lamp"])
    if new_type not in toolkit.catalog:
        return design
    carve = rng.choice([0.5, 0.6, 0.9, 1.2])
    design = edits.set_width(design, index, round(design["parts"][index]["width"] - carve, 3))
    position = index + rng.choice([0, 1])
    design = edits.add_part(toolkit, design, new_type, position)
    return edits.set_width(design, position, carve)


def mutate(toolkit: Toolkit, baseline: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One to four random plausible edits; the result may carry warnings, never a crash."""
    design = baseline
    for _ in range(rng.randint(1, 4)):
        move = rng.random()
        try:
            if move < 0.35:
                design = _swap_type(toolkit, design, rng)
            elif move < 0.8:
                design = _shift_width(design, rng)
            else:
                design = _split(toolkit, design, rng)
        except DesignError:
            continue
    return design


def valid_remix(
    toolkit: Toolkit, baseline: dict[str, Any], rng: random.Random, tries: int = 50
) -> dict[str, Any]:
    """A mutation that passes every error rule and mostly keeps widths within the catalog's advice
    (now and then one part narrower than advised, as real remixes have), else the baseline."""
    narrow_allowed = 1 if rng.random() < 0.15 else 0
    for _ in range(tries):
        design = mutate(toolkit, baseline, rng)
        if design == baseline:
            continue
        evaluation = toolkit.evaluate(design)
        narrow = sum(1 for finding in evaluation["findings"] if finding["check"] == "width")
        if evaluation["valid"] and narrow <= narrow_allowed:
            return design
    return baseline


def configurator_remix(
    toolkit: Toolkit, baseline: dict[str, Any], rng: random.Random, tries: int = 50
) -> dict[str, Any]:
    """A member's configuration: one to four other choices or numbers, passing every error rule
    (warnings allowed), else the baseline."""
    options = toolkit.document.get("options", {})
    parameters = toolkit.document.get("parameters", {})
    for _ in range(tries):
        design = baseline
        for _ in range(rng.randint(1, 4)):
            if not parameters or (options and rng.random() < 0.7):
                option = rng.choice(sorted(options))
                value = rng.choice(sorted(options[option]["values"]))
                design = edits.set_choice(toolkit, design, option, value)
            else:
                name = rng.choice(sorted(parameters))
                spec = parameters[name]
                step = spec.get("step", 1)
                steps = int((spec["max"] - spec["min"]) / step)
                design = edits.set_parameter(
                    toolkit, design, name, spec["min"] + rng.randint(0, steps) * step
                )
        if design != baseline and toolkit.evaluate(design)["valid"]:
            return design
    return baseline
