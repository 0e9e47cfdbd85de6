"""The shared edit vectors (tests/conformance/edits.json): every edit operation of the Python
engine returns exactly the stated design, or raises the stated DesignError, and never changes
its input. The JS engine runs the same file (tests/js/edits.test.mjs)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cocreate.design import DesignError, Toolkit, edits, load_bundled

FILE = Path(__file__).resolve().parents[1] / "conformance" / "edits.json"
CASES: list[dict[str, Any]] = json.loads(FILE.read_text(encoding="utf-8"))["cases"]
CASE_KEYS = {"name", "note", "toolkit", "design", "edit", "edited", "error"}

# op -> how its vector arguments map onto the Python function
OPS: dict[str, Callable[[Toolkit, Any, dict[str, Any]], dict[str, Any]]] = {
    "add_part": lambda t, d, e: edits.add_part(t, d, e["type"], e.get("index")),
    "remove_part": lambda t, d, e: edits.remove_part(d, e["index"]),
    "move_part": lambda t, d, e: edits.move_part(d, e["index"], e["to"]),
    "set_width": lambda t, d, e: edits.set_width(d, e["index"], e["width"]),
    "set_variant": lambda t, d, e: edits.set_variant(t, d, e["index"], e["axis"], e["value"]),
    "set_type": lambda t, d, e: edits.set_type(t, d, e["index"], e["type"]),
    "set_choice": lambda t, d, e: edits.set_choice(t, d, e["option"], e["value"]),
    "set_parameter": lambda t, d, e: edits.set_parameter(t, d, e["name"], e["value"]),
}


def test_edit_vectors_cover_every_op_with_known_keys():
    assert len({case["name"] for case in CASES}) == len(CASES)
    for case in CASES:
        assert set(case) <= CASE_KEYS, case["name"]
        assert ("edited" in case) != ("error" in case), case["name"]
    assert {case["edit"]["op"] for case in CASES} == set(OPS)
    assert {case["edit"]["op"] for case in CASES if "error" in case} == set(OPS)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_edit_vector(case: dict[str, Any]) -> None:
    toolkit = load_bundled().get(case["toolkit"])
    design = copy.deepcopy(case["design"])
    apply = OPS[case["edit"]["op"]]
    if "error" in case:
        with pytest.raises(DesignError) as raised:
            apply(toolkit, design, case["edit"])
        assert {"path": raised.value.path, "message": str(raised.value)} == case["error"]
    else:
        assert apply(toolkit, design, case["edit"]) == case["edited"]
    assert design == case["design"]  # the input is never changed
