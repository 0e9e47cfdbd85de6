"""A compiled toolkit of kind ``section``: an ordered row of typed parts with widths."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..model import PartType, VariantLookup
from ..rules import Metrics
from ..toolkit import Toolkit
from ..units import to_m
from .design import ParsedDesign, read_design


def _contributions(
    entry: PartType,
) -> Callable[[Mapping[str, str]], tuple[tuple[str, float], ...]]:
    return lambda variant: tuple(entry.contributions(variant).items())


class SectionToolkit(Toolkit):
    """Designs are ``{"toolkit", "version", "length", "parts": [{"type", "width", ...}]}``."""

    def __init__(self, **fields: Any) -> None:
        super().__init__(**fields)
        # Metric contributions per type, resolved now unless they depend on the variant.
        self._static: dict[str, tuple[tuple[str, float], ...]] = {}
        self._by_variant: dict[str, VariantLookup[tuple[tuple[str, float], ...]]] = {}
        for tid, entry in self.catalog.items():
            if entry.has_metric_overrides:
                self._by_variant[tid] = VariantLookup(entry, _contributions(entry))
            elif entry.metrics:
                self._static[tid] = tuple(entry.metrics.items())

    def read(self, document: object) -> ParsedDesign:
        """Check a design's shape and flatten it (as saved: no migration); DesignError names
        the path."""
        return read_design(
            document,
            catalog=self.catalog,
            default_length_mm=self.length_mm,
            toolkit_ids=self._accepts,
            max_version=self.version,
        )

    _read = read

    def _normalized(self, d: ParsedDesign) -> dict[str, Any]:
        """Widths in metres rounded to the millimetre, variants completed with defaults, the
        length made explicit."""
        parts: list[dict[str, Any]] = []
        for i, t in enumerate(d.types):
            part: dict[str, Any] = {"type": t, "width": to_m(d.widths[i])}
            if d.variants[i]:
                part["variant"] = dict(d.variants[i])
            if d.ids[i] is not None:
                part["id"] = d.ids[i]
            parts.append(part)
        return {
            "toolkit": self.id,
            "version": self.version,
            "length": to_m(d.length_mm),
            "parts": parts,
        }

    def _totals(self, d: ParsedDesign) -> Metrics:
        totals: dict[str, float] = dict.fromkeys(self.metrics, 0)
        static, by_variant = self._static, self._by_variant
        for i, t in enumerate(d.types):
            values = static.get(t)
            if values is None:
                lookup = by_variant.get(t)
                if lookup is None:
                    continue
                values = lookup.get(d.variants[i])
            for name, value in values:
                totals[name] += value
        return {
            name: int(value) if isinstance(value, float) and value.is_integer() else value
            for name, value in totals.items()
        }
