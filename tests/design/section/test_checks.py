"""Every check, firing and silent, at its boundaries (±1 mm for lengths)."""

from __future__ import annotations

import pytest

from ..helpers import design, findings, kit, rule

FULL = [("sidewalk", 2.0), ("bike-lane", 1.5), ("drive-lane", 3.0), ("shelter", 3.5)]  # 10.0 m


# fit -----------------------------------------------------------------------------------------


def fit_kit():
    return kit(rule("fit"))


def test_fit_exactly_full_is_silent():
    assert findings(fit_kit(), design(*FULL)) == []


def test_fit_one_millimetre_over_names_the_numbers_and_the_parts_beyond():
    parts = [*FULL[:-1], ("shelter", 3.501)]
    (finding,) = findings(fit_kit(), design(*parts))
    assert finding == {
        "rule": "fit",
        "check": "fit",
        "severity": "error",
        "message": "The parts add up to 10.001 m: 0.001 m more than the 10.00 m available.",
        "parts": [3],
    }


def test_fit_over_marks_every_part_that_sticks_out():
    (finding,) = findings(fit_kit(), design(*FULL, ("tree", 1.0), ("tree", 1.0)))
    assert finding["parts"] == [4, 5]
    assert "12.00 m: 2.00 m more than the 10.00 m" in finding["message"]


def test_fit_one_millimetre_short_is_room():
    parts = [*FULL[:-1], ("shelter", 3.499)]
    (finding,) = findings(fit_kit(), design(*parts))
    assert finding["parts"] == []
    assert finding["message"] == (
        "The parts add up to 9.999 m: 0.001 m less than the 10.00 m available."
    )


def test_fit_can_allow_room_or_overflow():
    short = design(("sidewalk", 2.0))
    long = design(("sidewalk", 12.0))
    assert findings(kit(rule("fit", room=False)), short) == []
    assert len(findings(kit(rule("fit", room=False)), long)) == 1
    assert findings(kit(rule("fit", over=False)), long) == []


def test_the_design_length_overrides_the_toolkit_length():
    assert findings(fit_kit(), design(("sidewalk", 4.0), length=4)) == []


# width ---------------------------------------------------------------------------------------


def width_kit(**params):
    return kit(rule("width", "warning", **params))


@pytest.mark.parametrize(
    ("part", "message"),
    [
        (("bike-lane", 1.5), None),
        (
            ("bike-lane", 1.499),
            "The bike lane on the left is 0.001 m narrower than its 1.50 m minimum.",
        ),
        (("drive-lane", 3.6), None),
        (
            ("drive-lane", 3.601),
            "The drive lane in the middle is 0.001 m wider than its 3.60 m maximum.",
        ),
        (("drive-lane", 2.4), None),
        (
            ("drive-lane", 2.399),
            "The drive lane on the left is 0.001 m narrower than its 2.40 m minimum.",
        ),
        (("divider", 0.05), None),  # no limits in the catalog
    ],
)
def test_width_at_and_past_the_catalog_limits(part, message):
    found = findings(width_kit(), design(("sidewalk", 2.0), part))
    assert [f["message"] for f in found] == ([message] if message else [])
    assert all(f["parts"] == [1] and f["severity"] == "warning" for f in found)


def test_width_follows_variant_overrides():
    two_way = {"direction": "two-way"}
    assert findings(width_kit(), design(("bike-lane", 3.0, two_way))) == []
    (finding,) = findings(width_kit(), design(("bike-lane", 2.999, two_way)))
    assert (
        finding["message"]
        == "The bike lane on the left is 0.001 m narrower than its 3.00 m minimum."
    )


def test_width_explicit_limits_by_selector_and_without_the_catalog():
    toolkit = width_kit(catalog=False, limits=[{"of": {"group": "footway"}, "min": 2.5, "max": 4}])
    doc = design(("sidewalk", 2.499), ("tree", 4.0), ("bike-lane", 1.0), ("sidewalk", 4.001))
    found = findings(toolkit, doc)
    assert [f["parts"] for f in found] == [[0], [3]]
    assert (
        found[1]["message"] == "The sidewalk on the right is 0.001 m wider than its 4.00 m maximum."
    )


