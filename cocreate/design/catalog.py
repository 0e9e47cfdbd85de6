"""Compile a resolved toolkit's catalog: part types, groups, metric definitions and selectors.

Everything a rule refers to by name (types, groups, variant axes and values, metrics) is checked
here, once, so a typo in a toolkit is a load error naming the path, never a silent no-op rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import DesignError, join
from .model import MetricDef, PartType, Selector, VariantOverride
from .units import format_m, to_mm

NEUTRAL = "#9e9e9e"  # colour of a part type whose toolkit gives none


def optional_mm(value: object) -> int | None:
    """A schema-validated ``number | null`` width in metres as millimetres."""
    return None if value is None else to_mm(float(value))  # type: ignore[arg-type]


def as_values(value: object) -> frozenset[str]:
    """A variant match (``"inbound"`` or ``["inbound", "outbound"]``) as a set of values."""
    if isinstance(value, str):
        return frozenset([value])
    assert isinstance(value, list)  # schema: a value or a non-empty array of values
    return frozenset(value)


@dataclass(frozen=True, slots=True)
class Catalog:
    """The names a toolkit's rules may use, resolved."""

    parts: dict[str, PartType]
    groups: dict[str, str]  # group id -> label
    members: dict[str, frozenset[str]]  # group id -> part type ids
    metrics: dict[str, MetricDef]

    def label(self, part_type: str) -> str:
        entry = self.parts.get(part_type)
        return entry.label if entry is not None else part_type

    def selector(self, doc: Mapping[str, Any], path: str) -> Selector:
        """Compile a selector (types and/or groups, optional variant match) to a set of types."""
        named: list[str] = []
        types: set[str] = set()
        for key in ("type", "group"):
            value = doc.get(key)
            if value is None:
                continue
            table: Mapping[str, object] = self.parts if key == "type" else self.members
            for n, name in enumerate([value] if isinstance(value, str) else value):
                where = join(path, key) if isinstance(value, str) else join(join(path, key), n)
                if name not in table:
                    raise DesignError(where, f'unknown {key} "{name}"')
                if key == "type":
                    types.add(name)
                    named.append(self.parts[name].label)
                else:
                    types.update(self.members[name])
                    named.append(self.groups[name])
        if not named:
            types = set(self.parts)
            named.append("Any part")
        variant = self._variant_match(doc.get("variant") or {}, types, join(path, "variant"))
        label = doc.get("label")
        if label is None:
            label = " or ".join(named)
            if variant:
                label += " (" + ", ".join("/".join(sorted(v)) for _axis, v in variant) + ")"
        return Selector(types=frozenset(types), variant=variant, label=label)

    def _variant_match(
        self, doc: Mapping[str, Any], types: set[str], path: str
    ) -> tuple[tuple[str, frozenset[str]], ...]:
        match = []
        for axis, value in doc.items():
            allowed = {v for t in types for v in self.parts[t].variants.get(axis, ())}
            if not allowed:
                raise DesignError(join(path, axis), f'none of the selected parts has "{axis}"')
            values = as_values(value)
            for v in sorted(values - allowed):
                raise DesignError(join(path, axis), f'"{v}" is not a value of {axis}')
            match.append((axis, values))
        return tuple(match)


def build_catalog(document: Mapping[str, Any]) -> Catalog:
    """Compile the ``groups``, ``metrics`` and ``parts`` of a resolved toolkit document."""
    groups = {gid: str(g["label"]) for gid, g in (document.get("groups") or {}).items()}
    metrics = {
        mid: MetricDef(id=mid, label=m["label"], unit=m["unit"], source=m.get("source"))
        for mid, m in (document.get("metrics") or {}).items()
    }
    parts = {
        tid: _part_type(tid, doc, join("parts", tid), groups, metrics)
        for tid, doc in (document.get("parts") or {}).items()
    }
    members = {gid: frozenset(t for t, p in parts.items() if gid in p.groups) for gid in groups}
    return Catalog(parts=parts, groups=groups, members=members, metrics=metrics)


def _part_type(
    tid: str,
    doc: Mapping[str, Any],
    path: str,
    groups: Mapping[str, str],
    metrics: Mapping[str, MetricDef],
) -> PartType:
    for key in ("label", "default_width"):
        if key not in doc:
            raise DesignError(join(path, key), "missing: a new part type needs a label and a width")
    variants: dict[str, tuple[str, ...]] = {}
    default_variant: dict[str, str] = {}
    for axis, spec in (doc.get("variants") or {}).items():
        values = tuple(spec["values"])
        default = spec.get("default", values[0])
        if default not in values:
            raise DesignError(
                join(join(join(path, "variants"), axis), "default"),
                f'"{default}" is not one of its values',
            )
        variants[axis] = values
        default_variant[axis] = default
    for n, gid in enumerate(doc.get("groups") or ()):
        if gid not in groups:
            raise DesignError(join(join(path, "groups"), n), f'unknown group "{gid}"')
    _check_metric_names(doc.get("metrics") or {}, join(path, "metrics"), metrics)
    overrides = tuple(
        _override(o, join(join(path, "variant_overrides"), n), variants, metrics)
        for n, o in enumerate(doc.get("variant_overrides") or ())
    )
    part = PartType(
        type=tid,
        label=doc["label"],
        color=doc.get("color", NEUTRAL),
        default_width_mm=to_mm(doc["default_width"]),
        min_width_mm=optional_mm(doc.get("min_width")),
        max_width_mm=optional_mm(doc.get("max_width")),
        variants=variants,
        default_variant=default_variant,
        groups=tuple(doc.get("groups") or ()),
        metrics=dict(doc.get("metrics") or {}),
        overrides=overrides,
        description=doc.get("description", ""),
    )
    lo, hi = part.width_limits(default_variant)
    width = part.default_width_mm
    if (lo is not None and width < lo) or (hi is not None and width > hi):
        bounds = f"{format_m(lo) if lo else '0 m'} to {format_m(hi) if hi else 'any width'}"
        raise DesignError(
            join(path, "default_width"), f"{format_m(width)} is outside its limits ({bounds})"
        )
    if lo is not None and hi is not None and lo > hi:
        raise DesignError(join(path, "min_width"), "is more than max_width")
    return part


def _check_metric_names(values: Mapping[str, Any], path: str, metrics: Mapping[str, Any]) -> None:
    for name in values:
        if name not in metrics:
            raise DesignError(join(path, name), f'unknown metric "{name}" (declare it in metrics)')


def _override(
    doc: Mapping[str, Any],
    path: str,
    variants: Mapping[str, tuple[str, ...]],
    metrics: Mapping[str, MetricDef],
) -> VariantOverride:
    when = []
    for axis, value in doc["when"].items():
        where = join(join(path, "when"), axis)
        if axis not in variants:
            raise DesignError(where, f'the part has no variant "{axis}"')
        values = as_values(value)
        for v in sorted(values - set(variants[axis])):
            raise DesignError(where, f'"{v}" is not a value of {axis}')
        when.append((axis, values))
    _check_metric_names(doc.get("metrics") or {}, join(path, "metrics"), metrics)
    return VariantOverride(
        when=tuple(when),
        sets_min="min_width" in doc,
        min_width_mm=optional_mm(doc.get("min_width")),
        sets_max="max_width" in doc,
        max_width_mm=optional_mm(doc.get("max_width")),
        metrics=dict(doc.get("metrics") or {}),
    )
