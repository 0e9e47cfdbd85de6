"""The rule checks of section toolkits, each compiled once into a closure over a parsed design.

A compiler (added to ``CHECKS`` in the format's table order) reads its rule's parameters
(already schema-validated), resolves names through the catalog and returns
``check(design, metrics, findings)``, which appends its findings in part
order. Work that does not depend on the design (limits per type, selector sets, message
templates) happens at compile time, so evaluating stays a few list scans.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..catalog import Catalog, optional_mm
from ..errors import DesignError, join
from ..messages import Emitter
from ..metric_rule import compile_metric_rule
from ..model import Finding, Selector, VariantLookup
from ..rules import Check as AnyCheck
from ..rules import Checks, Metrics, check_bounds
from ..units import format_m, format_share, to_mm
from .design import ParsedDesign

Check = AnyCheck[ParsedDesign]


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may refer to: the catalog, and the baseline for ``locked``."""

    catalog: Catalog
    baseline: ParsedDesign | None


def part_label(d: ParsedDesign, i: int) -> str:
    entry = d.part_types[i]
    return entry.label if entry is not None else d.types[i]


SIDES = {"left": "on the left", "right": "on the right", "middle": "in the middle"}


def in_sentence(label: str) -> str:
    """A label inside a sentence: "Bike lane" -> "bike lane"; an acronym ("BRT lane") stays.
    ASCII only, so both engines agree on every label."""
    first, second = label[:1], label[1:2]
    if "A" <= first <= "Z" and not ("A" <= second <= "Z"):
        return first.lower() + label[1:]
    return label


def where(d: ParsedDesign, i: int) -> dict[str, str]:
    """The placeholders that point at part ``i``: ``part`` (its label), ``name`` (the label
    inside a sentence) and ``side`` ("on the left", "on the right", "in the middle")."""
    label = part_label(d, i)
    return {"part": label, "name": in_sentence(label), "side": SIDES[d.side(i)]}


CHECKS: Checks[Context, ParsedDesign] = Checks("section")


