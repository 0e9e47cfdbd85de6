"""What changed between two designs of one toolkit, and a drawing of it.

``diff_designs(toolkit, a, b)`` compares design ``b`` with design ``a`` (``a`` is "before").
Both are migrated to the toolkit's version and normalized first (``Toolkit.parse``), so a design
saved on an older version is judged fairly; both are evaluated by the toolkit.

Sections are matched part by part (``section/diff.py``), configurators option by option
(``configurator/diff.py``).

Both kinds: metric deltas (``b - a`` per metric of the toolkit, rounded to 1e-6) and finding
deltas: findings keyed by ``(rule, message)``, counted as multisets; those only in ``b`` are
``added``, those only in ``a`` are ``removed`` (fixed).

The result is a plain JSON-able dict (see ``diff_designs``); ``result["same"]`` is True exactly
when nothing differs. Everything is deterministic and raises nothing but DesignError.

``render_diff_svg`` draws a diff (``section/diff_svg.py``, ``configurator/diff_svg.py``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .configurator.diff import configurator_changes
from .configurator.diff_svg import render_configurator_diff
from .configurator.toolkit import ConfiguratorToolkit
from .errors import DesignError
from .model import Evaluation, Finding
from .section.diff import section_changes
from .section.diff_svg import render_section_diff
from .section.toolkit import SectionToolkit
from .toolkit import Toolkit
from .units import round_delta

__all__ = ["DesignError", "diff_designs", "render_diff_svg"]


def _metric_deltas(toolkit: Toolkit, ea: Evaluation, eb: Evaluation) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    names = list(toolkit.metrics) + [
        n for n in (*ea["metrics"], *eb["metrics"]) if n not in toolkit.metrics
    ]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            continue
        seen.add(name)
        before = ea["metrics"].get(name, 0)
        after = eb["metrics"].get(name, 0)
        definition = toolkit.metrics.get(name)
        rows.append(
            {
                "metric": name,
                "label": definition.label if definition else name,
                "unit": definition.unit if definition else "",
                "a": before,
                "b": after,
                "delta": round_delta(after - before),
            }
        )
    return rows


def _finding_key(finding: Finding) -> tuple[str, str]:
    return (str(finding.get("rule", "")), str(finding.get("message", "")))


def _only_in(first: list[Finding], second: list[Finding]) -> list[dict[str, Any]]:
    """Findings of ``first`` beyond those of ``second`` with the same rule and message."""
    budget = Counter(_finding_key(f) for f in second)
    out: list[dict[str, Any]] = []
    for finding in first:
        key = _finding_key(finding)
        if budget[key] > 0:
            budget[key] -= 1
            continue
        out.append(
            {
                "rule": key[0],
                "check": finding.get("check", ""),
                "severity": finding.get("severity", ""),
                "message": key[1],
            }
        )
    return out


def _finding_deltas(ea: Evaluation, eb: Evaluation) -> dict[str, list[dict[str, Any]]]:
    return {
        "added": _only_in(eb["findings"], ea["findings"]),
        "removed": _only_in(ea["findings"], eb["findings"]),
    }


def diff_designs(toolkit: Toolkit, a: object, b: object) -> dict[str, Any]:
    """Compare design ``b`` with design ``a`` (see the module docstring for the algorithm).

    Returns, for both kinds: ``kind``, ``same`` (bool), ``metrics`` (a row per metric: ``metric
    label unit a b delta``), ``findings`` (``{"added": [...], "removed": [...]}``, each
    ``{rule, check, severity, message}``). Sections add ``length`` (``{"a_mm", "b_mm"}``),
    ``parts`` (a row per changed part, in drawing order: ``a``/``b`` indexes or None, ``id
    type label width_a_mm width_b_mm delta_mm variants changes``), ``pairs``, and index lists
    ``added`` (b), ``removed`` (a), ``moved``/``resized``/``variants``/``retyped`` ([a, b]).
    Configurators add ``choices`` and ``parameters`` (a row per difference).
    Raises DesignError when either document is not a design of this toolkit."""
    try:
        pa = toolkit.parse(a)
    except DesignError as error:
        raise DesignError(f"a.{error.path}" if error.path else "a", error.detail) from None
    try:
        pb = toolkit.parse(b)
    except DesignError as error:
        raise DesignError(f"b.{error.path}" if error.path else "b", error.detail) from None
    ea, eb = toolkit.evaluate(pa), toolkit.evaluate(pb)
    result: dict[str, Any] = {
        "kind": toolkit.kind,
        "metrics": _metric_deltas(toolkit, ea, eb),
        "findings": _finding_deltas(ea, eb),
    }
    if isinstance(toolkit, ConfiguratorToolkit):
        result.update(configurator_changes(toolkit, pa, pb))
        changed = bool(result["choices"] or result["parameters"])
    else:
        assert isinstance(toolkit, SectionToolkit)  # the only other kind
        da, db = toolkit.read(pa), toolkit.read(pb)
        result["length"] = {"a_mm": da.length_mm, "b_mm": db.length_mm}
        result.update(section_changes(da, db))
        changed = bool(result["parts"]) or da.length_mm != db.length_mm
    result["same"] = not (
        changed
        or result["findings"]["added"]
        or result["findings"]["removed"]
        or any(row["delta"] != 0 for row in result["metrics"])
    )
    return result


def _summary(diff: dict[str, Any]) -> str:
    keys = ("added", "removed", "moved", "resized", "variants")
    counts = [(len(diff.get(key, [])), key) for key in keys]
    said = [f"{n} {key if key != 'variants' else 'variant changes'}" for n, key in counts if n]
    return "Differences: " + (", ".join(said) if said else "none") + "."


def render_diff_svg(
    toolkit: Toolkit,
    a: object,
    b: object,
    diff: dict[str, Any] | None = None,
    *,
    labels: tuple[str, str] = ("A", "B"),
    summary: str | None = None,
) -> str:
    """A visual diff as one ``<svg>``: for a section, ``a`` drawn above ``b`` to the same scale
    with the changed parts outlined (see CHANGE_COLORS); for a configurator, a row per changed
    choice or parameter. ``diff`` is ``diff_designs(toolkit, a, b)`` (computed when None);
    ``labels`` head the two designs and ``summary`` is the accessible name (pass translated
    words). Raises DesignError for a malformed design."""
    if diff is None:
        diff = diff_designs(toolkit, a, b)
    text = summary if summary is not None else _summary(diff)
    if isinstance(toolkit, ConfiguratorToolkit):
        return render_configurator_diff(diff, labels, text)
    assert isinstance(toolkit, SectionToolkit)  # the only other kind
    return render_section_diff(toolkit, a, b, diff, labels, text)
