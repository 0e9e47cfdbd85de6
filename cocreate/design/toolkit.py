"""A compiled toolkit: evaluate and normalize designs with checks compiled once at load time."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog
from .checks import Check, Metrics
from .design import ParsedDesign, read_design, read_header
from .migrations import Migrations, copy_design
from .model import (
    Evaluation,
    Finding,
    MetricDef,
    Notice,
    Option,
    Parameter,
    PartType,
    Rule,
    VariantLookup,
)
from .units import to_m, to_mm


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    check: Check


def _contributions(
    entry: PartType,
) -> Callable[[Mapping[str, str]], tuple[tuple[str, float], ...]]:
    return lambda variant: tuple(entry.contributions(variant).items())


class Toolkit:
    """One version of a toolkit. Immutable after compile; safe to share across threads."""

    def __init__(
        self,
        *,
        document: Mapping[str, Any],
        catalog: Catalog,
        accepts: frozenset[str],
        ancestors: tuple[str, ...],
        rules: tuple[CompiledRule, ...],
        baseline: ParsedDesign | None,
        migrations: Migrations | None = None,
    ) -> None:
        self.id: str = document["id"]
        self.version: int = document["version"]
        self.kind: str = document["kind"]
        self.title: str = document["title"]
        self.description: str = document.get("description", "")
        self.source: str = document.get("source", "")
        length = document.get("length")
        self.length_mm: int | None = None if length is None else to_mm(length)
        self.catalog: dict[str, PartType] = catalog.parts
        self.groups: dict[str, str] = catalog.groups
        self.metrics: dict[str, MetricDef] = catalog.metrics
        self.options: dict[str, Option] = {}  # configurators only
        self.parameters: dict[str, Parameter] = {}  # configurators only
        self.ancestors = ancestors  # ids of the toolkits this one extends, nearest first
        self._document = document
        self._accepts = accepts
        self._compiled = rules
        self._migrations = migrations
        self._baseline: dict[str, Any] | None = None
        if baseline is not None:
            self._baseline = self._normalized(baseline)
        # Metric contributions per type, resolved now unless they depend on the variant.
        self._static: dict[str, tuple[tuple[str, float], ...]] = {}
        self._by_variant: dict[str, VariantLookup[tuple[tuple[str, float], ...]]] = {}
        for tid, entry in self.catalog.items():
            if entry.has_metric_overrides:
                self._by_variant[tid] = VariantLookup(entry, _contributions(entry))
            elif entry.metrics:
                self._static[tid] = tuple(entry.metrics.items())

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(c.rule for c in self._compiled)

    @property
    def baseline(self) -> dict[str, Any] | None:
        """The toolkit's own starting design, normalized (a fresh copy on every access)."""
        return copy.deepcopy(self._baseline)

    @property
    def document(self) -> dict[str, Any]:
        """The resolved toolkit document (``extends`` flattened), e.g. for the JS engine."""
        return copy.deepcopy(dict(self._document))

    def migrate(self, document: object) -> tuple[dict[str, Any], list[Notice]]:
        """Bring a design saved on an older version up to this one, one version at a time,
        with the toolkit's declared steps. Returns a new design (``version`` = this version)
        and notices saying what changed, the first (``op`` ``upgrade``) naming both versions;
        no notices when the design is current or has no version. A design of an ancestor
        toolkit is not migrated (its version is the ancestor's). Names no step knows are left
        alone (the ``unknown`` rule reports them). DesignError only for a malformed design."""
        doc, version = read_header(document, toolkit_ids=self._accepts, max_version=self.version)
        if version is None or version == self.version or doc.get("toolkit") not in (None, self.id):
            return copy.deepcopy(doc), []
        if self._migrations is None:
            design = copy_design(doc, self.kind)
            design["version"] = self.version
            notice: Notice = {
                "version": self.version,
                "op": "upgrade",
                "message": f"Saved on version {version} of {self.title}; "
                f"opened on version {self.version}.",
                "parts": [],
            }
            return copy.deepcopy(design), [notice]
        design, notices = self._migrations.apply(doc, version)
        return copy.deepcopy(design), notices

    def _current(self, document: object) -> object:
        """``document`` migrated when it is on an older version (the hot path: one lookup)."""
        if self._migrations is not None and type(document) is dict:
            version = document.get("version")
            if version is not None and version != self.version:
                return self.migrate(document)[0]
        return document

    def read(self, document: object) -> ParsedDesign:
        """Check a design's shape and flatten it; raises DesignError naming the path."""
        return read_design(
            document,
            catalog=self.catalog,
            default_length_mm=self.length_mm,
            toolkit_ids=self._accepts,
            max_version=self.version,
        )

    def evaluate(self, document: object) -> Evaluation:
        """Run every rule; deterministic, raises nothing but DesignError. A design saved on an
        older version is migrated first, so the evaluation is always the current version's."""
        d = self.read(self._current(document))
        metrics = self._totals(d)
        findings: list[Finding] = []
        valid = True
        for compiled in self._compiled:
            before = len(findings)
            compiled.check(d, metrics, findings)
            if valid and len(findings) > before and compiled.rule.severity == "error":
                valid = False
        return {"valid": valid, "findings": findings, "metrics": metrics}

    def parse(self, document: object) -> dict[str, Any]:
        """A validated, normalized copy: widths in metres rounded to the millimetre, variants
        completed with defaults, the toolkit's id and version, the length made explicit.
        A design saved on an older version is migrated first (see ``migrate``)."""
        return self._normalized(self.read(self._current(document)))

    def _normalized(self, d: ParsedDesign) -> dict[str, Any]:
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

    def __repr__(self) -> str:
        return f"<Toolkit {self.id}@{self.version}>"
