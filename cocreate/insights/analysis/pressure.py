"""Constraint pressure: which rules customers push against.

Two readings. ``rule_bounds`` reads the submitted designs: for every bound a rule sets (a part
type's width limits, a metric's minimum, a count, a share, one-sided fit, a parameter's range)
how many designs sit at it or past it. ``blocking_rules`` orders the editor's anonymous counts
(``RulePressure``: findings shown, submits blocked, seconds shown) by how often a rule blocked.

"At the bound" means within a stated tolerance on the allowed side, or past it (a warning lets a
design through): ``WIDTH_TOLERANCE_MM`` for widths, lengths and shares of the length,
``RELATIVE_TOLERANCE`` of the bound for metrics, of the declared range for parameters; counts are
whole, so exactly at. Every design counts in the share's denominator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cocreate.design.catalog import build_catalog
from cocreate.design.model import Selector
from cocreate.design.toolkit import Toolkit
from cocreate.design.units import format_m, format_number, format_share, to_mm

from .designs import Item

WIDTH_TOLERANCE_MM = 50  # 0.05 m: a width, length or share of the length this close is at it
RELATIVE_TOLERANCE = 0.02  # 2% of a metric's bound, or of a parameter's declared range

Values = NDArray[np.float64]


@dataclass(frozen=True)
class Bound:
    """One side of one rule: the value per design it limits, the limit, and how close is at it.
    ``present`` (optional) is False where the bound does not apply to a design."""

    rule: str
    label: str
    kind: str  # "min" or "max"
    values: Values
    limit: float
    tolerance: float
    present: NDArray[np.bool_] | None = None
    floor: bool = False  # nothing can lie below this max (a count of at most 0): only past counts


def _counts(bound: Bound) -> tuple[int, int]:
    """How many designs are at or past ``bound``, and how many past it."""
    v, limit = bound.values, bound.limit
    if bound.kind == "min":
        past, at = v < limit, v <= limit + bound.tolerance
    else:
        past, at = v > limit, v >= limit - bound.tolerance
    if bound.floor:
        at = past
    if bound.present is not None:
        past, at = past & bound.present, at & bound.present
    return int(at.sum()), int(past.sum())


def rule_bounds(toolkit: Toolkit, items: Sequence[Item]) -> list[dict[str, Any]]:
    """Per rule bound: ``{"rule", "label", "bound" (min/max), "at_bound", "past", "share"}``,
    the share of all designs at or past it; most pushed first, then by rule id and label."""
    n = len(items)
    if toolkit.kind == "section":
        bounds = _section_bounds(toolkit, items)
    else:
        bounds = _configurator_bounds(toolkit, items)
    rows: list[dict[str, Any]] = []
    for bound in bounds:
        at, past = _counts(bound)
        rows.append(
            {
                "rule": bound.rule,
                "label": bound.label,
                "bound": bound.kind,
                "at_bound": at,
                "past": past,
                "share": round(at / n, 4) if n else 0.0,
            }
        )
    rows.sort(key=lambda row: (-row["share"], row["rule"], row["label"]))
    return rows


def _sides(rule: Mapping[str, Any]) -> list[tuple[str, float]]:
    return [(kind, rule[kind]) for kind in ("min", "max") if rule.get(kind) is not None]


class _Parts:
    """Every part of every design as flat arrays: the design it belongs to, its width (mm) and
    the code of its (type, variant), so each rule reads one vector operation per bound."""

    def __init__(self, toolkit: Toolkit, items: Sequence[Item]) -> None:
        # One pass, keys dropped as soon as looked up: 900,000 kept tuples would keep the
        # garbage collector busy scanning them.
        catalog = toolkit.catalog
        codes: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}
        self.kinds: list[tuple[str, dict[str, str]]] = []  # (type, complete variant) per code
        sizes: list[int] = []
        widths: list[float] = []
        code_of: list[int] = []
        for item in items:
            parts = item.design["parts"]
            sizes.append(len(parts))
            for part in parts:
                t, variant = part["type"], part.get("variant") or {}
                key = (t, tuple(variant.items()))
                code = codes.get(key)
                if code is None:
                    code = codes[key] = len(self.kinds)
                    entry = catalog.get(t)
                    self.kinds.append(
                        (t, {**entry.default_variant, **variant} if entry else variant)
                    )
                widths.append(part["width"])
                code_of.append(code)
        self.n = len(items)
        self.owner = np.repeat(np.arange(self.n), sizes)
        self.code = np.asarray(code_of, dtype=np.int64)
        self.widths = np.floor(np.asarray(widths, dtype=np.float64) * 1000 + 0.5)
        lengths = np.asarray([item.design["length"] for item in items], dtype=np.float64)
        self.length = np.floor(lengths * 1000 + 0.5)

    def per_code(self, value: Callable[[str, dict[str, str]], float]) -> Values:
        """A value per part, computed once per (type, variant)."""
        return self.gather([value(t, v) for t, v in self.kinds])

    def gather(self, table: Sequence[float]) -> Values:
        """Per part, its (type, variant)'s value in ``table``."""
        return np.asarray(table, dtype=np.float64)[self.code] if len(table) else np.zeros(0)

    def matching(self, selector: Selector) -> NDArray[np.bool_]:
        return self.per_code(lambda t, v: float(selector.matches(t, v))) > 0

    def total(self, weights: Values) -> Values:
        """A per-part value summed per design."""
        return np.bincount(self.owner, weights=weights, minlength=self.n).astype(np.float64)

    def any(self, mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
        found = np.zeros(self.n, dtype=bool)
        found[self.owner[mask]] = True
        return found


def _limit(kind: str, what: str, value: str) -> str:
    """A bound as a reader says it: "Capacity: at least 75,000 people/hour"."""
    return f"{what}: {'at least' if kind == 'min' else 'at most'} {value}"


def _section_bounds(toolkit: Toolkit, items: Sequence[Item]) -> list[Bound]:
    catalog = build_catalog(toolkit.document)
    parts = _Parts(toolkit, items)
    bounds: list[Bound] = []

    def width_bound(rule: str, label: str, kind: str, limits: Values) -> None:
        """Widths against a per-part limit (NaN: none): a design is at it when its part nearest
        its limit is within the tolerance of it."""
        has = ~np.isnan(limits)
        excess = parts.widths - limits if kind == "min" else limits - parts.widths
        inside = np.full(parts.n, np.inf)  # per design, how far inside its nearest part stands
        np.minimum.at(inside, parts.owner[has], excess[has])
        values = inside if kind == "min" else -inside  # a max is the same test mirrored
        bounds.append(Bound(rule, label, kind, values, 0.0, WIDTH_TOLERANCE_MM, parts.any(has)))

    def catalog_limit(t: str, v: dict[str, str], kind: str) -> float:
        found = catalog.parts[t].width_limits(v)[kind == "max"] if t in catalog.parts else None
        return np.nan if found is None else float(found)

    for rule in toolkit.document.get("rules", []):
        rid, check = rule["id"], rule["check"]
        if check == "width" and rule.get("catalog", True):
            for tid, entry in catalog.parts.items():
                for kind in ("min", "max"):
                    # per (type, variant) seen: this type's limit; NaN for others and no limit
                    table = [
                        catalog_limit(t, v, kind) if t == tid else np.nan for t, v in parts.kinds
                    ]
                    seen = {limit for limit in table if not np.isnan(limit)}
                    if seen:  # a type no design has, or without this limit, is left out
                        one = f" {format_m(int(seen.pop()))}" if len(seen) == 1 else ""
                        label = f"{entry.label}: {kind}imum width{one}"
                        width_bound(rid, label, kind, parts.gather(table))
        if check == "width":
            for n, limit_doc in enumerate(rule.get("limits") or ()):
                selector = catalog.selector(limit_doc["of"], f"rules.{rid}.limits[{n}].of")
                mask = parts.matching(selector)
                for kind, metres in _sides(limit_doc):
                    mm = to_mm(metres)
                    label = f"{selector.label}: {kind}imum width {format_m(mm)}"
                    width_bound(rid, label, kind, np.where(mask, float(mm), np.nan))
        elif check == "metric":
            name = rule["metric"]
            definition = catalog.metrics[name]

            def adds(t: str, v: dict[str, str], name: str = name) -> float:
                entry = catalog.parts.get(t)
                return entry.contributions(v).get(name, 0.0) if entry else 0.0

            per_part = parts.per_code(adds)
            total = parts.total(per_part)
            for kind, value in _sides(rule):
                label = _limit(kind, definition.label, f"{format_number(value)} {definition.unit}")
                tolerance = RELATIVE_TOLERANCE * abs(value)
                bounds.append(Bound(rid, label, kind, total, value, tolerance))
        elif check == "count":
            selector = catalog.selector(rule["of"], f"rules.{rid}.of")
            count = parts.total(parts.matching(selector).astype(np.float64))
            for kind, value in _sides(rule):
                floor = kind == "max" and value == 0
                label = _limit(kind, selector.label, str(value))
                bounds.append(Bound(rid, label, kind, count, value, 0.0, floor=floor))
        elif check == "share":
            selector = catalog.selector(rule["of"], f"rules.{rid}.of")
            taken = parts.total(np.where(parts.matching(selector), parts.widths, 0.0))
            for kind, fraction in _sides(rule):
                # the share as a width: what its parts take beyond fraction x length, against 0
                spare = taken - fraction * parts.length
                label = _limit(kind, selector.label, f"{format_share(fraction)} of the length")
                bounds.append(Bound(rid, label, kind, spare, 0.0, WIDTH_TOLERANCE_MM))
        elif check == "fit" and rule.get("over", True) != rule.get("room", True):
            # One-sided fit only: a fit that forbids both overflow and room holds every valid
            # design at the length, which says nothing about pressure.
            kind = "max" if rule.get("over", True) else "min"
            over = parts.total(parts.widths) - parts.length
            label = _limit(kind, "The parts add up to", "the length")
            bounds.append(Bound(rid, label, kind, over, 0.0, WIDTH_TOLERANCE_MM))
    return bounds


def _configurator_bounds(toolkit: Toolkit, items: Sequence[Item]) -> list[Bound]:
    """Metric and parameter bounds of a configurator (a handful of numbers per design)."""
    document = toolkit.document
    bounds: list[Bound] = []
    metrics: Values | None = None
    names = list(toolkit.metrics)

    def parameter(pid: str) -> Values:
        return np.asarray(
            [float(item.design["parameters"].get(pid, np.nan)) for item in items], dtype=np.float64
        )

    def holds(when: Mapping[str, Any] | None) -> NDArray[np.bool_] | None:
        if not when:
            return None
        wanted = {o: {v} if isinstance(v, str) else set(v) for o, v in when.items()}
        return np.asarray(
            [
                all(item.design["choices"].get(o) in vs for o, vs in wanted.items())
                for item in items
            ],
            dtype=bool,
        )

    for rule in document.get("rules", []):
        rid, check = rule["id"], rule["check"]
        if check == "metric":
            if metrics is None:
                totals = [toolkit.evaluate(item.design)["metrics"] for item in items]
                metrics = np.asarray([[t[m] for m in names] for t in totals], dtype=np.float64)
                metrics = metrics.reshape(len(items), len(names))
            definition = toolkit.metrics[rule["metric"]]
            column = metrics[:, names.index(rule["metric"])]
            for kind, value in _sides(rule):
                label = _limit(kind, definition.label, f"{format_number(value)} {definition.unit}")
                tolerance = RELATIVE_TOLERANCE * abs(value)
                bounds.append(Bound(rid, label, kind, column, value, tolerance))
        elif check == "range":
            pids = [rule["parameter"]] if "parameter" in rule else list(toolkit.parameters)
            for pid in pids:
                p = toolkit.parameters[pid]
                sides = _sides(rule) if "parameter" in rule else [("min", p.min), ("max", p.max)]
                tolerance = RELATIVE_TOLERANCE * (p.max - p.min)
                for kind, value in sides:
                    label = _limit(kind, p.label, f"{format_number(value)} {p.unit}")
                    present = holds(rule.get("when"))
                    bounds.append(
                        Bound(rid, label, kind, parameter(pid), value, tolerance, present=present)
                    )
    return bounds


def blocking_rules(
    rows: Iterable[dict[str, Any]], labels: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """RulePressure rows (dicts with ``rule``, ``shown``, ``blocked``, ``seconds``; any number of
    days) summed per rule: ``[{"rule", "label", "shown", "blocked", "seconds"}]``, the rule that
    blocked most submits first, then the one shown longest, then by id. ``labels`` names rules
    (a rule's description or id); a rule without one is named by its id."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        rule = str(row["rule"])
        total = totals.setdefault(rule, {"shown": 0, "blocked": 0, "seconds": 0})
        for key in ("shown", "blocked", "seconds"):
            total[key] += int(row.get(key) or 0)
    names = labels or {}
    out = [
        {"rule": rule, "label": names.get(rule, rule), **total} for rule, total in totals.items()
    ]
    out.sort(key=lambda row: (-row["blocked"], -row["seconds"], -row["shown"], row["rule"]))
    return out
