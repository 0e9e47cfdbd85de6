"""Dominion Road proposals whose title, reason and design agree: each is made from an idea (what
a resident wants: shade, a protected bike lane, a loading bay...) that rearranges one or both
sides of the street between a building face and the tracks, and its reason is written from what
the rearrangement actually changes against the proposed design.

A side runs from the footpath at the building face to the light-rail track: footpath, then any
street furniture (trees, benches, dining, a parklet), the bike lane, a buffer, and the traffic
slot (a drive lane, a bus lane, a loading bay, or nothing when cars go one way). The tracks and
the platform never move (the organization locked them), so every design keeps footpaths at both
edges and no two footpaths meet.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cocreate.design import Toolkit

from .drafts import Draft, listed, unique_title

SIDE_M = 6.3  # building face to track, on each side of the proposed design
MIN_FOOTPATH_M = 1.8
WEST, EAST = "west", "east"

# How residents name each part type; the demo's test reads these to check a reason speaks of
# what its design changes.
WORDS: dict[str, tuple[str, ...]] = {
    "sidewalk": ("footpath",),
    "sidewalk-tree": ("tree", "shade"),
    "sidewalk-bench": ("bench", "seat"),
    "sidewalk-bike-rack": ("bike rack",),
    "outdoor-dining": ("dining", "café"),
    "parklet": ("parklet",),
    "bike-lane": ("bike", "cycle"),
    "divider": ("buffer",),
    "drive-lane": ("traffic lane", "cars", "one way"),
    "bus-lane": ("bus",),
    "parking-lane": ("loading",),
}
FURNITURE = {
    "sidewalk-tree": "street trees",
    "sidewalk-bench": "benches",
    "sidewalk-bike-rack": "bike racks",
    "outdoor-dining": "an outdoor dining strip",
    "parklet": "a parklet",
}
TRAFFIC = {"drive-lane": "traffic lane", "bus-lane": "bus lane", "parking-lane": "loading bay"}
BUFFERS = ("planting-strip", "planter-box", "bollard", "striped-buffer", "flowers")


@dataclass(frozen=True)
class Side:
    """One side of the street, building face to track; the footpath takes what is left."""

    furniture: tuple[tuple[str, float], ...] = ()
    bike: float = 1.5  # 0: no bike lane on this side
    two_way: bool = False
    buffer: float = 0.0
    buffer_type: str = "planting-strip"
    traffic: str = "drive-lane"  # or "bus-lane", "parking-lane", "" (cars go one way)
    traffic_width: float = 2.7

    @property
    def footpath(self) -> float:
        used = sum(w for _, w in self.furniture) + self.bike + self.buffer + self.traffic_width
        return round(SIDE_M - used, 2)


PROPOSED = Side()


@dataclass(frozen=True)
class Plan:
    west: Side = PROPOSED
    east: Side = PROPOSED

    def side(self, name: str) -> Side:
        return self.west if name == WEST else self.east

    def with_side(self, name: str, side: Side) -> Plan:
        return replace(self, **{name: side})


def _side_parts(side: Side, name: str) -> list[dict[str, Any]]:
    """A side's parts from the building face inwards; parts of the proposed design keep their
    ids (so the change summary matches them), new ones get their own."""
    direction = "inbound" if name == WEST else "outbound"
    parts: list[dict[str, Any]] = [
        {"type": "sidewalk", "width": side.footpath, "id": f"footpath-{name}"}
    ]
    for n, (kind, width) in enumerate(side.furniture):
        variant = {"tree-type": "big"} if kind == "sidewalk-tree" else {}
        parts.append({"type": kind, "width": width, "variant": variant, "id": f"{kind}-{name}-{n}"})
    if side.bike:
        bike_direction = "two-way" if side.two_way else direction
        parts.append(
            {
                "type": "bike-lane",
                "width": side.bike,
                "variant": {"bike-direction": bike_direction},
                "id": f"cycle-{name}",
            }
        )
    if side.buffer:
        parts.append(
            {
                "type": "divider",
                "width": side.buffer,
                "variant": {"divider-type": side.buffer_type},
                "id": f"buffer-{name}",
            }
        )
    if side.traffic:
        axis = "parking-lane-direction" if side.traffic == "parking-lane" else "direction"
        kept = side.traffic == "drive-lane"
        parts.append(
            {
                "type": side.traffic,
                "width": side.traffic_width,
                "variant": {axis: direction},
                "id": f"traffic-{name}" if kept else f"{side.traffic}-{name}",
            }
        )
    return parts


def build(baseline: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """The design `plan` draws on the proposed design: its middle (tracks and platform) kept
    exactly, each side rebuilt."""
    parts = baseline["parts"]
    middle = [p for p in parts if p["type"] in ("light-rail", "transit-shelter")]
    east = list(reversed(_side_parts(plan.east, EAST)))
    return {**baseline, "parts": _side_parts(plan.west, WEST) + middle + east}


def _changes(plan: Plan) -> list[str]:
    """What `plan` changes against the proposed design, in a resident's words ("street trees
    on both sides", "no traffic lane on the east side (cars go one way)"), for its reason."""
    said: list[str] = []
    sides = {WEST: plan.west, EAST: plan.east}

    def where(test: Callable[[Side], bool]) -> str | None:
        hit = [name for name, side in sides.items() if test(side)]
        if not hit:
            return None
        return "both sides" if len(hit) == 2 else f"the {hit[0]} side"

    for kind, words in FURNITURE.items():
        at = where(lambda s, k=kind: any(f == k for f, _ in s.furniture))  # type: ignore[misc]
        if at:
            said.append(f"{words} on {at}")
    if at := where(lambda s: s.two_way):
        width = next(s.bike for s in sides.values() if s.two_way)
        said.append(f"one {width:.1f} m two-way bike lane on {at}")
    elif at := where(lambda s: s.bike > PROPOSED.bike):
        said.append(f"wider bike lanes on {at}")
    if at := where(lambda s: not s.bike and not any(x.two_way for x in sides.values())):
        said.append(f"no bike lane on {at}")
    if at := where(lambda s: s.buffer > 0):
        said.append(f"a buffer beside the bike lane on {at}")
    for kind in ("bus-lane", "parking-lane"):
        if at := where(lambda s, k=kind: s.traffic == k):  # type: ignore[misc]
            said.append(f"a {TRAFFIC[kind]} instead of the traffic lane on {at}")
    if gone := where(lambda s: not s.traffic):
        road = "no traffic lanes" if gone == "both sides" else f"no traffic lane on {gone}"
        cars = any(s.traffic == "drive-lane" for s in sides.values())
        said.append(f"{road} (cars go one way)" if cars else f"{road}: no cars at all")
    lanes = {s.traffic_width for s in sides.values() if s.traffic == "drive-lane"}
    for width in sorted(lanes - {PROPOSED.traffic_width}):
        change = "narrowed" if width < PROPOSED.traffic_width else "widened"
        if at := where(lambda s, w=width: s.traffic == "drive-lane" and s.traffic_width == w):  # type: ignore[misc]
            said.append(f"the traffic lane {change} to {width:.1f} m on {at}")
    for name, side in sides.items():
        if side.footpath > PROPOSED.footpath:
            said.append(f"a {side.footpath:.1f} m footpath on the {name} side")
        elif side.footpath < PROPOSED.footpath:
            said.append(f"the {name} footpath down to {side.footpath:.1f} m")
    return said


