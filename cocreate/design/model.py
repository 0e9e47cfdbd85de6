"""The compiled, immutable pieces of a toolkit: part types, metric definitions, selectors."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypedDict, TypeVar

T = TypeVar("T")


class Finding(TypedDict):
    """One rule hit. ``parts``: for a section, indexes (int) into the design's ``parts``; for a
    configurator, the ids (str) of the options and parameters involved."""

    rule: str
    check: str
    severity: str
    message: str
    parts: list[Any]


class Notice(TypedDict):
    """One thing ``Toolkit.migrate`` did to bring a design up to the toolkit's version.
    ``version`` is the version the step belongs to; ``op`` is ``upgrade`` (the summary, first)
    or the step's op; ``parts`` as in a Finding (part indexes or option/parameter ids)."""

    version: int
    op: str
    message: str
    parts: list[Any]


class Evaluation(TypedDict):
    """What ``Toolkit.evaluate`` returns; identical in the Python and JS engines."""

    valid: bool
    findings: list[Finding]
    metrics: dict[str, int | float]


@dataclass(frozen=True, slots=True)
class MetricDef:
    """A number summed over a design's parts (e.g. capacity in people/hour)."""

    id: str
    label: str
    unit: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class VariantOverride:
    """Width limits or metric contributions that apply when a part's variant matches ``when``."""

    when: tuple[tuple[str, frozenset[str]], ...]
    sets_min: bool = False  # whether this override replaces the min (None then = no limit)
    min_width_mm: int | None = None
    sets_max: bool = False
    max_width_mm: int | None = None
    metrics: Mapping[str, float] = field(default_factory=dict)

    def matches(self, variant: Mapping[str, str]) -> bool:
        return all(variant.get(axis) in values for axis, values in self.when)


@dataclass(frozen=True, slots=True)
class PartType:
    """One entry of the part catalog (the palette)."""

    type: str
    label: str
    color: str
    default_width_mm: int
    min_width_mm: int | None
    max_width_mm: int | None
    variants: dict[str, tuple[str, ...]]
    default_variant: dict[str, str]
    groups: tuple[str, ...] = ()
    metrics: Mapping[str, float] = field(default_factory=dict)
    overrides: tuple[VariantOverride, ...] = ()
    description: str = ""
    # every allowed (axis, value): a complete, valid variant is a subset test in C
    variant_pairs: frozenset[tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        pairs = frozenset((axis, v) for axis, values in self.variants.items() for v in values)
        object.__setattr__(self, "variant_pairs", pairs)

    def width_limits(self, variant: Mapping[str, str]) -> tuple[int | None, int | None]:
        """(min, max) in mm for a part of this type with ``variant``; later overrides win."""
        lo, hi = self.min_width_mm, self.max_width_mm
        for o in self.overrides:
            if o.matches(variant):
                if o.sets_min:
                    lo = o.min_width_mm
                if o.sets_max:
                    hi = o.max_width_mm
        return lo, hi

    def contributions(self, variant: Mapping[str, str]) -> dict[str, float]:
        """Metric values one part of this type adds, after variant overrides."""
        values = dict(self.metrics)
        for o in self.overrides:
            if o.metrics and o.matches(variant):
                values.update(o.metrics)
        return values

    @property
    def has_width_overrides(self) -> bool:
        return any(o.sets_min or o.sets_max for o in self.overrides)

    @property
    def has_metric_overrides(self) -> bool:
        return any(o.metrics for o in self.overrides)


class VariantLookup(Generic[T]):
    """A part type's per-variant value (width limits, metric contributions) tabulated over the
    axes its overrides look at, so evaluating is one dict lookup instead of a scan."""

    __slots__ = ("_axes", "_compute", "_table")
    MAX_ROWS = 512

    def __init__(self, entry: PartType, compute: Callable[[Mapping[str, str]], T]) -> None:
        axes = tuple(sorted({axis for o in entry.overrides for axis, _values in o.when}))
        self._axes = axes
        self._compute = compute
        self._table: dict[tuple[str | None, ...], T] = {}
        if math.prod(len(entry.variants[axis]) for axis in axes) <= self.MAX_ROWS:
            for combo in itertools.product(*(entry.variants[axis] for axis in axes)):
                self._table[combo] = compute(dict(zip(axes, combo, strict=True)))

    def get(self, variant: Mapping[str, str]) -> T:
        value = self._table.get(tuple(map(variant.get, self._axes)))
        return self._compute(variant) if value is None else value


@dataclass(frozen=True, slots=True)
class Selector:
    """Which parts a rule talks about: a set of type ids (types and groups resolved at compile
    time, so matching is one set lookup) plus optional variant conditions."""

    types: frozenset[str]
    variant: tuple[tuple[str, frozenset[str]], ...]
    label: str

    def matches(self, part_type: str, variant: Mapping[str, str]) -> bool:
        if part_type not in self.types:
            return False
        return all(variant.get(axis) in values for axis, values in self.variant)

    def indexes(self, types: list[str], variants: list[dict[str, str]]) -> list[int]:
        """Indexes of the matching parts; the fast path skips variant checks when there are none."""
        members = self.types
        if not self.variant:
            return [i for i, t in enumerate(types) if t in members]
        match = self.matches
        return [i for i, t in enumerate(types) if t in members and match(t, variants[i])]

    def mask(self, types: list[str], variants: list[dict[str, str]]) -> list[bool]:
        """One bool per part, for checks that look at neighbours."""
        members = self.types
        if not self.variant:
            return [t in members for t in types]
        match = self.matches
        return [match(t, v) for t, v in zip(types, variants, strict=True)]


@dataclass(frozen=True, slots=True)
class OptionValue:
    """One value a configurator option offers, with what choosing it adds to each metric."""

    id: str
    label: str
    color: str | None = None
    description: str = ""
    metrics: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Option:
    """A configurator option (e.g. the frame): exactly one of its values is chosen."""

    id: str
    label: str
    values: dict[str, OptionValue]  # in display order
    default: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Parameter:
    """A configurator's numeric parameter; each unit of it adds ``metrics`` to the totals."""

    id: str
    label: str
    unit: str
    min: float
    max: float
    step: float | None
    default: float
    description: str = ""
    metrics: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule's public face (what the Django side lists and counts); the check itself
    lives in the toolkit as a closure."""

    id: str
    check: str
    severity: str
    description: str = ""
