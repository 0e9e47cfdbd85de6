"""Migration steps of configurators (see ``..versions``): rename options, values and
parameters, merge values, set defaults and convert a parameter's units."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import DesignError, describe, join
from ..model import Notice, Option, Parameter
from ..units import format_number
from ..versions import Design, Step, Steps, format_factor, is_number, scale_mm


class ConfiguratorSteps(Steps):
    """Compiles the steps of a configurator: options, values and parameters."""

    keys = frozenset({"option", "parameter", "to", "values", "value", "factor"})
    refusal = "a configurator's steps name options and parameters"

    @staticmethod
    def copy(document: Mapping[str, Any]) -> Design:
        """Choices and parameters copied; shape errors as ``read_config``'s."""
        design = dict(document)
        for key, what in (("choices", "option choices"), ("parameters", "parameter values")):
            value = design.get(key)
            if value is None:
                continue
            if type(value) is not dict:
                raise DesignError(key, f"expected an object of {what}, got {describe(value)}")
            design[key] = dict(value)
        return design

    def _compile(self, version: int, path: str, step: Mapping[str, Any], later: set[str]) -> Step:
        op = step["op"]
        if "option" in step and "parameter" in step:
            raise DesignError(join(path, "parameter"), 'a step names an "option" or a "parameter"')
        if op == "merge" and "option" not in step:
            raise DesignError(join(path, "option"), "missing: name the option whose values merge")
        if op == "convert_units" and "parameter" not in step:
            raise DesignError(join(path, "parameter"), "missing: name the parameter to convert")
        if "option" in step:
            if op == "rename":
                return self._rename_option(version, path, step, later)
            if op == "merge":
                return self._merge_values(version, path, step, later)
            return self._default_option(version, path, step, later)
        if "parameter" not in step:
            raise DesignError(join(path, "option"), 'missing: name an "option" or a "parameter"')
        if op == "rename":
            return self._rename_parameter(version, path, step, later)
        if op == "set_default":
            return self._default_parameter(version, path, step, later)
        return self._convert(version, path, step, later)

    def _option(self, oid: str, later: set[str], where: str) -> Option | None:
        if oid in later:
            return None
        option = self.names.options.get(oid)
        if option is None:
            raise DesignError(where, f'unknown option "{oid}": not in this version')
        return option

    def _value(self, option: Option | None, value: object, where: str) -> None:
        if option is not None and value not in option.values:
            raise DesignError(where, f"{describe(value)} is not a value of {option.label}")

    def _rename_option(
        self, version: int, path: str, step: Mapping[str, Any], later: set[str]
    ) -> Step:
        source: str = step["option"]
        target: str = step.get("to", source)
        values: dict[str, str] = {}
        for old, new in (step.get("values") or {}).items():
            if not isinstance(new, str):
                raise DesignError(join(join(path, "values"), old), 'expected "new value"')
            values[old] = new
        if "to" not in step and not values:
            raise DesignError(path, 'a rename needs "to" or "values"')
        option = self._option(target, later, join(path, "to" if "to" in step else "option"))
        for old, new in values.items():
            self._value(option, new, join(join(path, "values"), old))
        names = self.names

        def apply(design: Design) -> Notice | None:
            choices = design.get("choices")
            if not choices or source not in choices:
                return None
            if target != source and target in choices:
                return None  # never overwrite a choice the design already holds
            value = choices.pop(source) if target != source else choices[source]
            new = values.get(value, value) if isinstance(value, str) else value
            choices[target] = new
            said = []
            if target != source:
                said.append(f'the option "{source}" is now {names.option_label(target)}')
            if new != value:
                said.append(f'"{value}" is now {names.value_label(target, new)}')
            if not said:
                return None
            message = f"Version {version}: {', and '.join(said)}."
            return {"version": version, "op": "rename", "message": message, "parts": [target]}

        return apply

    def _merge_values(
        self, version: int, path: str, step: Mapping[str, Any], later: set[str]
    ) -> Step:
        oid: str = step["option"]
        sources = step.get("values")
        if not isinstance(sources, list):
            raise DesignError(join(path, "values"), "expected the list of values to merge")
        target = step["to"]
        option = self._option(oid, later, join(path, "option"))
        self._value(option, target, join(path, "to"))
        names = self.names

        def apply(design: Design) -> Notice | None:
            choices = design.get("choices")
            value = choices.get(oid) if choices else None
            if choices is None or value not in sources or value == target:
                return None
            choices[oid] = target
            message = (
                f'Version {version}: {names.option_label(oid)} "{value}" is now '
                f"{names.value_label(oid, target)}."
            )
            return {"version": version, "op": "merge", "message": message, "parts": [oid]}

        return apply

    def _default_option(
        self, version: int, path: str, step: Mapping[str, Any], later: set[str]
    ) -> Step:
        oid: str = step["option"]
        value = step["value"]
        if not isinstance(value, str):
            raise DesignError(join(path, "value"), f"expected a value name, got {describe(value)}")
        self._value(self._option(oid, later, join(path, "option")), value, join(path, "value"))
        said = f"{self.names.option_label(oid)} was not chosen; set to"
        return _fill(version, "choices", oid, value, f"{said} {self.names.value_label(oid, value)}")

    def _parameter(self, pid: str, later: set[str], where: str) -> Parameter | None:
        if pid in later:
            return None
        parameter = self.names.parameters.get(pid)
        if parameter is None:
            raise DesignError(where, f'unknown parameter "{pid}": not in this version')
        return parameter

    def _rename_parameter(
        self, version: int, path: str, step: Mapping[str, Any], later: set[str]
    ) -> Step:
        source: str = step["parameter"]
        if "to" not in step or "values" in step:
            raise DesignError(join(path, "to"), 'a parameter rename needs "to" (and no values)')
        target: str = step["to"]
        self._parameter(target, later, join(path, "to"))
        names = self.names

        def apply(design: Design) -> Notice | None:
            parameters = design.get("parameters")
            if not parameters or source not in parameters or target in parameters:
                return None
            parameters[target] = parameters.pop(source)
            message = (
                f'Version {version}: the parameter "{source}" is now '
                f"{names.parameter_label(target)}."
            )
            return {"version": version, "op": "rename", "message": message, "parts": [target]}

        return apply

    def _default_parameter(
        self, version: int, path: str, step: Mapping[str, Any], later: set[str]
    ) -> Step:
        pid: str = step["parameter"]
        value = step["value"]
        if not is_number(value):
            raise DesignError(join(path, "value"), f"expected a number, got {describe(value)}")
        parameter = self._parameter(pid, later, join(path, "parameter"))
        unit = f" {parameter.unit}" if parameter is not None else ""
        said = f"{self.names.parameter_label(pid)} was not set; set to"
        return _fill(version, "parameters", pid, value, f"{said} {format_number(value)}{unit}")

    def _convert(self, version: int, path: str, step: Mapping[str, Any], later: set[str]) -> Step:
        pid: str = step["parameter"]
        factor = float(step["factor"])
        shown = format_factor(step["factor"])
        parameter = self._parameter(pid, later, join(path, "parameter"))
        unit = f" {parameter.unit}" if parameter is not None else ""
        names = self.names

        def apply(design: Design) -> Notice | None:
            parameters = design.get("parameters")
            value = parameters.get(pid) if parameters else None
            if parameters is None or not is_number(value):
                return None
            new = scale_mm(value, factor)  # type: ignore[arg-type]
            parameters[pid] = int(new) if new.is_integer() else new
            message = (
                f"Version {version}: converted {names.parameter_label(pid)} by a factor of "
                f"{shown}: now {format_number(new)}{unit}."
            )
            return {"version": version, "op": "convert_units", "message": message, "parts": [pid]}

        return apply


def _fill(version: int, key: str, name: str, value: object, said: str) -> Step:
    """A ``set_default`` step: ``design[key][name] = value`` when the design has no such entry
    (a null ``key`` reads as missing, as the reader says); ``said`` is what the notice says."""
    message = f"Version {version}: {said}."

    def apply(design: Design) -> Notice | None:
        if design.get(key) is None:
            design[key] = {}
        entries = design[key]
        if name in entries:
            return None
        entries[name] = value
        return {"version": version, "op": "set_default", "message": message, "parts": [name]}

    return apply
