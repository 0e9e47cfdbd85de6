"""A compiled toolkit of kind ``configurator``: options, parameters, metrics summed from them."""

from __future__ import annotations

from typing import Any, NoReturn

from ..errors import DesignError
from ..model import Option, Parameter
from ..rules import Metrics
from ..toolkit import Toolkit
from .design import ParsedConfig, read_config, round_cents


class ConfiguratorToolkit(Toolkit):
    """A compiled toolkit of kind ``configurator``. ``catalog`` is empty and ``length_mm``
    None; ``options`` and ``parameters`` describe the design space."""

    def __init__(
        self, *, options: dict[str, Option], parameters: dict[str, Parameter], **fields: Any
    ) -> None:
        super().__init__(**fields)
        self.options = options
        self.parameters = parameters
        # (metric, value) per option value and per unit of each parameter, resolved once
        self._by_value = {
            oid: {vid: tuple(v.metrics.items()) for vid, v in option.values.items()}
            for oid, option in options.items()
        }
        self._per_unit = {pid: tuple(p.metrics.items()) for pid, p in parameters.items()}

    def read(self, document: object) -> NoReturn:
        """A configurator design has no parts (``SectionToolkit.read`` reads those)."""
        raise DesignError("kind", "a configurator design has choices, not parts: use read_config")

    def read_config(self, document: object) -> ParsedConfig:
        """Check a configurator design's shape and complete it (as saved: no migration);
        DesignError names the path."""
        return read_config(
            document,
            options=self.options,
            parameters=self.parameters,
            toolkit_ids=self._accepts,
            max_version=self.version,
        )

    _read = read_config

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
