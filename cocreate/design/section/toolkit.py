"""A compiled toolkit of kind ``section``: an ordered row of typed parts with widths."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..catalog import Catalog
from ..errors import DesignError
from ..model import PartType, VariantLookup
from ..rules import Metrics
from ..toolkit import Toolkit
from ..units import to_m
from .checks import CHECKS, Context
from .design import ParsedDesign, read_design
from .fixes import Fixers
from .versions import SectionSteps


def _contributions(
    entry: PartType,
) -> Callable[[Mapping[str, str]], tuple[tuple[str, float], ...]]:
    return lambda variant: tuple(entry.contributions(variant).items())


class SectionToolkit(Toolkit):
    """Designs are ``{"toolkit", "version", "length", "parts": [{"type", "width", ...}]}``."""

    checks = CHECKS
    steps = SectionSteps

    def __init__(self, *, document: Mapping[str, Any], **fields: Any) -> None:
        for key in ("options", "parameters"):
            if key in document:
                raise DesignError(key, "a section toolkit has parts; options are for configurators")
        self._fixers: Fixers | None = None
        super().__init__(document=document, **fields)
        # Metric contributions per type, resolved now unless they depend on the variant.
        self._static: dict[str, tuple[tuple[str, float], ...]] = {}
        self._by_variant: dict[str, VariantLookup[tuple[tuple[str, float], ...]]] = {}
        for tid, entry in self.catalog.items():
            if entry.has_metric_overrides:
                self._by_variant[tid] = VariantLookup(entry, _contributions(entry))
            elif entry.metrics:
                self._static[tid] = tuple(entry.metrics.items())

    def read(self, document: object) -> ParsedDesign:
        """A section design as saved (no migration), its parts flattened; DesignError names
        the path."""
        parsed: ParsedDesign = self._read(document)
        return parsed

    def _read_body(self, doc: dict[str, Any], version: int | None) -> ParsedDesign:
        return read_design(doc, version, catalog=self.catalog, default_length_mm=self.length_mm)

    def _context(self, catalog: Catalog, baseline: ParsedDesign | None) -> Context:
        self._rule_context = Context(catalog=catalog, baseline=baseline)
        return self._rule_context

    @property
    def fixers(self) -> Fixers:
        """The quick fixes' compiled rules, compiled on first use (only editors ask)."""
        if self._fixers is None:
            self._fixers = Fixers(self._document.get("rules", []), self._rule_context)
        return self._fixers

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