@dataclass(frozen=True)
class Idea:
    """What a resident wants: titles (with a {place}), why they want it, and the plan."""

    titles: tuple[str, ...]
    motives: tuple[str, ...]
    plan: Callable[[Plan, random.Random], Plan]
    remix: bool = True  # may be added to someone else's design
    key: str = ""  # how the demo's camps (`demo/camps.py`) name it


def _sides(rng: random.Random) -> tuple[str, ...]:
    return rng.choice([(WEST,), (EAST,), (WEST, EAST)])


def _one(rng: random.Random) -> str:
    return rng.choice([WEST, EAST])


def _each(plan: Plan, names: tuple[str, ...], change: Callable[[Side], Side]) -> Plan:
    for name in names:
        plan = plan.with_side(name, change(plan.side(name)))
    return plan


def _shade(plan: Plan, rng: random.Random) -> Plan:
    def add(side: Side) -> Side:
        narrower = replace(side, traffic_width=2.4) if side.traffic == "drive-lane" else side
        room = narrower.footpath - MIN_FOOTPATH_M
        fits = [w for w in (0.6, 0.9, 1.2) if w <= room + 1e-9] or [0.6]
        width = rng.choice(fits)
        return replace(narrower, furniture=(("sidewalk-tree", width), *narrower.furniture))

    return _each(plan, _sides(rng), add)


