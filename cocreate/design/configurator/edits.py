"""Pure edits of a configurator design (choose a value, set a parameter): each returns a NEW
design and never changes its input; the design as a whole is judged by ``Toolkit.evaluate``."""

from __future__ import annotations

from typing import Any

from ..errors import DesignError, describe
from ..toolkit import Toolkit
from .design import check_parameter, number

Design = dict[str, Any]


def _copy_config(design: object, key: str) -> tuple[Design, dict[str, Any]]:
    """A copy of a configurator design with its own ``key`` object (choices or parameters)."""
    if not isinstance(design, dict):
        raise DesignError("", f"expected a design object, got {describe(design)}")
    entries = design.get(key)
    if entries is None:
        entries = {}
    if not isinstance(entries, dict):
        raise DesignError(key, f"expected an object, got {describe(entries)}")
    copied = dict(entries)
    return {**design, key: copied}, copied


def set_choice(toolkit: Toolkit, design: object, option: str, value: str) -> Design:
    """Choose ``value`` for ``option`` (one of the option's values)."""
    entry = toolkit.options.get(option) if isinstance(option, str) else None
    if entry is None:
        raise DesignError("choices", f"{describe(option)} is not an option of {toolkit.title}")
    if not isinstance(value, str) or value not in entry.values:
        allowed = ", ".join(entry.values)
        raise DesignError(f"choices.{option}", f"{describe(value)} is not one of: {allowed}")
    new, choices = _copy_config(design, "choices")
    choices[option] = value
    return new


def set_parameter(toolkit: Toolkit, design: object, name: str, value: float) -> Design:
    """Set a numeric parameter; its bounds and step are judged by ``range`` rules."""
    entry = toolkit.parameters.get(name) if isinstance(name, str) else None
    if entry is None:
        raise DesignError("parameters", f"{describe(name)} is not a parameter of {toolkit.title}")
    check_parameter(f"parameters.{name}", value)
    new, parameters = _copy_config(design, "parameters")
    parameters[name] = number(value)
    return new
