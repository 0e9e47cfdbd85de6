"""What every compiled toolkit is, whatever its kind: identity, catalogs, versions and migration,
the baseline, and evaluation through the one rule runner. A kind (``section/``,
``configurator/``) says which checks and migration steps it has, how a design is read, how
metrics add up and what the normalized document looks like."""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from .catalog import Catalog
from .header import read_header
from .model import Evaluation, MetricDef, Notice, Option, Parameter, PartType, Rule
from .rules import Checks, Metrics, run_rules
from .units import to_mm
from .versions import Names, Steps, compile_migrations, read_baseline


class Toolkit(ABC):
    """One version of a toolkit, compiled from its resolved document (``extends`` flattened):
    its version line, then its baseline (read like any design), then its rules. Immutable after
    compile; safe to share across threads. A kind reads a design into its own shape
    (``ParsedDesign``, ``ParsedConfig``: ``Any`` here) and names its ``checks`` and migration
    ``steps``."""

    checks: ClassVar[Checks[Any, Any]]
    steps: ClassVar[type[Steps]]

    def __init__(
        self,
        *,
        document: Mapping[str, Any],
        catalog: Catalog,
        accepts: frozenset[str],
        ancestors: tuple[str, ...],
        options: dict[str, Option] | None = None,
        parameters: dict[str, Parameter] | None = None,
    ) -> None:
        """``accepts``: the ids a design's ``toolkit`` may name; ``options`` and ``parameters``
        (configurators only) as the kind built them. DesignError names the path of a problem."""
        self.id: str = document["id"]
        self.version: int = document["version"]
        self.kind: str = document["kind"]
        self.title: str = document["title"]
        self.description: str = document.get("description", "")
        self.source: str = document.get("source", "")
        length = document.get("length")
        self.length_mm: int | None = None if length is None else to_mm(length)
        self.catalog: dict[str, PartType] = catalog.parts  # sections only
        self.groups: dict[str, str] = catalog.groups
        self.metrics: dict[str, MetricDef] = catalog.metrics
        self.options: dict[str, Option] = options or {}
        self.parameters: dict[str, Parameter] = parameters or {}
        self.ancestors = ancestors  # ids of the toolkits this one extends, nearest first
        self._document = document
        self._accepts = accepts
        names = Names(parts=self.catalog, options=self.options, parameters=self.parameters)
        self._migrations = compile_migrations(document, self.steps(names))
        baseline = read_baseline(document, self._migrations, self._read)
        context = self._context(catalog, baseline)
        self._compiled = self.checks.compile(document.get("rules", []), context)
        self._baseline = None if baseline is None else self._normalized(baseline)

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
        design, notices = self._migrations.apply(doc, version)
        return copy.deepcopy(design), notices

    def _current(self, document: object) -> object:
        """``document`` migrated when it is on an older version (the hot path: one lookup)."""
        if self._migrations.steps and type(document) is dict:
            version = document.get("version")
            if version is not None and version != self.version:
                return self.migrate(document)[0]
        return document

    def read_current(self, document: object) -> Any:
        """The design read as its kind reads it, migrated first when on an older version."""
        return self._read(self._current(document))

    def evaluate(self, document: object) -> Evaluation:
        """Run every rule; deterministic, raises nothing but DesignError. A design saved on an
        older version is migrated first, so the evaluation is always the current version's."""
        parsed = self.read_current(document)
        return run_rules(self._compiled, parsed, self._totals(parsed))

    def parse(self, document: object) -> dict[str, Any]:
        """A validated, normalized copy with the toolkit's id and version, defaults made
        explicit. A design saved on an older version is migrated first (see ``migrate``)."""
        return self._normalized(self.read_current(document))

    def _read(self, document: object) -> Any:
        """Check a design's shape and read it as saved (no migration): what every design starts
        with here, the rest as its kind reads it. Raises DesignError naming the path."""
        doc, version = read_header(document, toolkit_ids=self._accepts, max_version=self.version)
        return self._read_body(doc, version)

    @abstractmethod
    def _read_body(self, doc: dict[str, Any], version: int | None) -> Any:
        """Read a design whose header (``toolkit``, ``version``) is checked."""

    @abstractmethod
    def _context(self, catalog: Catalog, baseline: Any) -> object:
        """What the kind's rules may refer to."""

    @abstractmethod
    def _totals(self, parsed: Any) -> Metrics:
        """Every metric of the toolkit, summed over the design."""

    @abstractmethod
    def _normalized(self, parsed: Any) -> dict[str, Any]:
        """The design document ``parse`` returns."""

    def __repr__(self) -> str:
        return f"<Toolkit {self.id}@{self.version}>"