def test_width_findings_come_in_part_order():
    doc = design(("drive-lane", 4.0), ("bike-lane", 1.0), ("sidewalk", 1.0))
    assert [f["parts"] for f in findings(width_kit(), doc)] == [[0], [1], [2]]


# count ---------------------------------------------------------------------------------------


def test_count_min_and_max_with_a_variant_selector():
    inbound = {"type": "light-rail", "variant": {"direction": "inbound"}}
    toolkit = kit(rule("count", of=inbound, min=1, max=1))
    track_in = ("light-rail", 3.0, {"direction": "inbound"})
    track_out = ("light-rail", 3.0, {"direction": "outbound"})
    assert findings(toolkit, design(track_in, track_out)) == []
    (short,) = findings(toolkit, design(track_out))
    assert short["message"] == "Light rail (inbound): 0 in the design; at least 1."
    assert short["parts"] == []
    (many,) = findings(toolkit, design(track_in, track_out, track_in))
    assert many["parts"] == [0, 2]
    assert many["message"] == "Light rail (inbound): 2 in the design; at most 1."


def test_count_of_a_group_uses_its_label():
    toolkit = kit(rule("count", of={"group": "footway"}, min=2))
    assert findings(toolkit, design(("sidewalk", 2), ("tree", 1))) == []
    (finding,) = findings(toolkit, design(("sidewalk", 2), ("bike-lane", 2)))
    assert finding["message"] == "Footway: 1 in the design; at least 2."


# edge ----------------------------------------------------------------------------------------


def test_edge_both_ends():
    toolkit = kit(rule("edge", both={"type": "sidewalk"}))
    assert findings(toolkit, design(("sidewalk", 2), ("drive-lane", 3), ("sidewalk", 2))) == []
    found = findings(toolkit, design(("tree", 1), ("sidewalk", 2), ("bike-lane", 2)))
    assert [(f["parts"], f["message"]) for f in found] == [
        ([0], "Sidewalk must stand at the left edge; Tree stands there."),
        ([2], "Sidewalk must stand at the right edge; Bike lane stands there."),
    ]


def test_edge_one_side_and_an_empty_design():
    toolkit = kit(rule("edge", right={"group": "footway"}))
    assert findings(toolkit, design(("drive-lane", 3), ("tree", 1))) == []
    (finding,) = findings(toolkit, design())
    assert finding["parts"] == []
    assert finding["message"] == "Footway must stand at the right edge; nothing stands there."


# adjacent ------------------------------------------------------------------------------------


def adjacent_kit(**params):
    return kit(
        rule("adjacent", "warning", a={"type": "bike-lane"}, b={"type": "drive-lane"}, **params)
    )


def test_adjacent_fires_on_direct_neighbours_either_way_round():
    doc = design(("bike-lane", 2), ("drive-lane", 3), ("bike-lane", 2))
    found = findings(adjacent_kit(separator={"type": "divider"}), doc)
    assert [f["parts"] for f in found] == [[0, 1], [1, 2]]
    left, right = (f["message"] for f in found)
    assert left == "The bike lane on the left touches the drive lane with no divider between."
    assert right == "The bike lane on the right touches the drive lane with no divider between."


def test_adjacent_any_part_between_separates():
    toolkit = adjacent_kit(separator={"type": "divider"})
    assert findings(toolkit, design(("bike-lane", 2), ("divider", 0.5), ("drive-lane", 3))) == []
    assert findings(toolkit, design(("bike-lane", 2), ("shelter", 2), ("drive-lane", 3))) == []


