"""A small toolkit to test checks against, and designs built from (type, width) pairs."""

from __future__ import annotations

import copy
from typing import Any

from cocreate.design import Toolkit, load_toolkit

CATALOG: dict[str, Any] = {
    "sidewalk": {
        "label": "Sidewalk",
        "color": "#d8d0c0",
        "default_width": 2.0,
        "min_width": 1.8,
        "groups": ["footway"],
        "metrics": {"capacity": 9000},
    },
    "tree": {"label": "Tree", "color": "#5a9a48", "default_width": 1.0, "groups": ["footway"]},
    "bike-lane": {
        "label": "Bike lane",
        "color": "#34a56a",
        "default_width": 1.8,
        "min_width": 1.5,
        "groups": ["cycleway"],
        "metrics": {"capacity": 3750},
        "variants": {"direction": {"values": ["inbound", "outbound", "two-way"]}},
        "variant_overrides": [
            {"when": {"direction": "two-way"}, "min_width": 3.0, "metrics": {"capacity": 7500}}
        ],
    },
    "drive-lane": {
        "label": "Drive lane",
        "color": "#4a5260",
        "default_width": 3.0,
        "min_width": 2.4,
        "max_width": 3.6,
        "groups": ["traffic"],
        "metrics": {"capacity": 600},
        "variants": {"direction": {"values": ["inbound", "outbound"]}},
    },
    "divider": {"label": "Divider", "color": "#b9cda0", "default_width": 0.5},
    "light-rail": {
        "label": "Light rail",
        "color": "#d9571c",
        "default_width": 3.0,
        "min_width": 3.0,
        "groups": ["transit"],
        "metrics": {"capacity": 10000},
        "variants": {"direction": {"values": ["inbound", "outbound"]}},
    },
    "shelter": {
        "label": "Shelter",
        "color": "#f2c94c",
        "default_width": 2.4,
        "groups": ["transit"],
    },
}
GROUPS = {
    "footway": {"label": "Footway"},
    "cycleway": {"label": "Cycleway"},
    "traffic": {"label": "General traffic"},
    "transit": {"label": "Public transport"},
}


def toolkit_doc(*rules: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A toolkit document with the test catalog, 10 m long, and ``rules``."""
    doc: dict[str, Any] = {
        "id": "test-kit",
        "version": 1,
        "kind": "section",
        "title": "Test kit",
        "length": 10,
        "groups": copy.deepcopy(GROUPS),
        "metrics": {"capacity": {"label": "Capacity", "unit": "people/hour"}},
        "parts": copy.deepcopy(CATALOG),
        "rules": list(rules),
    }
    doc.update(extra)
    return doc


def kit(*rules: dict[str, Any], **extra: Any) -> Toolkit:
    return load_toolkit(toolkit_doc(*rules, **extra))


def rule(check: str, severity: str = "error", **params: Any) -> dict[str, Any]:
    return {"id": params.pop("id", check), "check": check, "severity": severity, **params}


def design(*parts: Any, length: float | None = None) -> dict[str, Any]:
    """``design(("sidewalk", 2.0), ("bike-lane", 1.5, {"direction": "two-way"}, "id"))``."""
    out: list[dict[str, Any]] = []
    for part in parts:
        entry: dict[str, Any] = {"type": part[0], "width": part[1]}
        if len(part) > 2 and part[2]:
            entry["variant"] = part[2]
        if len(part) > 3:
            entry["id"] = part[3]
        out.append(entry)
    doc: dict[str, Any] = {"toolkit": "test-kit", "parts": out}
    if length is not None:
        doc["length"] = length
    return doc


def findings(toolkit: Toolkit, doc: dict[str, Any], check: str | None = None) -> list[dict]:
    """The findings of ``doc``, without those of the implicit unknown rule unless asked."""
    return [
        f
        for f in toolkit.evaluate(doc)["findings"]
        if (check is None and f["check"] != "unknown") or f["check"] == check
    ]
