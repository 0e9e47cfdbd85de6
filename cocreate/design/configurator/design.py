"""Reading a configurator design: ``{"toolkit", "version"?, "choices": {option: value},
"parameters": {name: number}}``; both objects are optional and completed with the toolkit's
defaults. Shape errors raise DesignError naming the path; unknown options, values and
parameters are kept and reported by the ``unknown`` rule, so old designs always open.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import DesignError, describe, join
from ..model import Option, Parameter

MAX_ENTRIES = 1_000
# A parameter's size: past this it is a typo, and metric totals (value x rate x 100, rounded)
# would overflow to infinity.
MAX_PARAMETER = 1e15


@dataclass(slots=True)
class ParsedConfig:
    """A configurator design, completed: known options and parameters in catalog order, then
    the unknown ones in document order."""

    choices: dict[str, str]
    parameters: dict[str, int | float]
    unknown_options: set[str] = field(default_factory=set)
    bad_values: set[str] = field(default_factory=set)  # known options with a value not offered
    unknown_parameters: set[str] = field(default_factory=set)
    version: int | None = None


def number(value: float) -> int | float:
    """Whole floats as ints, so documents and evaluations print ``500``, not ``500.0``."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def check_parameter(path: str, value: object) -> None:
    """Refuse what is no parameter value: not a number, NaN, infinite, or too large to total."""
    if type(value) not in (int, float) or not math.isfinite(value):  # type: ignore[arg-type]
        raise DesignError(path, f"expected a number, got {describe(value)}")
    if abs(value) >= MAX_PARAMETER:  # type: ignore[arg-type]
        raise DesignError(path, f"must be below 1e15 in size, got {describe(value)}")


def round_cents(value: float) -> int | float:
    """Totals rounded half up to two decimals: ``Math.floor(x * 100 + 0.5) / 100`` in JS."""
    return number(math.floor(value * 100 + 0.5) / 100)


def read_config(
    doc: dict[str, Any],
    version: int | None,
    *,
    options: Mapping[str, Option],
    parameters: Mapping[str, Parameter],
) -> ParsedConfig:
    """Validate the shape of a configurator design whose header ``read_header`` checked
    (``version`` is its version) and complete it; raises DesignError only."""
    chosen = _object(doc, "choices", "option choices")
    for key, value in chosen.items():
        if type(value) is not str or not value:
            raise DesignError(join("choices", key), f"expected a value name, got {describe(value)}")
    given = _object(doc, "parameters", "parameter values")
    for key, value in given.items():
        check_parameter(join("parameters", key), value)
    choices: dict[str, str] = {}
    bad: set[str] = set()
    for oid, option in options.items():
        value = chosen.get(oid, option.default)
        choices[oid] = value
        if value not in option.values:
            bad.add(oid)
    unknown = {oid for oid in chosen if oid not in options}
    for oid in chosen:
        if oid in unknown:
            choices[oid] = chosen[oid]
    values: dict[str, int | float] = {
        pid: number(given.get(pid, parameter.default)) for pid, parameter in parameters.items()
    }
    strangers = {pid for pid in given if pid not in parameters}
    for pid in given:
        if pid in strangers:
            values[pid] = number(given[pid])
    return ParsedConfig(
        choices=choices,
        parameters=values,
        unknown_options=unknown,
        bad_values=bad,
        unknown_parameters=strangers,
        version=version,
    )


def _object(doc: Mapping[str, Any], key: str, what: str) -> dict[str, Any]:
    value = doc.get(key)
    if value is None:
        return {}
    if type(value) is not dict:
        raise DesignError(key, f"expected an object of {what}, got {describe(value)}")
    if len(value) > MAX_ENTRIES:
        raise DesignError(key, f"at most {MAX_ENTRIES} entries, got {len(value)}")
    return value