def test_adjacent_without_separator_has_a_plain_message():
    (finding,) = findings(adjacent_kit(), design(("bike-lane", 2), ("drive-lane", 3)))
    assert finding["message"] == "The bike lane on the left touches the drive lane."


# share ---------------------------------------------------------------------------------------


def test_share_min_boundary_to_the_millimetre():
    toolkit = kit(rule("share", "warning", of={"group": "footway"}, min=0.5))
    assert findings(toolkit, design(("sidewalk", 5.0), ("drive-lane", 5.0))) == []
    (finding,) = findings(toolkit, design(("sidewalk", 4.999), ("drive-lane", 5.001)))
    assert finding["message"] == "Footway: 50.0% of the 10.00 m; at least 50.0%."
    assert finding["parts"] == []


def test_share_max_marks_the_parts():
    toolkit = kit(rule("share", of={"group": "traffic"}, max=0.3))
    assert findings(toolkit, design(("drive-lane", 3.0), ("sidewalk", 7.0))) == []
    (finding,) = findings(toolkit, design(("drive-lane", 3.001), ("sidewalk", 6.999)))
    assert finding["parts"] == [0]
    assert finding["message"] == "General traffic: 30.0% of the 10.00 m; at most 30.0%."


# requires ------------------------------------------------------------------------------------


def test_requires_only_when_the_if_part_is_present():
    toolkit = kit(rule("requires", **{"if": {"type": "light-rail"}, "then": {"type": "shelter"}}))
    assert findings(toolkit, design(("sidewalk", 2))) == []
    assert findings(toolkit, design(("light-rail", 3), ("shelter", 2.4))) == []
    (finding,) = findings(toolkit, design(("sidewalk", 2), ("light-rail", 3)))
    assert finding["parts"] == [1]
    assert finding["message"] == "Light rail needs Shelter somewhere in the design."


# metric --------------------------------------------------------------------------------------


def test_metrics_are_summed_per_part_with_variant_overrides():
    doc = design(("sidewalk", 2), ("bike-lane", 3, {"direction": "two-way"}), ("bike-lane", 2))
    assert kit().evaluate(doc)["metrics"] == {"capacity": 9000 + 7500 + 3750}


def test_metric_min_and_max_at_the_boundary():
    toolkit = kit(rule("metric", metric="capacity", min=9600, max=12750))
    assert findings(toolkit, design(("sidewalk", 2), ("drive-lane", 3))) == []  # 9,600
    assert findings(toolkit, design(("sidewalk", 2), ("bike-lane", 2))) == []  # 12,750
    (low,) = findings(toolkit, design(("sidewalk", 2)))
    assert low["message"] == "Capacity is 9,000 people/hour; at least 9,600 people/hour."
    (high,) = findings(toolkit, design(("sidewalk", 2), ("bike-lane", 2), ("drive-lane", 3)))
    assert high["message"] == "Capacity is 13,350 people/hour; at most 12,750 people/hour."


# locked --------------------------------------------------------------------------------------

BASELINE = design(
    ("sidewalk", 2.0, None, "west"),
    ("light-rail", 3.0, {"direction": "inbound"}, "track-in"),
    ("shelter", 2.0),
    ("light-rail", 3.0, {"direction": "outbound"}, "track-out"),
)


def locked_kit(**params):
    return kit(rule("locked", **params), baseline=BASELINE)


def test_locked_parts_kept_anywhere_are_silent():
    toolkit = locked_kit(ids=["track-in", "track-out"])
    moved = design(
        ("light-rail", 3.0, None, "track-out"),
        ("light-rail", 3.0, None, "track-in"),
        ("sidewalk", 4.0),
    )
    assert findings(toolkit, toolkit.baseline) == []
    assert findings(toolkit, moved) == []