def _protected(plan: Plan, rng: random.Random) -> Plan:
    kind = rng.choice(BUFFERS)

    def add(side: Side) -> Side:
        if not side.bike:
            return side
        narrower = replace(side, traffic_width=2.4) if side.traffic == "drive-lane" else side
        return replace(narrower, buffer=rng.choice([0.5, 0.6]), buffer_type=kind)

    return _each(plan, (WEST, EAST), add)


def _one_way(
    room: Callable[[random.Random], tuple[tuple[str, float], ...]],
) -> Callable[[Plan, random.Random], Plan]:
    """Cars go one way: one side's traffic lane becomes `room` for people."""

    def change(plan: Plan, rng: random.Random) -> Plan:
        name = _one(rng)
        side = plan.side(name)
        if not _cars_still_pass(plan, name):
            return plan
        return plan.with_side(
            name, replace(side, traffic="", traffic_width=0.0, furniture=room(rng))
        )

    return change


def _bus(plan: Plan, rng: random.Random) -> Plan:
    def add(side: Side) -> Side:
        if not side.traffic:
            return side
        return replace(side, traffic="bus-lane", traffic_width=3.0)

    return _each(plan, _sides(rng), add)


def _cars_still_pass(plan: Plan, name: str) -> bool:
    """Whether cars keep a lane the other way once this side's traffic lane goes."""
    return plan.side(EAST if name == WEST else WEST).traffic == "drive-lane"


def _loading(plan: Plan, rng: random.Random) -> Plan:
    name = _one(rng)
    if not _cars_still_pass(plan, name):
        return plan
    side = replace(
        plan.side(name),
        traffic="parking-lane",
        traffic_width=rng.choice([2.1, 2.4]),
        buffer=rng.choice([0.5, 0.6]),
        buffer_type=rng.choice(BUFFERS),
    )
    return plan.with_side(name, side)


def _two_way(plan: Plan, rng: random.Random) -> Plan:
    """Both bike lanes as one two-way lane on one side (where cars then go one way), and the
    other side's bike lane given to trees and the footpath."""
    name = _one(rng)
    other = EAST if name == WEST else WEST
    plan = plan.with_side(
        name, replace(PROPOSED, bike=3.0, two_way=True, traffic="", traffic_width=0.0)
    )
    return plan.with_side(other, replace(plan.side(other), bike=0.0, furniture=_trees(rng)))


def _wider_bikes(plan: Plan, rng: random.Random) -> Plan:
    def add(side: Side) -> Side:
        if not side.bike or side.two_way:
            return side
        narrower = replace(side, traffic_width=2.4) if side.traffic == "drive-lane" else side
        return replace(narrower, bike=1.8)

    return _each(plan, (WEST, EAST), add)


def _wider_footpaths(plan: Plan, rng: random.Random) -> Plan:
    def add(side: Side) -> Side:
        narrower = [w for w in (2.4, 2.5) if w < side.traffic_width]
        if side.traffic != "drive-lane" or not narrower:
            return side
        return replace(side, traffic_width=rng.choice(narrower))

    return _each(plan, _sides(rng), add)


def _no_cars(plan: Plan, rng: random.Random) -> Plan:
    """A transit mall: no general traffic, the lanes given to people."""
    west = replace(plan.west, traffic="", traffic_width=0.0, furniture=_trees(rng))
    east = replace(plan.east, traffic="", traffic_width=0.0, furniture=(("outdoor-dining", 2.0),))
    return Plan(west, east)


def _keep_lanes(plan: Plan, rng: random.Random) -> Plan:
    """Wider traffic lanes for trucks, paid for by one side's bike lane: breaks the bike
    lane rule on purpose (the answers decline it)."""
    name = _one(rng)
    side = replace(plan.side(name), bike=0.0, traffic="drive-lane", traffic_width=3.3)
    return plan.with_side(name, side)


def _trees(rng: random.Random) -> tuple[tuple[str, float], ...]:
    return (("sidewalk-tree", rng.choice([0.9, 1.2])),)


def _dining(rng: random.Random) -> tuple[tuple[str, float], ...]:
    return (("outdoor-dining", rng.choice([1.8, 2.1, 2.4])),)


def _parklet(rng: random.Random) -> tuple[tuple[str, float], ...]:
    return (("parklet", rng.choice([2.4, 2.7])),)


