"""A compiled toolkit of kind ``configurator``: options, parameters, metrics summed from them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from ..catalog import Catalog
from ..errors import DesignError
from ..rules import Metrics
from ..toolkit import Toolkit
from .checks import CHECKS, Context
from .design import ParsedConfig, read_config, round_cents
from .options import build_options
from .versions import ConfiguratorSteps


class ConfiguratorToolkit(Toolkit):
    """A compiled toolkit of kind ``configurator``. ``catalog`` is empty and ``length_mm``
    None; ``options`` and ``parameters`` describe the design space."""

    checks = CHECKS
    steps = ConfiguratorSteps

    def __init__(self, *, document: Mapping[str, Any], catalog: Catalog, **fields: Any) -> None:
        for key in ("parts", "length", "groups"):
            if document.get(key):
                raise DesignError(key, "a configurator has options and parameters, not parts")
        options, parameters = build_options(document, catalog.metrics)
        super().__init__(
            document=document, catalog=catalog, options=options, parameters=parameters, **fields
        )
        # (metric, value) per option value and per unit of each parameter, resolved once
        self._by_value = {
            oid: {vid: tuple(v.metrics.items()) for vid, v in option.values.items()}
            for oid, option in self.options.items()
        }
        self._per_unit = {pid: tuple(p.metrics.items()) for pid, p in self.parameters.items()}

    def read(self, document: object) -> NoReturn:
        """A configurator design has no parts (``SectionToolkit.read`` reads those)."""
        raise DesignError("kind", "a configurator design has choices, not parts: use read_config")

    def read_config(self, document: object) -> ParsedConfig:
        """A configurator design as saved (no migration), completed with the defaults;
        DesignError names the path."""
        parsed: ParsedConfig = self._read(document)
        return parsed

    def _read_body(self, doc: dict[str, Any], version: int | None) -> ParsedConfig:
        return read_config(doc, version, options=self.options, parameters=self.parameters)

    def _context(self, catalog: Catalog, baseline: ParsedConfig | None) -> Context:
        return Context(options=self.options, parameters=self.parameters, metrics=self.metrics)

    def _normalized(self, c: ParsedConfig) -> dict[str, Any]:
        """``{"toolkit", "version", "choices", "parameters"}`` with every option and parameter
        present (defaults filled), unknown ones kept at the end."""
        return {
            "toolkit": self.id,
            "version": self.version,
            "choices": dict(c.choices),
            "parameters": dict(c.parameters),
        }

    def totals(self, c: ParsedConfig) -> Metrics:
        """Metric totals: chosen values' metrics in option order, then each parameter's value
        times its per-unit metrics in parameter order; rounded half up to two decimals."""
        totals: dict[str, float] = dict.fromkeys(self.metrics, 0)
        for oid, by_value in self._by_value.items():
            for name, value in by_value.get(c.choices[oid], ()):
                totals[name] += value
        for pid, per_unit in self._per_unit.items():
            amount = c.parameters[pid]
            for name, value in per_unit:
                totals[name] += amount * value
        return {name: round_cents(value) for name, value in totals.items()}

    def _totals(self, c: ParsedConfig) -> Metrics:
        return self.totals(c)