@CHECKS.add("fit")
def _fit(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    emit = Emitter(
        rule,
        path,
        {
            "over": "The parts add up to {total}: {difference} more than the {length} available.",
            "room": "The parts add up to {total}: {difference} less than the {length} available.",
        },
    )
    over, room = rule.get("over", True), rule.get("room", True)

    def check(d: ParsedDesign, metrics: Metrics, out: list[Finding]) -> None:
        total, length = d.total_mm, d.length_mm
        if total == length or (total > length and not over) or (total < length and not room):
            return
        values = {
            "total": format_m(total),
            "length": format_m(length),
            "difference": format_m(abs(total - length)),
        }
        if total < length:
            out.append(emit.finding("room", [], values))
            return
        end, first = 0, 0
        for first, width in enumerate(d.widths):  # noqa: B007 - first is the loop's result
            end += width
            if end > length:
                break
        out.append(emit.finding("over", list(range(first, len(d.widths))), values))

    return check


class WidthLimits:
    """A width rule's bounds per part: the catalog's (by type, or by variant when it has
    overrides) and the rule's own ``limits``, compiled once; the check and its quick fix share
    them."""

    def __init__(self, rule: Mapping[str, Any], path: str, ctx: Context) -> None:
        self.fixed: dict[str, tuple[int | None, int | None]] = {}
        self.by_variant: dict[str, VariantLookup[tuple[int | None, int | None]]] = {}
        if rule.get("catalog", True):
            for tid, entry in ctx.catalog.parts.items():
                if entry.has_width_overrides:
                    self.by_variant[tid] = VariantLookup(entry, entry.width_limits)
                elif entry.min_width_mm is not None or entry.max_width_mm is not None:
                    self.fixed[tid] = (entry.min_width_mm, entry.max_width_mm)
        self.limits: list[tuple[Selector, int | None, int | None]] = []
        for n, limit in enumerate(rule.get("limits") or ()):
            where = join(join(path, "limits"), n)
            lo, hi = optional_mm(limit.get("min")), optional_mm(limit.get("max"))
            check_bounds(where, lo, hi)
            self.limits.append((ctx.catalog.selector(limit["of"], join(where, "of")), lo, hi))

    def catalog_bounds(
        self, part_type: str, variant: Mapping[str, str]
    ) -> tuple[int | None, int | None] | None:
        bounds = self.fixed.get(part_type)
        if bounds is None and part_type in self.by_variant:
            bounds = self.by_variant[part_type].get(variant)
        return bounds

    def bounds(self, part_type: str, variant: Mapping[str, str]) -> tuple[int | None, int | None]:
        """The tightest (min, max) of every bound that applies to a part."""
        found = [self.catalog_bounds(part_type, variant)]
        found += [(lo, hi) for sel, lo, hi in self.limits if sel.matches(part_type, variant)]
        los = [b[0] for b in found if b is not None and b[0] is not None]
        his = [b[1] for b in found if b is not None and b[1] is not None]
        return (max(los) if los else None), (min(his) if his else None)


@CHECKS.add("width")
def _width(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    emit = Emitter(
        rule,
        path,
        {
            "min": "The {name} {side} is {difference} narrower than its {min} minimum.",
            "max": "The {name} {side} is {difference} wider than its {max} maximum.",
        },
    )
    limits = WidthLimits(rule, path, ctx)
    catalog_bounds, own = limits.catalog_bounds, limits.limits

    def judge(d: ParsedDesign, i: int, lo: int | None, hi: int | None, out: list[Finding]) -> None:
        width = d.widths[i]
        if lo is not None and width < lo:
            kind, bound = "min", lo
        elif hi is not None and width > hi:
            kind, bound = "max", hi
        else:
            return
        values = {
            **where(d, i),
            "width": format_m(width),
            kind: format_m(bound),
            "difference": format_m(abs(width - bound)),
        }
        out.append(emit.finding(kind, [i], values))

    def check(d: ParsedDesign, metrics: Metrics, out: list[Finding]) -> None:
        variants, widths = d.variants, d.widths
        for i, t in enumerate(d.types):
            bounds = catalog_bounds(t, variants[i])
            if bounds is not None:
                lo, hi = bounds
                if (lo is not None and widths[i] < lo) or (hi is not None and widths[i] > hi):
                    judge(d, i, lo, hi, out)
            for selector, lo, hi in own:
                if selector.matches(t, variants[i]):
                    judge(d, i, lo, hi, out)

    return check


@CHECKS.add("count")
def _count(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    emit = Emitter(
        rule,
        path,
        {
            "min": "{selector}: {count} in the design; at least {min}.",
            "max": "{selector}: {count} in the design; at most {max}.",
        },
    )
    selector = ctx.catalog.selector(rule["of"], join(path, "of"))
    lo, hi = rule.get("min"), rule.get("max")
    check_bounds(path, lo, hi)

    def check(d: ParsedDesign, metrics: Metrics, out: list[Finding]) -> None:
        found = selector.indexes(d.types, d.variants)
        count = len(found)
        values = {"selector": selector.label, "count": str(count)}
        if lo is not None and count < lo:
            out.append(emit.finding("min", [], {**values, "min": str(lo)}))
        elif hi is not None and count > hi:
            out.append(emit.finding("max", found, {**values, "max": str(hi)}))

    return check


@CHECKS.add("edge")
def _edge(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    emit = Emitter(
        rule,
        path,
        {
            "left": "{selector} must stand at the left edge; {part} stands there.",
            "right": "{selector} must stand at the right edge; {part} stands there.",
        },
    )
    ends: list[tuple[str, Selector]] = []
    for key in ("left", "both", "right"):
        if key in rule:
            selector = ctx.catalog.selector(rule[key], join(path, key))
            ends.extend(
                (side, selector) for side in (("left", "right") if key == "both" else (key,))
            )
    ends.sort(key=lambda end: end[0] == "right")  # left edge first: findings in part order

    def check(d: ParsedDesign, metrics: Metrics, out: list[Finding]) -> None:
        n = len(d.types)
        for side, selector in ends:
            if n == 0:
                out.append(emit.finding(side, [], {"selector": selector.label, "part": "nothing"}))
                continue
            i = 0 if side == "left" else n - 1
            if not selector.matches(d.types[i], d.variants[i]):
                values = {"selector": selector.label, "part": part_label(d, i)}
                out.append(emit.finding(side, [i], values))

    return check


@CHECKS.add("adjacent")
def _adjacent(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    """A and B must not be direct neighbours. Any part between them separates them; the optional
    ``separator`` names what should go there, for the message (and an editor's quick fix)."""
    separator = rule.get("separator")
    sep_label = ctx.catalog.selector(separator, join(path, "separator")).label if separator else ""
    default = "The {a_name} {side} touches the {b_name}"
    default += " with no {separator_name} between." if separator else "."
    emit = Emitter(rule, path, {"touch": default})
    a = ctx.catalog.selector(rule["a"], join(path, "a"))
    b = ctx.catalog.selector(rule["b"], join(path, "b"))

    def check(d: ParsedDesign, metrics: Metrics, out: list[Finding]) -> None:
        types, variants = d.types, d.variants
        in_a, in_b = a.mask(types, variants), b.mask(types, variants)
        for i in range(len(types) - 1):
            if (in_a[i] and in_b[i + 1]) or (in_b[i] and in_a[i + 1]):
                # the part of selector ``a`` leads the sentence: "The bike lane on the right
                # touches the drive lane", whichever side of it the drive lane is
                first, second = (i, i + 1) if in_a[i] and in_b[i + 1] else (i + 1, i)
                lead = where(d, first)
                values = {
                    "a": part_label(d, i),
                    "b": part_label(d, i + 1),
                    "a_name": lead["name"],
                    "b_name": in_sentence(part_label(d, second)),
                    "side": lead["side"],
                    "separator": sep_label,
                    "separator_name": in_sentence(sep_label),
                }
                out.append(emit.finding("touch", [i, i + 1], values))

    return check


@CHECKS.add("share")
def _share(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    emit = Emitter(
        rule,
        path,
        {
            "min": "{selector}: {share} of the {length}; at least {min}.",
            "max": "{selector}: {share} of the {length}; at most {max}.",
        },
    )
    selector = ctx.catalog.selector(rule["of"], join(path, "of"))
    lo, hi = rule.get("min"), rule.get("max")
    check_bounds(path, lo, hi)

    def check(d: ParsedDesign, metrics: Metrics, out: list[Finding]) -> None:
        found = selector.indexes(d.types, d.variants)
        widths = d.widths
        taken = sum(widths[i] for i in found)
        length = d.length_mm
        if lo is not None and taken < lo * length:
            kind, bound, parts = "min", lo, []
        elif hi is not None and taken > hi * length:
            kind, bound, parts = "max", hi, found
        else:
            return
        values = {
            "selector": selector.label,
            "share": format_share(taken / length),
            "length": format_m(length),
            "width": format_m(taken),
            kind: format_share(bound),
        }
        out.append(emit.finding(kind, parts, values))

    return check


@CHECKS.add("requires")
def _requires(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    emit = Emitter(rule, path, {"missing": "{if} needs {then} somewhere in the design."})
    when = ctx.catalog.selector(rule["if"], join(path, "if"))
    then = ctx.catalog.selector(rule["then"], join(path, "then"))
    values = {"if": when.label, "then": then.label}

    def check(d: ParsedDesign, metrics: Metrics, out: list[Finding]) -> None:
        found = when.indexes(d.types, d.variants)
        if found and not then.indexes(d.types, d.variants):
            out.append(emit.finding("missing", found, values))

    return check


@CHECKS.add("metric")
def _metric(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    return compile_metric_rule(rule, path, ctx.catalog.metrics)


@CHECKS.add("locked")
def _locked(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    """Baseline parts the organization fixes. Parts with an id are found by id; locked parts
    without one need a distinct part of their type and width somewhere in the design."""
    emit = Emitter(
        rule,
        path,
        {
            "removed": "{part} is fixed by the organization and was removed.",
            "changed": "The {name} {side} is fixed as {expected}; it is now {actual}.",
        },
    )
    base = ctx.baseline
    if base is None:
        raise DesignError(path, "a locked rule needs the toolkit's baseline, and there is none")
    tolerance = to_mm(rule.get("tolerance", 0))
    chosen: set[int] = set()
    for n, pid in enumerate(rule.get("ids") or ()):
        index = base.index_of(pid)
        if index is None:
            raise DesignError(join(join(path, "ids"), n), f'no baseline part has id "{pid}"')
        chosen.add(index)
    if "of" in rule:
        chosen.update(
            ctx.catalog.selector(rule["of"], join(path, "of")).indexes(base.types, base.variants)
        )
    # (id or None, type, width, name) per locked part, in baseline order
    locked = []
    for i in sorted(chosen):
        pid = base.ids[i]
        name = f"{part_label(base, i)} ({pid})" if pid else part_label(base, i)
        locked.append((pid, base.types[i], base.widths[i], name))

    def describe(d: ParsedDesign, i: int) -> str:
        return f"{part_label(d, i)}, {format_m(d.widths[i])}"

    def check(d: ParsedDesign, metrics: Metrics, out: list[Finding]) -> None:
        found: list[Finding] = []
        # Parts found by id are spoken for before any part without an id looks for its match,
        # so one part never satisfies two locks.
        by_id = {pid: d.index_of(pid) for pid, _t, _w, _n in locked if pid}
        taken = {i for i in by_id.values() if i is not None}
        for pid, t, width, name in locked:
            i = by_id[pid] if pid else _free_match(d, t, width, tolerance, taken)
            if i is None:
                found.append(emit.finding("removed", [], {"part": name}))
                continue
            taken.add(i)
            if d.types[i] != t or abs(d.widths[i] - width) > tolerance:
                expected = f"{ctx.catalog.label(t)}, {format_m(width)}"
                values = {
                    "part": name,
                    "name": in_sentence(name),
                    "side": SIDES[d.side(i)],
                    "expected": expected,
                    "actual": describe(d, i),
                }
                found.append(emit.finding("changed", [i], values))
        found.sort(key=lambda f: f["parts"][0] if f["parts"] else -1)
        out.extend(found)

    return check


def _free_match(d: ParsedDesign, t: str, width: int, tolerance: int, taken: set[int]) -> int | None:
    for i, other in enumerate(d.types):
        if other == t and i not in taken and abs(d.widths[i] - width) <= tolerance:
            return i
    return None


@CHECKS.add("unknown")
def _unknown(rule: Mapping[str, Any], path: str, ctx: Context) -> Check:
    """Part types and variant values this version does not have: the reader keeps them, so an
    old design still opens, and this check reports them until they are replaced."""
    emit = Emitter(
        rule,
        path,
        {
            "type": 'Part {number} {side} is a "{type}", which this toolkit does not have.',
            "variant": 'The {name} {side} has {axis} "{value}", which this toolkit does not offer.',
        },
    )

    def check(d: ParsedDesign, metrics: Metrics, out: list[Finding]) -> None:
        if not d.unknown and not d.bad_variants:
            return
        hits = [
            (
                i,
                0,
                emit.finding(
                    "type", [i], {**where(d, i), "number": str(i + 1), "type": d.types[i]}
                ),
            )
            for i in d.unknown
        ]
        for n, (i, axis, value) in enumerate(d.bad_variants):
            values = {**where(d, i), "axis": axis, "value": value}
            hits.append((i, n + 1, emit.finding("variant", [i], values)))
        hits.sort(key=lambda hit: hit[:2])
        out.extend(finding for _i, _n, finding in hits)

    return check
