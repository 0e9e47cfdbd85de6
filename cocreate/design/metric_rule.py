"""The ``metric`` check, the same for every kind of toolkit: a metric total within bounds (a
budget, a minimum capacity). It reads only the metrics, so sections and configurators share it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import DesignError, join
from .messages import Emitter
from .model import Finding, MetricDef
from .rules import Check, Metrics, check_bounds
from .units import format_number


def compile_metric_rule(
    rule: Mapping[str, Any], path: str, definitions: Mapping[str, MetricDef]
) -> Check[object]:
    """A check of any kind's design: it reads only the metric totals."""
    emit = Emitter(
        rule,
        path,
        {
            "min": "{metric} is {value} {unit}; at least {min} {unit}.",
            "max": "{metric} is {value} {unit}; at most {max} {unit}.",
        },
    )
    name = rule["metric"]
    definition = definitions.get(name)
    if definition is None:
        raise DesignError(join(path, "metric"), f'unknown metric "{name}"')
    lo, hi = rule.get("min"), rule.get("max")
    check_bounds(path, lo, hi)

    def check(design: object, metrics: Metrics, out: list[Finding]) -> None:
        value = metrics[name]
        if lo is not None and value < lo:
            kind, bound = "min", lo
        elif hi is not None and value > hi:
            kind, bound = "max", hi
        else:
            return
        values = {
            "metric": definition.label,
            "unit": definition.unit,
            "value": format_number(value),
            kind: format_number(bound),
        }
        out.append(emit.finding(kind, [], values))

    return check
