"""Edits return new designs and refuse bad indexes and types with DesignError."""

from __future__ import annotations

import copy

import pytest

from cocreate.design import DesignError, edits, load_bundled

TOOLKIT = load_bundled().get("dominion-road")


@pytest.fixture
def base():
    return TOOLKIT.baseline


def unchanged(base):
    assert base == TOOLKIT.baseline


def test_add_part_uses_the_default_width_and_variant(base):
    added = edits.add_part(TOOLKIT, base, "bike-lane", 1)
    unchanged(base)
    assert added["parts"][1] == {
        "type": "bike-lane",
        "width": 1.8,
        "variant": {"bike-direction": "inbound", "bike-asphalt": "green", "elevation": "road"},
    }
    assert len(added["parts"]) == len(base["parts"]) + 1
    assert edits.add_part(TOOLKIT, base, "outdoor-dining")["parts"][-1] == {
        "type": "outdoor-dining",
        "width": 2.4,
    }


def test_remove_and_move(base):
    removed = edits.remove_part(base, 0)
    assert removed["parts"] == base["parts"][1:]
    moved = edits.move_part(base, 0, 2)
    assert [p["id"] for p in moved["parts"][:3]] == ["cycle-west", "traffic-west", "footpath-west"]
    moved = edits.move_part(base, 8, 0)
    assert moved["parts"][0]["id"] == "footpath-east"
    unchanged(base)


def test_set_width_rounds_to_the_millimetre(base):
    assert edits.set_width(base, 0, 2.34567)["parts"][0]["width"] == 2.346
    unchanged(base)


def test_set_variant_and_set_type(base):
    two_way = edits.set_variant(TOOLKIT, base, 1, "bike-direction", "two-way")
    assert two_way["parts"][1]["variant"]["bike-direction"] == "two-way"
    assert base["parts"][1]["variant"]["bike-direction"] == "inbound"
    bus = edits.set_type(TOOLKIT, base, 2, "bus-lane")
    assert bus["parts"][2] == {
        "type": "bus-lane",
        "width": 2.7,
        "variant": {"direction": "inbound", "bus-asphalt": "red", "bus-type": "typical"},
        "id": "traffic-west",
    }
    plain = edits.set_type(TOOLKIT, base, 2, "outdoor-dining")
    assert "variant" not in plain["parts"][2]
    unchanged(base)


@pytest.mark.parametrize(
    "edit",
    [
        lambda b: edits.add_part(TOOLKIT, b, "monorail"),
        lambda b: edits.add_part(TOOLKIT, b, ""),
        lambda b: edits.add_part(TOOLKIT, b, "tree", 10),
        lambda b: edits.add_part(TOOLKIT, b, "sidewalk", -1),
        lambda b: edits.remove_part(b, 9),
        lambda b: edits.remove_part(b, True),
        lambda b: edits.move_part(b, 0, 9),
        lambda b: edits.set_width(b, 0, 0),
        lambda b: edits.set_width(b, 0, float("nan")),
        lambda b: edits.set_width(b, 0, "wide"),
        lambda b: edits.set_variant(TOOLKIT, b, 1, "bike-direction", "up"),
        lambda b: edits.set_variant(TOOLKIT, b, 1, "colour", "red"),
        lambda b: edits.set_type(TOOLKIT, b, 0, "hoverboard"),
        lambda b: edits.remove_part({"parts": "nope"}, 0),
        lambda b: edits.remove_part([], 0),
    ],
)
def test_bad_edits_raise_design_error_and_change_nothing(base, edit):
    before = copy.deepcopy(base)
    with pytest.raises(DesignError):
        edit(base)
    assert base == before
