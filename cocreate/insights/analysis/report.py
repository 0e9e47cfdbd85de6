"""The stored result of insights items 1-4 for one challenge: every figure the Insights page and
``cocreate insights designs`` show, computed from read designs (``read_designs``' output)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cocreate.design.toolkit import Toolkit

from .allocation import allocation
from .changes import changes
from .consensus import consensus_design
from .designs import Item
from .pressure import rule_bounds
from .schools import find_schools

Progress = Callable[[str, float], None]


def designs_report(
    toolkit: Toolkit,
    items: Sequence[Item],
    progress: Progress | None = None,
    *,
    baseline: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``{"count", "kind", "changes", "options", "parameters", "allocation", "medians",
    "consensus", "schools", "bounds"}`` (docs/insights.md). ``progress(step, share)`` hears
    each step start and, with share 1.0, the end; ``baseline`` is the challenge's own, by
    default the toolkit's."""
    report = progress or _silent
    report("changes", 0.0)
    result: dict[str, Any] = {"count": len(items), "kind": toolkit.kind}
    result.update(changes(toolkit, items, baseline=baseline))
    report("allocation", 0.2)
    result.update(allocation(toolkit, items))
    report("schools", 0.4)
    result["schools"] = find_schools(toolkit, items)
    report("consensus", 0.7)
    result["consensus"] = consensus_design(toolkit, items, result["schools"], result["allocation"])
    report("bounds", 0.85)
    result["bounds"] = rule_bounds(toolkit, items)
    report("done", 1.0)
    return result


def _silent(step: str, share: float) -> None:
    """No one listens."""
