"""The shared conformance vectors: the Python engine must produce exactly the expected
evaluation (the JS engine runs the same file). A vector's toolkit is a bundled id or a document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cocreate.design import load_bundled, load_toolkit

VECTORS = Path(__file__).resolve().parents[1] / "conformance" / "street-section.json"
CASES = json.loads(VECTORS.read_text(encoding="utf-8"))


def test_vectors_have_unique_names_and_cover_every_check():
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    checks = {f["check"] for case in CASES for f in case["expected"]["findings"]}
    assert checks == {
        "fit",
        "width",
        "count",
        "edge",
        "adjacent",
        "share",
        "requires",
        "metric",
        "locked",
        "unknown",
    }


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_vector(case):
    toolkit = case["toolkit"]
    compiled = load_bundled().get(toolkit) if isinstance(toolkit, str) else load_toolkit(toolkit)
    assert compiled.evaluate(case["design"]) == case["expected"]
