"""The consensus design: one design that represents the crowd and passes the toolkit's rules.

Candidates, in order: the medoid of the largest school; the allocation laid out in the
baseline's order; the other schools' medoids; the baseline. Each is repaired with the engine's
own quick fixes (``cocreate.design.fixes``) — the first fix of the first error finding that has
one, applied and re-evaluated, at most ``MAX_REPAIRS`` times (a fix never adds a finding, so
this ends) — and the first candidate with no error finding wins. Nothing invalid is returned:
when not even the baseline passes, ValueError says the toolkit has no valid design to offer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cocreate.design.errors import DesignError
from cocreate.design.fixes import apply_fix, quick_fixes
from cocreate.design.model import Evaluation
from cocreate.design.toolkit import Toolkit

from .designs import Item

MAX_REPAIRS = 25


def consensus_design(
    toolkit: Toolkit,
    items: Sequence[Item],
    schools: Sequence[Mapping[str, Any]],
    allocation: Mapping[str, float],
) -> dict[str, Any]:
    """``{"design", "valid": True, "source": "school"|"allocation"|"baseline", "metrics"}``;
    ``allocation``: metres per part type (sections; empty for configurators)."""
    for source, candidate in candidates(toolkit, items, schools, allocation):
        repaired = repair(toolkit, candidate)
        if repaired is not None:
            design, evaluation = repaired
            return {
                "design": design,
                "valid": True,
                "source": source,
                "metrics": evaluation["metrics"],
            }
    raise ValueError(f"{toolkit.title} has no design that passes its rules, not even its baseline")


def candidates(
    toolkit: Toolkit,
    items: Sequence[Item],
    schools: Sequence[Mapping[str, Any]],
    allocation: Mapping[str, float],
) -> Iterator[tuple[str, object]]:
    """The designs to start from, best first (see the module docstring)."""
    designs = {item.id: item.design for item in items}
    medoids = [designs[s["medoid"]] for s in schools if s["medoid"] in designs]
    if medoids:
        yield "school", medoids[0]
    laid_out = allocation_design(toolkit, allocation)
    if laid_out is not None:
        yield "allocation", laid_out
    for medoid in medoids[1:]:
        yield "school", medoid
    if toolkit.baseline is not None:
        yield "baseline", toolkit.baseline


def allocation_design(toolkit: Toolkit, allocation: Mapping[str, float]) -> object | None:
    """The allocation as a section design: the baseline's parts in their order, each type's
    metres shared among its parts as the baseline shares them; a type the baseline lacks
    becomes one part in the middle, a type given nothing goes. None without a baseline or an
    allocation."""
    baseline = toolkit.baseline
    if not allocation or baseline is None or "parts" not in baseline:
        return None
    given = {t: round(metres * 1000) for t, metres in allocation.items() if metres > 0}
    parts = baseline["parts"]
    totals: dict[str, int] = {}
    for part in parts:
        totals[part["type"]] = totals.get(part["type"], 0) + round(part["width"] * 1000)
    laid_out = []
    for part in parts:
        if part["type"] in given:
            share = round(part["width"] * 1000) / (totals[part["type"]] or 1)
            laid_out.append({**part, "width": round(given[part["type"]] * share)})
    middle = len(laid_out) // 2
    new = [{"type": t, "width": mm} for t, mm in sorted(given.items()) if t not in totals]
    laid_out[middle:middle] = new
    if not laid_out:
        return None
    # rounding each share may leave a millimetre or two: the widest part takes it
    widest = max(range(len(laid_out)), key=lambda i: (laid_out[i]["width"], -i))
    laid_out[widest]["width"] += sum(given.values()) - sum(p["width"] for p in laid_out)
    return {**baseline, "parts": [{**p, "width": p["width"] / 1000} for p in laid_out]}


def repair(toolkit: Toolkit, design: object) -> tuple[dict[str, Any], Evaluation] | None:
    """The design with its errors fixed by the engine's quick fixes, or None when some error
    has no fix (or the design cannot be read)."""
    try:
        current = toolkit.parse(design)
        for _attempt in range(MAX_REPAIRS + 1):
            evaluation = toolkit.evaluate(current)
            errors = [f["severity"] == "error" for f in evaluation["findings"]]
            if not any(errors):
                return current, evaluation
            offered = quick_fixes(toolkit, current, evaluation)
            fix = next((f[0] for f, e in zip(offered, errors, strict=True) if e and f), None)
            if fix is None:
                return None
            current = toolkit.parse(apply_fix(toolkit, current, fix))
    except DesignError:
        return None
    return None