def test_locked_removed_and_changed():
    toolkit = locked_kit(ids=["track-in", "track-out"], tolerance=0.1)
    doc = design(("light-rail", 3.0, None, "track-out"), ("light-rail", 3.1, None, "track-in"))
    assert findings(toolkit, doc) == []  # 0.10 m off: exactly the tolerance
    doc = design(("drive-lane", 3.0, None, "track-out"), ("light-rail", 3.101, None, "track-in"))
    found = findings(toolkit, doc)
    assert [(f["parts"], f["message"]) for f in found] == [
        (
            [0],
            "The light rail (track-out) on the left is fixed as Light rail, 3.00 m;"
            " it is now Drive lane, 3.00 m.",
        ),
        (
            [1],
            "The light rail (track-in) in the middle is fixed as Light rail, 3.00 m;"
            " it is now Light rail, 3.101 m.",
        ),
    ]
    (gone,) = findings(toolkit, design(("light-rail", 3.0, None, "track-in")))
    assert gone["parts"] == []
    assert gone["message"] == "Light rail (track-out) is fixed by the organization and was removed."


def test_locked_by_selector_matches_parts_without_ids_by_type_and_width():
    toolkit = locked_kit(of={"type": "shelter"})
    assert findings(toolkit, design(("shelter", 2.0), ("sidewalk", 8))) == []
    (finding,) = findings(toolkit, design(("shelter", 2.001), ("sidewalk", 8)))
    assert finding["message"] == "Shelter is fixed by the organization and was removed."


# unknown -------------------------------------------------------------------------------------


def test_unknown_types_and_variant_values_are_findings_in_part_order():
    doc = design(
        ("sidewalk", 2),
        ("monorail", 3, {"speed": "fast"}),
        ("bike-lane", 2, {"direction": "sideways"}),
        ("drive-lane", 3, {"colour": "red"}),
    )
    evaluation = kit().evaluate(doc)
    assert evaluation["valid"] is False
    assert [(f["rule"], f["parts"], f["message"]) for f in evaluation["findings"]] == [
        ("unknown", [1], 'Part 2 on the left is a "monorail", which this toolkit does not have.'),
        (
            "unknown",
            [2],
            'The bike lane on the right has direction "sideways",'
            " which this toolkit does not offer.",
        ),
        (
            "unknown",
            [3],
            'The drive lane on the right has colour "red", which this toolkit does not offer.',
        ),
    ]


def test_a_declared_unknown_rule_replaces_the_implicit_one():
    toolkit = kit(rule("unknown", "warning", id="strange"))
    (finding,) = toolkit.evaluate(design(("monorail", 3)))["findings"]
    assert (finding["rule"], finding["severity"]) == ("strange", "warning")
    assert [r.id for r in toolkit.rules] == ["strange"]


# evaluation as a whole -----------------------------------------------------------------------


def test_valid_is_false_exactly_when_an_error_finding_exists():
    toolkit = kit(rule("width", "warning"), rule("fit", "info"))
    evaluation = toolkit.evaluate(design(("bike-lane", 1.0)))
    assert [f["severity"] for f in evaluation["findings"]] == ["warning", "info"]
    assert evaluation["valid"] is True
    assert kit(rule("fit")).evaluate(design(("bike-lane", 1.0)))["valid"] is False


def test_findings_follow_rule_order():
    toolkit = kit(rule("width", "warning"), rule("fit"))
    found = findings(toolkit, design(("bike-lane", 1.0)))
    assert [f["rule"] for f in found] == ["width", "fit"]


def test_message_templates_override_defaults_safely():
    toolkit = kit(
        rule(
            "width",
            "warning",
            message="Too narrow or wide: {part}",
            messages={
                "min": "{part} needs {min}, has {width}. {unknown} {0} {{x}} {part.__class__}"
            },
        )
    )
    messages = [
        f["message"] for f in findings(toolkit, design(("bike-lane", 1), ("drive-lane", 4)))
    ]
    assert messages == [
        "Bike lane needs 1.50 m, has 1.00 m. {unknown} {0} {{x}} {part.__class__}",
        "Too narrow or wide: Drive lane",
    ]