def _benches(rng: random.Random) -> tuple[tuple[str, float], ...]:
    return (
        ("sidewalk-bench", rng.choice([0.6, 0.9])),
        ("sidewalk-bike-rack", rng.choice([0.9, 1.2])),
    )


IDEAS: tuple[Idea, ...] = (
    Idea(
        (
            "Shade for the shops {place}",
            "Trees on Dominion Road {place}",
            "A greener street {place}",
        ),
        (
            "In summer the footpath here is a griddle and nobody waits in the sun for long.",
            "Trees make a street people want to stay on, and they slow cars down near the station.",
            "The shops need shade over the footpath; trees pay for the narrower lane.",
        ),
        _shade,
        key="shade",
    ),
    Idea(
        (
            "Protected bike lanes {place}",
            "A buffer for people on bikes {place}",
            "Bike lanes with a buffer {place}",
        ),
        (
            "I ride here every day and a painted line next to traffic doesn't feel safe.",
            "My kids cycle to school along here: something solid between them and the cars.",
            "The rule checks warn about bikes touching traffic; a buffer fixes that.",
        ),
        _protected,
        key="protected",
    ),
    Idea(
        ("Cafés spill out {place}", "Outdoor dining {place}", "Café tables on the street {place}"),
        (
            "The cafés would use the extra room and bring life back to the road.",
            "On a sunny Saturday there's nowhere to sit outside; the traffic lane is empty anyway.",
        ),
        _one_way(_dining),
        key="dining",
    ),
    Idea(
        ("A parklet {place}", "Somewhere to sit {place}", "A parklet for the shops {place}"),
        (
            "A parklet gives people somewhere to sit between the shops and the station.",
            "The business association offered to look after a parklet; it needs the room.",
        ),
        _one_way(_parklet),
        key="parklet",
    ),
    Idea(
        (
            "Benches and bike parking {place}",
            "Room to stop {place}",
            "Somewhere to rest and lock a bike {place}",
        ),
        (
            "Older people need somewhere to rest on the way to the stop, and bikes need racks.",
            "People arrive by bike and have nowhere to lock up; a bench or two wouldn't hurt.",
        ),
        _one_way(_benches),
        key="benches",
    ),
    Idea(
        (
            "Keep the feeder buses moving {place}",
            "Bus lanes {place}",
            "Buses out of the traffic {place}",
        ),
        (
            "Feeder buses bring people to the light rail; stuck in traffic they miss the tram.",
            "Buses still cross here to Mt Albert; give them their own lane.",
        ),
        _bus,
        key="bus",
    ),
    Idea(
        (
            "A loading bay for the dairies {place}",
            "Deliveries off the tracks {place}",
            "Room for the delivery vans {place}",
        ),
        (
            "Deliveries need somewhere to stop, otherwise they'll block the lane and the tracks.",
            "The dairies get three deliveries a morning; the vans need a bay, and a buffer keeps "
            "their doors out of the bike lane.",
        ),
        _loading,
        key="loading",
    ),
    Idea(
        (
            "One two-way cycleway {place}",
            "Bikes together on one side {place}",
            "A two-way bike path {place}",
        ),
        (
            "One wide two-way bike lane is easier to protect than two thin ones.",
            "Both directions of bikes on one side, and the other side gets trees and room to walk.",
        ),
        _two_way,
        key="two-way",
        remix=False,
    ),
    Idea(
        (
            "Room to overtake on a bike {place}",
            "Wider bike lanes {place}",
            "Bike lanes for cargo bikes {place}",
        ),
        (
            "E-bikes and cargo bikes need room to pass each other; 1.5 m is too tight.",
            "With the school run on cargo bikes, the bike lanes fill up at 8 am.",
        ),
        _wider_bikes,
        key="wider-bikes",
    ),
    Idea(
        (
            "Wider footpaths {place}",
            "Footpaths for Saturday crowds {place}",
            "Room to walk {place}",
        ),
        (
            "The shops need wider footpaths: on Saturdays people walk on the road.",
            "Prams and wheelchairs can't pass each other on the footpath here.",
        ),
        _wider_footpaths,
        key="wider-footpaths",
    ),
    Idea(
        ("Cars out, people in {place}", "A street for people {place}", "A car-free street {place}"),
        (
            "Light rail moves the people; cars don't need lanes here at all.",
            "Let the trams and bikes have the street and give the rest back to people.",
        ),
        _no_cars,
        key="no-cars",
        remix=False,
    ),
    Idea(
        (
            "Room for trucks {place}",
            "Wider traffic lanes {place}",
            "Lanes wide enough for trucks {place}",
        ),
        (
            "Trucks and buses brush the mirrors in 2.7 m lanes; the traffic needs more room.",
            "Deliveries come in big trucks; a wider lane stops them blocking everything.",
        ),
        _keep_lanes,
        key="keep-lanes",
        remix=False,
    ),
)

