"""How alike two designs are, from 0 (nothing shared) to 1 (the same): pure, no Django.

Section designs (an ordered row of typed parts with widths) compare by a weighted Jaccard index
over the total width of each part type (a 3.0 m bus lane and a 3.5 m one mostly agree) blended
with a Jaccard index over the multiset of neighbouring type pairs (the order of the row).
Configurator designs compare by the share of equal choices and the closeness of parameters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

WIDTH_WEIGHT = 0.7  # the rest goes to the order of parts


def _mm(value: Any) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return max(0, round(number * 1000)) if number == number else 0  # NaN counts as nothing


def _parts(design: Mapping[str, Any]) -> list[tuple[str, int]]:
    parts = design.get("parts")
    if not isinstance(parts, list):
        return []
    return [
        (str(part.get("type", "")), _mm(part.get("width")))
        for part in parts
        if isinstance(part, Mapping)
    ]


def weighted_jaccard(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Σ min / Σ max over the union of keys; 1.0 for two empty mappings."""
    keys = set(a) | set(b)
    top = sum(max(a.get(k, 0), b.get(k, 0)) for k in keys)
    if top == 0:
        return 1.0 if not keys or (not any(a.values()) and not any(b.values())) else 0.0
    return sum(min(a.get(k, 0), b.get(k, 0)) for k in keys) / top


def type_widths(design: Mapping[str, Any]) -> Counter[str]:
    """Total width in millimetres of each part type."""
    totals: Counter[str] = Counter()
    for kind, width in _parts(design):
        totals[kind] += width
    return totals


def neighbours(design: Mapping[str, Any]) -> Counter[str]:
    """The multiset of adjacent type pairs, read left to right ("a|b")."""
    kinds = [kind for kind, _width in _parts(design)]
    return Counter(f"{a}|{b}" for a, b in pairwise(kinds))


def section_similarity(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    widths = weighted_jaccard(type_widths(a), type_widths(b))
    order = weighted_jaccard(neighbours(a), neighbours(b))
    return WIDTH_WEIGHT * widths + (1 - WIDTH_WEIGHT) * order


def configurator_similarity(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    choices_a, choices_b = a.get("choices") or {}, b.get("choices") or {}
    params_a, params_b = a.get("parameters") or {}, b.get("parameters") or {}
    scores: list[float] = []
    for key in set(choices_a) | set(choices_b):
        scores.append(1.0 if choices_a.get(key) == choices_b.get(key) else 0.0)
    for key in set(params_a) | set(params_b):
        x, y = params_a.get(key), params_b.get(key)
        if isinstance(x, int | float) and isinstance(y, int | float):
            top = max(abs(x), abs(y))
            scores.append(1.0 if top == 0 else max(0.0, 1 - abs(x - y) / top))
        else:
            scores.append(1.0 if x == y else 0.0)
    return sum(scores) / len(scores) if scores else 1.0


def design_similarity(a: Any, b: Any) -> float:
    """0..1; designs of different shapes (or not designs at all) share nothing."""
    if not isinstance(a, Mapping) or not isinstance(b, Mapping):
        return 0.0
    if "parts" in a and "parts" in b:
        return section_similarity(a, b)
    if "choices" in a and "choices" in b:
        return configurator_similarity(a, b)
    return 0.0
