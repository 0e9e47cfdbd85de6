"""Finding 14, as a property: a Streetmix street whose segments fill it exactly, in feet or in
metres, imports filling it to the millimetre; one they overflow, or leave room in, still does,
however small the difference. Widths are decimals as people type them (up to 2 places in feet,
3 in metres)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cocreate.design import load_bundled
from cocreate.design.section.streetmix import import_street
from cocreate.design.units import to_mm

STREET = load_bundled().get("street-section")

# schema 29: feet (×0.3048); schema 35: metres
UNITS = st.sampled_from([(29, 2), (35, 3)])


def _street(schema: int, widths: list[Decimal], width: Decimal) -> dict:
    segments = [{"type": "sidewalk", "variantString": "normal", "width": float(w)} for w in widths]
    return {"schemaVersion": schema, "width": float(width), "segments": segments}


def _fit(design: dict) -> tuple[int, int]:
    return sum(to_mm(part["width"]) for part in design["parts"]), to_mm(design["length"])


@st.composite
def streets(draw: st.DrawFn) -> tuple[int, list[Decimal]]:
    schema, places = draw(UNITS)
    step = Decimal(1).scaleb(-places)
    counts = draw(st.lists(st.integers(1, 2000), min_size=1, max_size=30))
    return schema, [count * step for count in counts]


@settings(max_examples=300, deadline=None)
@given(streets())
def test_segments_that_fill_the_street_fill_it_to_the_millimetre(street):
    schema, widths = street
    design, _notes = import_street(_street(schema, widths, sum(widths)), STREET)
    parts_mm, length_mm = _fit(design)
    assert parts_mm == length_mm
    assert not [f for f in STREET.evaluate(design)["findings"] if f["check"] == "fit"]


@settings(max_examples=300, deadline=None)
@given(streets(), st.sampled_from([-1, 1]))
def test_segments_that_overflow_or_leave_room_still_do(street, sign):
    schema, widths = street
    step = min(widths).as_tuple().exponent  # the smallest difference a person can type
    width = sum(widths) + sign * Decimal(1).scaleb(step)
    assume(width > 0)
    design, _notes = import_street(_street(schema, widths, width), STREET)
    parts_mm, length_mm = _fit(design)
    assert (parts_mm > length_mm) if sign < 0 else (parts_mm < length_mm)
