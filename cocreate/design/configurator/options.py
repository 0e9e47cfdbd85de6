"""The design space of a configurator: its ``options`` (choose one value each) and numeric
``parameters``, compiled from a resolved toolkit document."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..errors import DesignError, join
from ..model import MetricDef, Option, OptionValue, Parameter

STEP_EPSILON = 1e-9


def build_options(
    document: Mapping[str, Any], metrics: Mapping[str, MetricDef]
) -> tuple[dict[str, Option], dict[str, Parameter]]:
    """Compile the ``options`` and ``parameters`` of a resolved configurator document."""
    options = {
        oid: _option(oid, doc, join("options", oid), metrics)
        for oid, doc in (document.get("options") or {}).items()
    }
    parameters = {
        pid: _parameter(pid, doc, join("parameters", pid), metrics)
        for pid, doc in (document.get("parameters") or {}).items()
    }
    for pid in parameters:
        if pid in options:
            raise DesignError(join("parameters", pid), f'"{pid}" is already an option')
    return options, parameters


def _metric_values(
    doc: Mapping[str, Any], path: str, metrics: Mapping[str, MetricDef]
) -> dict[str, float]:
    values = dict(doc.get("metrics") or {})
    for name in values:
        if name not in metrics:
            raise DesignError(
                join(join(path, "metrics"), name),
                f'unknown metric "{name}" (declare it in metrics)',
            )
    return values


def _option(
    oid: str, doc: Mapping[str, Any], path: str, metrics: Mapping[str, MetricDef]
) -> Option:
    for key in ("label", "values"):
        if key not in doc:
            raise DesignError(join(path, key), "missing: a new option needs a label and values")
    values = {}
    for vid, entry in doc["values"].items():
        where = join(join(path, "values"), vid)
        if "label" not in entry:
            raise DesignError(join(where, "label"), "missing: every value needs a label")
        values[vid] = OptionValue(
            id=vid,
            label=entry["label"],
            color=entry.get("color"),
            description=entry.get("description", ""),
            metrics=_metric_values(entry, where, metrics),
        )
    default = doc.get("default", next(iter(values)))
    if default not in values:
        raise DesignError(join(path, "default"), f'"{default}" is not one of its values')
    return Option(
        id=oid,
        label=doc["label"],
        values=values,
        default=default,
        description=doc.get("description", ""),
    )


def on_step(value: float, start: float, step: float | None) -> bool:
    """Whether ``value`` is ``start`` plus a whole number of steps (to 1e-9 of a step)."""
    if step is None:
        return True
    q = (value - start) / step
    return abs(q - math.floor(q + 0.5)) < STEP_EPSILON


def _parameter(
    pid: str, doc: Mapping[str, Any], path: str, metrics: Mapping[str, MetricDef]
) -> Parameter:
    for key in ("label", "unit", "min", "max"):
        if key not in doc:
            raise DesignError(
                join(path, key), "missing: a new parameter needs label, unit, min, max"
            )
    lo, hi, step = doc["min"], doc["max"], doc.get("step")
    if lo > hi:
        raise DesignError(join(path, "min"), f"{lo} is more than max {hi}")
    default = doc.get("default", lo)
    if not lo <= default <= hi or not on_step(default, lo, step):
        raise DesignError(
            join(path, "default"), f"{default} is not between {lo} and {hi} in steps of {step}"
        )
    return Parameter(
        id=pid,
        label=doc["label"],
        unit=doc["unit"],
        min=lo,
        max=hi,
        step=step,
        default=default,
        description=doc.get("description", ""),
        metrics=_metric_values(doc, path, metrics),
    )
