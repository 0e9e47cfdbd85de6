"""Streetmix interop: any saved street (any schema, feet or metres) becomes a section design;
an exported design is a schema-35 street that imports back unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.design import DesignError, load_bundled
from cocreate.design.section.streetmix import export_street, import_street, street_name
from cocreate.design.units import to_mm

FIXTURES = Path(__file__).parents[2] / "fixtures" / "streetmix"
STREET = load_bundled().get("street-section")
DOMINION = load_bundled().get("dominion-road")


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def widths(design: dict) -> list[float]:
    return [part["width"] for part in design["parts"]]


def types(design: dict) -> list[str]:
    return [part["type"] for part in design["parts"]]


def without_ids(design: dict) -> dict:
    parts = [{k: v for k, v in part.items() if k != "id"} for part in design["parts"]]
    return {**design, "parts": parts}


# -- Streetmix's default street ----------------------------------------------------------------


def test_the_default_street_imports_as_24_m_and_14_parts_without_errors():
    design, notes = import_street(fixture("default-street-schema-35"), STREET)
    assert design["toolkit"] == "street-section"
    assert design["version"] == STREET.version
    assert design["length"] == 24.0
    assert len(design["parts"]) == 14
    assert sum(round(w * 1000) for w in widths(design)) == 24_000
    evaluation = STREET.evaluate(design)
    assert evaluation["valid"] is True
    assert [f for f in evaluation["findings"] if f["severity"] == "error"] == []
    # it is the street-section toolkit's own baseline: the facts' default street
    assert without_ids(design) == STREET.baseline
    assert [part["id"] for part in design["parts"]][:2] == ["seg00default", "seg01default"]
    assert notes == ["Not part of a Cocreate design, so not imported: buildings, sky."]


def test_the_default_street_reads_the_same_as_api_response_data_object_or_bare_street():
    api = fixture("default-street-schema-35")
    expected, _notes = import_street(api, STREET)
    assert import_street(api["data"], STREET)[0] == expected
    assert import_street(api["data"]["street"], STREET)[0] == expected
    assert street_name(api) == "Default street"
    assert street_name(api["data"]["street"]) is None


def test_an_extending_toolkit_takes_the_street_as_its_own_design():
    design, _notes = import_street(fixture("default-street-schema-35"), DOMINION)
    assert design["toolkit"] == "dominion-road"
    assert design["version"] == DOMINION.version
    assert design["length"] == 24.0


def test_a_fixed_length_keeps_the_segments_and_lets_the_fit_rule_speak():
    design, notes = import_street(fixture("default-street-schema-35"), DOMINION, length=21)
    assert design["length"] == 21.0 and len(design["parts"]) == 14
    assert "The street is 24.00 m wide; the design fills 21.00 m" in notes[0]
    assert "24.00 m of the 21.00 m available (3.00 m over)" in notes[-1]
    fit = [f for f in DOMINION.evaluate(design)["findings"] if f["check"] == "fit"]
    assert fit[0]["severity"] == "error" and "3.00 m more" in fit[0]["message"]


# -- units and schema history ------------------------------------------------------------------


def test_a_street_before_schema_30_is_in_feet_converted_like_streetmix():
    design, notes = import_street(fixture("feet-schema-14"), STREET)
    # ×0.3048 from the running sum, rounded once where each segment ends: 80 ft -> 24.384 m,
    # ends at 6, 8, 17, 19, 29, 39, 42, 52, 62, 68, 70, 72, 78 and 80 ft: 1828.8 -> 1829 mm,
    # 2438.4 -> 2438 (0.609 wide), 5181.6 -> 5182 (2.744), 5791.2 -> 5791 (0.609), ...
    assert design["length"] == 24.384
    assert widths(design) == [
        1.829, 0.609, 2.744, 0.609, 3.048, 3.048, 0.915,
        3.048, 3.048, 1.828, 0.61, 0.61, 1.828, 0.61,
    ]  # fmt: skip
    assert notes[0].startswith("Schema 14 stored lengths in feet (×0.3048)")
    # 80 ft of segments on an 80 ft street: it fits, in millimetres too (finding 14)
    assert sum(to_mm(w) for w in widths(design)) == 24_384
    assert not any("available" in n for n in notes)
    assert [f for f in STREET.evaluate(design)["findings"] if f["check"] == "fit"] == []


def test_fractional_feet_round_half_up_to_the_millimetre():
    street = {
        "schemaVersion": 29,
        "width": 10,
        "segments": [
            {"type": "drive-lane", "variantString": "inbound|car", "width": 9.33333},
            {"type": "sidewalk", "variantString": "normal", "width": 0.25},
            {"type": "sidewalk", "variantString": "normal", "width": 0.41666},
        ],
    }
    design, _notes = import_street(street, STREET)
    # Ends at 9.33333 ft = 2.844798... m, 9.58333 ft = 2.920999... m and 9.99999 ft = 3.047997 m:
    # 0.00001 ft short of the street, which stays room (1 mm), not a fit by rounding.
    assert widths(design) == [2.845, 0.076, 0.126]
    assert design["length"] == 3.048


def test_units_2_before_schema_30_is_the_old_metric_setting_times_0_3():
    design, notes = import_street(fixture("old-metric-units-2"), STREET)
    assert design["length"] == 18.0  # 60 × 0.3
    assert widths(design) == [3.0, 3.0, 1.95, 3.0, 4.05, 3.0]
    assert "×0.3," in notes[0]


def test_from_schema_30_lengths_are_metres_whatever_the_display_units():
    for units in (0, 1):
        street = {
            "schemaVersion": 30,
            "units": units,
            "width": 12.0,
            "segments": [{"type": "sidewalk", "variantString": "normal", "width": 12}],
        }
        design, notes = import_street(street, STREET)
        assert design["length"] == 12.0 and widths(design) == [12.0]
        assert notes == []


def test_a_street_without_a_schema_version_is_read_as_the_first_schema_in_feet():
    design, notes = import_street({"width": 10, "segments": []}, STREET)
    assert design["length"] == 3.048 and design["parts"] == []
    assert "No schemaVersion" in notes[0]


def test_a_schema_newer_than_35_is_read_as_35_with_a_note():
    design, notes = import_street({"schemaVersion": 40, "width": 3, "segments": []}, STREET)
    assert design["length"] == 3.0
    assert "newer" in notes[0]


# -- variants and types ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "variant_string", "expected"),
    [
        ("drive-lane", "outbound|truck", {"direction": "outbound", "car-type": "truck"}),
        (
            "bike-lane",
            "two-way|red|sidewalk",
            {"bike-direction": "two-way", "bike-asphalt": "red", "elevation": "sidewalk"},
        ),
        (
            "sidewalk-lamp",
            "left|traditional",
            {"lamp-orientation": "left", "lamp-type": "traditional"},
        ),
        (
            "parking-lane",
            "angled|left",
            {"parking-lane-direction": "angled", "parking-lane-orientation": "left"},
        ),
        (
            "transit-shelter",
            "right|light-rail",
            {"orientation": "right", "transit-shelter-elevation": "light-rail"},
        ),
        ("divider", "bollard", {"divider-type": "bollard"}),
        ("sidewalk", "", {"sidewalk-density": "normal"}),  # missing values take the defaults
        ("bike-lane", "inbound", {"bike-direction": "inbound", "bike-asphalt": "green",
                                  "elevation": "road"}),
    ],
)  # fmt: skip
def test_variant_strings_map_to_the_toolkits_axes_in_order(kind, variant_string, expected):
    street = {
        "schemaVersion": 35,
        "width": 5,
        "segments": [{"type": kind, "variantString": variant_string, "width": 5}],
    }
    design, notes = import_street(street, STREET)
    assert design["parts"][0]["variant"] == expected
    assert notes == [] or notes[0].startswith("The segments add up")


def test_variant_values_the_toolkit_lacks_become_defaults_with_a_note():
    street = {
        "schemaVersion": 35,
        "width": 6,
        "segments": [
            {"type": "drive-lane", "variantString": "inbound|av", "width": 3},
            {"type": "sidewalk-bench", "variantString": "left", "width": 3},
        ],
    }
    design, notes = import_street(street, STREET)
    assert design["parts"][0]["variant"] == {"direction": "inbound", "car-type": "car"}
    assert "variant" not in design["parts"][1]
    assert notes == [
        'street.segments[0]: drive-lane car-type "av" is not in the toolkit; used "car".',
        'street.segments[1]: sidewalk-bench variant "left" has more values than the toolkit\'s '
        'axes; "left" not kept.',
    ]


def test_legacy_planting_strip_and_median_become_dividers():
    design, notes = import_street(fixture("legacy-schema-9"), STREET)
    assert types(design) == [
        "sidewalk",
        "divider",
        "drive-lane",
        "divider",
        "drive-lane",
        "sidewalk",
    ]
    assert design["parts"][1]["variant"] == {"divider-type": "planting-strip"}
    assert design["parts"][3]["variant"] == {"divider-type": "median"}
    assert widths(design) == [1.829, 1.219, 3.048, 1.219, 3.048, 1.829]  # 4 ft -> 1.219 m
    assert design["length"] == 12.192  # 40 ft
    assert any('segments[1]: "planting-strip" (merged into divider' in n for n in notes)
    assert STREET.evaluate(design)["valid"] is True


def test_an_old_planting_strip_variant_that_is_a_divider_type_survives():
    street = {
        "schemaVersion": 5,
        "width": 4,
        "segments": [{"type": "planting-strip", "variantString": "palm-tree", "width": 4}],
    }
    design, _notes = import_street(street, STREET)
    assert design["parts"][0] == {
        "type": "divider",
        "width": 1.219,
        "variant": {"divider-type": "palm-tree"},
    }


def test_unknown_types_are_kept_and_reported_by_the_rules():
    design, notes = import_street(fixture("unknown-types"), STREET)
    assert types(design) == ["sidewalk", "magic-carpet", "drive-lane", "sidewalk"]
    assert design["parts"][1] == {"type": "magic-carpet", "width": 3.0}
    assert any('unknown type "magic-carpet" kept' in n for n in notes)
    assert any("labels" in n for n in notes)
    evaluation = STREET.evaluate(design)
    unknown = [f for f in evaluation["findings"] if f["check"] == "unknown"]
    assert [f["parts"] for f in unknown] == [[1]]
    assert evaluation["valid"] is False


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "expected a Streetmix street object, got an array"),
        ({"name": "x"}, "expected a Streetmix street: an API response with data.street"),
        ({"data": 3}, "data: expected an object holding the street, got 3"),
        ({"data": {"plugins": {}}}, "data.street: missing"),
        ({"data": {"street": []}}, "data.street: expected a street object, got an array"),
        ({"street": {"segments": [], "schemaVersion": "35"}}, "street.schemaVersion: expected"),
        ({"segments": [], "schemaVersion": 35}, "street.width: missing"),
        ({"segments": [], "schemaVersion": 35, "width": 0}, "street.width: the street width must"),
        ({"segments": [], "schemaVersion": 35, "width": 2000}, "at most 1000 m"),
        ({"segments": [], "schemaVersion": 35, "width": 10**400}, "out of range"),
        ({"segments": [], "schemaVersion": 35, "width": 3, "units": "metric"}, "street.units"),
        ({"segments": {}, "schemaVersion": 35, "width": 3}, "street.segments: expected an array"),
        (
            {"data": {"street": {"schemaVersion": 35, "width": 3, "segments": [
                {"type": "sidewalk", "width": 1}, {"type": "sidewalk", "width": 1},
                {"type": "sidewalk", "width": 1}, {"type": "sidewalk", "width": "wide"},
            ]}}},
            'data.street.segments[3].width: expected a number of metres, got "wide"',
        ),
        (
            {"schemaVersion": 12, "width": 3, "segments": [{"type": "sidewalk", "width": None}]},
            "street.segments[0].width: expected a number of feet, got null",
        ),
        (
            {"schemaVersion": 35, "width": 3, "segments": [{"type": "", "width": 1}]},
            "street.segments[0].type: expected a segment type",
        ),
        (
            {"schemaVersion": 35, "width": 3, "segments": [{"type": "a", "width": 0.0001}]},
            "street.segments[0].width: a segment width must be more than 0 m",
        ),
        (
            {"schemaVersion": 35, "width": 3, "segments": [
                {"type": "a", "width": 1, "variantString": ["x"]}
            ]},
            "street.segments[0].variantString: expected a string",
        ),
    ],
)  # fmt: skip
def test_bad_input_is_a_design_error_naming_the_path(document, message):
    with pytest.raises(DesignError) as raised:
        import_street(document, STREET)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
words = st.sampled_from([*STREET.catalog, "planting-strip", "median", "inbound|car", "", "|"])
segments = st.lists(
    st.dictionaries(
        st.sampled_from(["type", "width", "variantString", "elevation", "label", "slope", "id"]),
        json_values | words | st.floats(min_value=0, max_value=50),
        max_size=7,
    ),
    max_size=5,
)
streets = st.fixed_dictionaries(
    {},
    optional={
        "schemaVersion": st.integers(-2, 40) | json_values,
        "units": st.integers(-1, 3) | json_values,
        "width": st.floats(min_value=0, max_value=200) | json_values,
        "segments": segments | json_values,
        "boundary": json_values,
    },
)


def survives(document: object) -> None:
    try:
        design, notes = import_street(document, STREET)
    except DesignError as error:
        problem = str(error)
        assert "\n" not in problem
        return
    assert STREET.parse(design) == design
    assert all(isinstance(note, str) and "\n" not in note for note in notes)
    STREET.evaluate(design)


@given(json_values)
@settings(max_examples=300, deadline=None)
def test_any_json_imports_or_raises_design_error(document):
    survives(document)


@given(streets, st.sampled_from(["bare", "data", "api"]))
@settings(max_examples=500, deadline=None)
def test_any_street_shaped_object_imports_or_raises_design_error(street, wrapping):
    if wrapping == "data":
        survives({"street": street})
    elif wrapping == "api":
        survives({"id": "x", "data": {"street": street}})
    else:
        survives(street)


# -- export ------------------------------------------------------------------------------------


def test_export_is_a_schema_35_street_in_metres():
    street = export_street(STREET.baseline, STREET)
    assert street["schemaVersion"] == 35
    assert street["units"] == 0
    assert street["width"] == 24.0
    assert set(street["boundary"]) == {"left", "right"}
    assert all({"variant", "floors", "elevation"} <= set(b) for b in street["boundary"].values())
    first, shelter, bus = street["segments"][0], street["segments"][2], street["segments"][4]
    assert first["type"] == "sidewalk" and first["variantString"] == "normal"
    assert first["width"] == 1.8 and first["elevation"] == 0.15
    assert shelter["variantString"] == "left|street-level"
    assert bus["variantString"] == "inbound|red|shared" and bus["elevation"] == 0.0
    ids = [s["id"] for s in street["segments"]]
    assert len(set(ids)) == len(ids) and all(isinstance(i, str) and i for i in ids)
    assert street["segments"][10]["variantString"] == "outbound|green|road"
    json.dumps(street)  # plain JSON


def test_export_is_deterministic_and_matches_the_default_street_fixture():
    assert export_street(STREET.baseline, STREET) == export_street(STREET.baseline, STREET)
    fixture_street = fixture("default-street-schema-35")["data"]["street"]
    exported = export_street(STREET.baseline, STREET)
    keep = ("type", "variantString", "width", "elevation")
    assert [{k: s[k] for k in keep} for s in exported["segments"]] == [
        {k: s[k] for k in keep} for s in fixture_street["segments"]
    ]


def test_export_keeps_part_ids_and_elevates_raised_variants():
    design = {
        "toolkit": "street-section",
        "length": 12,
        "parts": [
            {"type": "bike-lane", "width": 3, "id": "bike", "variant": {"elevation": "sidewalk"}},
            {"type": "transit-shelter", "width": 3,
             "variant": {"transit-shelter-elevation": "light-rail"}},
            {"type": "divider", "width": 3, "variant": {"divider-type": "bollard"}},
            {"type": "hoverboard", "width": 3},
        ],
    }  # fmt: skip
    segments = export_street(design, STREET)["segments"]
    assert segments[0]["id"] == "bike"
    assert [s["elevation"] for s in segments] == [0.15, 0.75, 0.0, 0.0]
    assert segments[3] == {**segments[3], "type": "hoverboard", "variantString": ""}


def test_export_refuses_a_malformed_design():
    with pytest.raises(DesignError, match=r"parts\[0\]\.width"):
        export_street({"toolkit": "street-section", "parts": [{"type": "x", "width": "w"}]}, STREET)


@st.composite
def designs(draw):
    """A design of any catalog parts with any allowed variant values and widths."""
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(list(STREET.catalog)))
        entry = STREET.catalog[kind]
        part = {"type": kind, "width": draw(st.integers(1, 9000)) / 1000}
        variant = {axis: draw(st.sampled_from(values)) for axis, values in entry.variants.items()}
        if variant:
            part["variant"] = variant
        parts.append(part)
    length = draw(st.integers(1, 60_000)) / 1000
    return {"toolkit": "street-section", "length": length, "parts": parts}


@given(designs())
@settings(max_examples=200, deadline=None)
def test_export_then_import_keeps_types_widths_and_variants(design):
    street = export_street(design, STREET)
    roundtrip = json.loads(json.dumps(street))
    imported, notes = import_street(roundtrip, STREET)
    assert imported == STREET.parse(design)  # ids made up by the export are dropped again
    assert all(n.startswith(("The segments add up", "Not part of")) for n in notes)


def test_export_then_import_of_every_bundled_baseline():
    for toolkit in (STREET, DOMINION):
        baseline = toolkit.baseline
        imported, _notes = import_street(export_street(copy.deepcopy(baseline), toolkit), toolkit)
        assert imported == baseline


def test_segment_ids_are_kept_once_and_made_up_ones_dropped():
    street = {
        "schemaVersion": 35,
        "width": 4,
        "segments": [
            {"id": "kJ3x_9aQ", "type": "sidewalk", "width": 1},
            {"id": "kJ3x_9aQ", "type": "sidewalk", "width": 1},
            {"id": "cocreate-0123456789ab", "type": "sidewalk", "width": 1},
            {"id": 7, "type": "sidewalk", "width": 1},
        ],
    }
    design, _notes = import_street(street, STREET)
    assert [part.get("id") for part in design["parts"]] == ["kJ3x_9aQ", None, None, None]