PLACES = (
    "at Eden Valley",
    "by the Balmoral shops",
    "in Mt Roskill",
    "at the Valley Road stop",
    "near King Edward Street",
    "by Ian McKinnon Drive",
    "at Walters Road",
    "near Burnley Terrace",
    "by Denbigh Avenue",
    "at Mt Albert Road",
    "near Grange Road",
    "by Onslow Road",
    "at Brixton Road",
    "near Bellevue Road",
    "at Prospect Terrace",
    "by Halesowen Avenue",
    "near Quest Terrace",
    "at Landscape Road",
    "by Memorial Avenue",
    "near Stokes Road",
    "at the Balmoral station",
    "by the Eden Valley stop",
    "at Wiremu Street",
    "near Rocklands Avenue",
    "by Dexter Avenue",
    "at Kensington Avenue",
    "near Telford Avenue",
    "by Paice Avenue",
    "at Ewington Avenue",
    "near Marsden Avenue",
    "by Lambeth Road",
    "at Herbert Road",
    "near Sherbourne Road",
    "by Akiraho Street",
    "at Lancing Road",
    "near Cromwell Street",
    "by May Road",
    "at the Mt Roskill shops",
    "by the dumpling houses",
)
FRAMES = (
    "What changes: {changes}.",
    "So this version has {changes}.",
    "My design: {changes}.",
    "Against the proposed street: {changes}.",
)
REMIX_FRAMES = (
    "Building on “{parent}”: {changes}.",
    "Starting from “{parent}”, my version has {changes}.",
)


def _title(idea: Idea, rng: random.Random, used: set[str], place: str) -> tuple[str, str]:
    """A title no other proposal has, and its place: the idea's words at `place` if that is
    still free, else at another place on Dominion Road."""
    for where in (place, *rng.sample(PLACES, len(PLACES))):
        if any(t.format(place=where) not in used for t in idea.titles):
            break
    titles = [t.format(place=where) for t in idea.titles]
    return unique_title(titles, used, rng), where


@dataclass(frozen=True)
class Placed:
    """A street draft's plan, the place its title names (a remix keeps both) and the ideas
    behind it (a remix adds a new one)."""

    plan: Plan
    place: str
    ideas: tuple[Idea, ...] = ()


def street_draft(
    toolkit: Toolkit,
    baseline: dict[str, Any],
    rng: random.Random,
    used_titles: set[str],
    parent: Draft | None,
    ideas: Sequence[Idea] = IDEAS,
    weights: Sequence[float] | None = None,
) -> Draft | None:
    """A proposal's design, title and reason, written from what its plan changes: one of
    `ideas` (as likely as its weight), or a remix of `parent` adding another of them to the
    parent's plan, at the same place. None when no idea gives a design that passes the
    toolkit's error rules."""
    start = parent.idea if parent and isinstance(parent.idea, Placed) else Placed(Plan(), "")
    pool = [
        (idea, weight)
        for idea, weight in zip(ideas, weights or [1.0] * len(ideas), strict=True)
        if weight > 0 and (not parent or (idea.remix and idea not in start.ideas))
    ]
    if not pool:
        return None
    for _ in range(20):
        idea = rng.choices([i for i, _ in pool], weights=[w for _, w in pool])[0]
        plan = idea.plan(start.plan, rng)
        if plan == start.plan or min(plan.west.footpath, plan.east.footpath) < MIN_FOOTPATH_M:
            continue  # nothing new, or no room left to walk
        design = build(baseline, plan)
        if not toolkit.evaluate(design)["valid"]:
            continue
        changes = listed(_changes(plan))
        title, place = _title(idea, rng, used_titles, start.place or rng.choice(PLACES))
        frame = rng.choice(REMIX_FRAMES if parent else FRAMES)
        words = frame.format(changes=changes, parent=parent.title if parent else "")
        reason = f"{rng.choice(idea.motives)} {words[0].upper()}{words[1:]}"
        return Draft(design, title, reason, Placed(plan, place, (*start.ideas, idea)))
    return None
