"""The shared conformance vectors (tests/conformance/*.json, format in its README.md): the Python
engine must produce exactly the expected evaluation, normalized design or DesignError. The JS
engine (cocreate/static/cocreate/design/) runs the same files (tests/js/engine.test.mjs); any
difference is a failing test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cocreate.design import DesignError, Toolkit, ToolkitRegistry, load_bundled, load_toolkit
from cocreate.design.fixes import quick_fixes

FOLDER = Path(__file__).resolve().parents[1] / "conformance"
CASE_KEYS = {
    "name",
    "note",
    "toolkit",
    "design",
    "expected",
    "parsed",
    "migrated",
    "notices",
    "error",
    "python_xfail",
    "fixes",
}
FILE_KEYS = {"description", "toolkits", "cases"}


def read_file(path: Path) -> dict[str, Any]:
    """A vector file as ``{"toolkits": {...}, "cases": [...]}`` (a bare list is all cases)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        return {"toolkits": {}, "cases": data}
    assert set(data) <= FILE_KEYS, f"{path.name}: unknown keys {set(data) - FILE_KEYS}"
    return {"toolkits": data.get("toolkits", {}), "cases": data["cases"]}


EDITS = "edits.json"  # edit operations, not evaluations: test_edit_vectors.py runs them
FILES = {p.name: read_file(p) for p in sorted(FOLDER.glob("*.json")) if p.name != EDITS}
CASES = [(name, case) for name, data in FILES.items() for case in data["cases"]]


def _param(file: str, case: dict[str, Any]) -> Any:
    marks = []
    xfail = case.get("python_xfail")
    if xfail:
        marks.append(pytest.mark.xfail(reason=xfail["reason"], strict=xfail.get("strict", True)))
    return pytest.param(file, case, id=f"{file}: {case['name']}", marks=marks)


def registry_for(file: str) -> tuple[ToolkitRegistry, dict[str, Toolkit]]:
    """The bundled toolkits plus the file's own, compiled in the order the file lists them."""
    bundled = load_bundled()
    toolkits = [bundled.get(i, v) for i in bundled.ids() for v in bundled.versions(i)]
    local: dict[str, Toolkit] = {}
    for key, document in FILES[file]["toolkits"].items():
        local[key] = load_toolkit(document, ToolkitRegistry([*toolkits, *local.values()]))
    return ToolkitRegistry([*toolkits, *local.values()]), local


def run(file: str, case: dict[str, Any]) -> dict[str, Any]:
    """What the case states, as the engine computes it: ``expected`` (the evaluation) and, when
    the case gives them, ``parsed`` and ``migrated``/``notices`` (``Toolkit.migrate``)."""
    registry, local = registry_for(file)
    toolkit = case["toolkit"]
    if isinstance(toolkit, str):
        compiled = local[toolkit] if toolkit in local else registry.get(toolkit)
    else:
        compiled = load_toolkit(toolkit, registry)
    evaluation = compiled.evaluate(case["design"])
    got: dict[str, Any] = {"expected": dict(evaluation)}
    if "fixes" in case:
        got["fixes"] = quick_fixes(compiled, case["design"], evaluation)
    if "parsed" in case:
        got["parsed"] = compiled.parse(case["design"])
    if "migrated" in case or "notices" in case:
        got["migrated"], got["notices"] = compiled.migrate(case["design"])
    return got


def test_vectors_have_unique_names_known_keys_and_cover_every_check():
    names = [case["name"] for _file, case in CASES]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    for _file, case in CASES:
        assert set(case) <= CASE_KEYS, f"{case['name']}: unknown keys {set(case) - CASE_KEYS}"
        assert ("expected" in case) != ("error" in case), f"{case['name']}: expected xor error"
    found = [f for _file, case in CASES if "expected" in case for f in case["expected"]["findings"]]
    section_checks = ("fit", "width", "count", "edge", "adjacent", "share", "requires", "metric")
    pairs = {(f["check"], f["severity"]) for f in found}
    for check in (*section_checks, "locked", "unknown"):
        for severity in ("error", "warning", "info"):
            assert (check, severity) in pairs, (check, severity)
    assert len(CASES) >= 150


@pytest.mark.parametrize(("file", "case"), [_param(f, c) for f, c in CASES])
def test_vector(file, case):
    if "error" in case:
        with pytest.raises(DesignError) as raised:
            run(file, case)
        assert {"path": raised.value.path, "message": str(raised.value)} == case["error"]
        return
    got = run(file, case)
    for key in ("expected", "parsed", "migrated", "notices", "fixes"):
        if key in case:
            assert got[key] == case[key], key
