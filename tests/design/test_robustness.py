"""Whatever arrives (any JSON, near-valid designs with one thing broken), the engine either
evaluates it or raises DesignError: never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate.design import DesignError, load_bundled, render_svg

TOOLKIT = load_bundled().get("dominion-road")
BASELINE = TOOLKIT.baseline

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
keys = st.sampled_from(["toolkit", "version", "length", "parts", "type", "width", "variant", "id"])


def survives(document: object) -> None:
    """Evaluating, drawing and parsing either work or raise a one-line DesignError."""
    try:
        evaluation = TOOLKIT.evaluate(document)
    except DesignError as error:
        problem = str(error)
    else:
        problem = ""
        errors = [f for f in evaluation["findings"] if f["severity"] == "error"]
        assert evaluation["valid"] == (not errors)
        render_svg(TOOLKIT, document, evaluation)
        render_svg(TOOLKIT, document, evaluation, compact=True)
        TOOLKIT.parse(document)
    assert "\n" not in problem


@given(json_values)
@settings(max_examples=300, deadline=None)
def test_any_json_evaluates_or_raises_design_error(document):
    survives(document)


@given(st.dictionaries(keys, json_values, max_size=5))
def test_any_design_shaped_object_evaluates_or_raises_design_error(document):
    survives(document)


@st.composite
def near_valid(draw):
    """The baseline with a few parts' fields replaced by arbitrary JSON or catalog words."""
    doc = TOOLKIT.baseline
    parts = doc["parts"]
    words = st.sampled_from([*TOOLKIT.catalog, "inbound", "two-way", "monorail", ""])
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(parts)))
        if where == len(parts):
            doc[draw(keys)] = draw(json_values | words)
            continue
        field = draw(st.sampled_from(["type", "width", "variant", "id", "extra"]))
        if field == "variant":
            axis = draw(st.sampled_from(["direction", "bike-direction", "elevation", "x"]))
            parts[where]["variant"] = {axis: draw(words | json_values)}
        elif field == "width":
            parts[where]["width"] = draw(
                st.floats(allow_nan=True) | st.integers(-5, 2000) | json_values
            )
        else:
            parts[where][field] = draw(words | json_values)
    if draw(st.booleans()):
        del parts[draw(st.integers(0, len(parts) - 1))]
    return doc


@given(near_valid())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_near_valid_designs_evaluate_or_raise_design_error(document):
    survives(document)
