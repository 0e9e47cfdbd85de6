"""What changed between two configurator designs: every option whose choice differs and every
parameter whose value differs."""

from __future__ import annotations

from typing import Any

from ..units import round_delta
from .toolkit import ConfiguratorToolkit


def _value_label(toolkit: ConfiguratorToolkit, option: str, value: str | None) -> str | None:
    if value is None:
        return None
    entry = toolkit.options.get(option)
    offered = entry.values.get(value) if entry else None
    return offered.label if offered else value


def configurator_changes(
    toolkit: ConfiguratorToolkit, pa: dict[str, Any], pb: dict[str, Any]
) -> dict[str, Any]:
    ca: dict[str, str] = pa["choices"]
    cb: dict[str, str] = pb["choices"]
    choices = []
    for option in [*ca, *(o for o in cb if o not in ca)]:
        before, after = ca.get(option), cb.get(option)
        if before != after:
            entry = toolkit.options.get(option)
            choices.append(
                {
                    "option": option,
                    "label": entry.label if entry else option,
                    "from": before,
                    "to": after,
                    "from_label": _value_label(toolkit, option, before),
                    "to_label": _value_label(toolkit, option, after),
                }
            )
    qa: dict[str, int | float] = pa["parameters"]
    qb: dict[str, int | float] = pb["parameters"]
    parameters = []
    for name in [*qa, *(p for p in qb if p not in qa)]:
        before_v, after_v = qa.get(name), qb.get(name)
        if before_v != after_v:
            param = toolkit.parameters.get(name)
            delta = (
                round_delta(after_v - before_v)
                if before_v is not None and after_v is not None
                else None
            )
            parameters.append(
                {
                    "parameter": name,
                    "label": param.label if param else name,
                    "unit": param.unit if param else "",
                    "from": before_v,
                    "to": after_v,
                    "delta": delta,
                }
            )
    return {"choices": choices, "parameters": parameters}
