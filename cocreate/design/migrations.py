"""Toolkit migrations: the declared steps that bring a design saved on an older version of a
toolkit up to the current one, one version at a time.

A toolkit document's ``migrations`` is a list of ``{"version": N, "steps": [...]}``; entry N
takes a design from version N-1 to N. Versions without an entry changed nothing a design holds.
Steps are plain data transforms of the design document (never of the toolkit): they rename or
merge part types, options, values and parameters, fill defaults and convert units. A name a
step does not know is left alone, so unknown parts survive and the ``unknown`` rule reports
them. Every name a step produces is checked at load time against this version's catalog
(unless a later step renames it again), so a typo is a load error naming the path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import DesignError, describe, join
from .model import Notice, Option, Parameter, PartType
from .units import format_m, format_number, to_mm

Design = dict[str, Any]
# A compiled step changes a copied design in place and says what it did (None: nothing).
Step = Callable[[Design], Notice | None]

SECTION_KEYS = {
    "type",
    "types",
    "to",
    "axes",
    "values",
    "variants",
    "field",
    "value",
    "fields",
    "factor",
}
CONFIGURATOR_KEYS = {"option", "parameter", "to", "values", "value", "factor"}


def format_factor(value: float) -> str:
    """A conversion factor as JS's ``String(x)`` prints it: ``3``, ``0.3048``."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _parts(count: int) -> str:
    return "1 part" if count == 1 else f"{count} parts"


def scale_mm(value: float, factor: float) -> float:
    """``value * factor`` rounded half up to thousandths: ``Math.floor(v*f*1000+0.5)/1000``."""
    return math.floor(value * factor * 1000 + 0.5) / 1000


def _number(value: object) -> bool:
    return type(value) in (int, float) and math.isfinite(value)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Names:
    """What a toolkit version offers, to check the names steps produce."""

    parts: Mapping[str, PartType]
    options: Mapping[str, Option]
    parameters: Mapping[str, Parameter]

    def part_label(self, tid: str) -> str:
        entry = self.parts.get(tid)
        return entry.label if entry is not None else f'"{tid}"'

    def option_label(self, oid: str) -> str:
        option = self.options.get(oid)
        return option.label if option is not None else f'"{oid}"'

    def value_label(self, oid: str, value: str) -> str:
        option = self.options.get(oid)
        entry = option.values.get(value) if option is not None else None
        return entry.label if entry is not None else f'"{value}"'

    def parameter_label(self, pid: str) -> str:
        parameter = self.parameters.get(pid)
        return parameter.label if parameter is not None else f'"{pid}"'


class Migrations:
    """The compiled steps of one toolkit version, by the version each step leads to."""

    __slots__ = ("_kind", "_steps", "_title", "version")

    def __init__(self, kind: str, title: str, version: int, steps: dict[int, list[Step]]) -> None:
        self._kind = kind
        self._title = title
        self.version = version
        self._steps = steps

    def apply(self, document: Mapping[str, Any], from_version: int) -> tuple[Design, list[Notice]]:
        """A migrated copy of ``document`` (saved on ``from_version``) and what changed."""
        design = copy_design(document, self._kind)
        notices: list[Notice] = []
        if from_version >= self.version:
            return design, notices
        notices.append(
            {
                "version": self.version,
                "op": "upgrade",
                "message": f"Saved on version {from_version} of {self._title}; "
                f"opened on version {self.version}.",
                "parts": [],
            }
        )
        for version in range(from_version + 1, self.version + 1):
            for step in self._steps.get(version, ()):
                notice = step(design)
                if notice is not None:
                    notices.append(notice)
        design["version"] = self.version
        return design, notices


def copy_design(document: Mapping[str, Any], kind: str) -> Design:
    """A copy deep enough for the steps to change in place; shape errors as the readers say."""
    design = dict(document)
    if kind == "section":
        parts = design.get("parts")
        if type(parts) is not list:
            raise DesignError("parts", f"expected an array of parts, got {describe(parts)}")
        copied = []
        for part in parts:
            if type(part) is dict:
                part = dict(part)
                if type(part.get("variant")) is dict:
                    part["variant"] = dict(part["variant"])
            copied.append(part)
        design["parts"] = copied
        return design
    for key, what in (("choices", "option choices"), ("parameters", "parameter values")):
        value = design.get(key)
        if value is None:
            continue
        if type(value) is not dict:
            raise DesignError(key, f"expected an object of {what}, got {describe(value)}")
        design[key] = dict(value)
    return design


def compile_migrations(
    document: Mapping[str, Any], names: Names, *, kind: str
) -> Migrations | None:
    """Compile a toolkit document's ``migrations``; None when it declares none."""
    entries = document.get("migrations")
    if not entries:
        return None
    own = document["version"]
    flat: list[tuple[int, str, Mapping[str, Any]]] = []
    previous = 1
    for n, entry in enumerate(entries):
        path = join("migrations", n)
        version = entry["version"]
        if version > own:
            raise DesignError(join(path, "version"), f"{version} is after this toolkit's {own}")
        if version <= previous:
            raise DesignError(
                join(path, "version"),
                f"must be more than {previous} (entries go up one version at a time, in order)",
            )
        previous = version
        for k, step in enumerate(entry["steps"]):
            flat.append((version, join(join(path, "steps"), k), step))
    compiler = _SectionSteps(names) if kind == "section" else _ConfiguratorSteps(names)
    steps: dict[int, list[Step]] = {}
    for position, (version, path, step) in enumerate(flat):
        later: set[str] = set()
        for _v, _p, other in flat[position + 1 :]:
            for key in ("type", "option", "parameter"):
                if isinstance(other.get(key), str):
                    later.add(other[key])
            later.update(other.get("types") or ())
        steps.setdefault(version, []).append(compiler.compile(version, path, step, later))
    return Migrations(kind, str(document["title"]), own, steps)


class _SectionSteps:
    def __init__(self, names: Names) -> None:
        self.names = names

    def compile(self, version: int, path: str, step: Mapping[str, Any], later: set[str]) -> Step:
        for key in step:
            if key not in SECTION_KEYS and key not in ("op", "description"):
                raise DesignError(join(path, key), "a section toolkit's steps name part types")
        op = step["op"]
        if op == "rename":
            return self._rename(version, path, step, later)
        if op == "merge":
            return self._merge(version, path, step, later)
        if op == "set_default":
            return self._set_default(version, path, step, later)
        return self._convert(version, path, step)

    def _final(self, tid: str, later: set[str]) -> PartType | None:
        """The catalog entry a produced type must match, or None when a later step moves it on."""
        return None if tid in later else self.names.parts.get(tid)

    def _check_type(self, tid: str, later: set[str], where: str) -> PartType | None:
        if tid not in later and tid not in self.names.parts:
            raise DesignError(where, f'unknown type "{tid}": not in the catalog of this version')
        return self._final(tid, later)

    def _check_variant(
        self, entry: PartType | None, variant: Mapping[str, Any], where: str
    ) -> None:
        if entry is None:
            return
        for axis, value in variant.items():
            values = entry.variants.get(axis)
            if values is None:
                raise DesignError(join(where, axis), f'{entry.label} has no variant "{axis}"')
            if value not in values:
                raise DesignError(join(where, axis), f'"{value}" is not a value of {axis}')

    def _rename(self, version: int, path: str, step: Mapping[str, Any], later: set[str]) -> Step:
        source = step.get("type")
        if source is None:
            raise DesignError(join(path, "type"), "missing: name the part type to rename")
        target = step.get("to", source)
        axes: dict[str, str] = dict(step.get("axes") or {})
        values: dict[str, dict[str, str]] = {}
        for axis, mapping in (step.get("values") or {}).items():
            if not isinstance(mapping, dict):
                raise DesignError(
                    join(join(path, "values"), axis), 'expected {"old value": "new value"}'
                )
            values[axis] = dict(mapping)
        if "to" not in step and not axes and not values:
            raise DesignError(path, 'a rename needs "to", "axes" or "values"')
        entry = self._check_type(target, later, join(path, "to" if "to" in step else "type"))
        if entry is not None:
            for old, new in axes.items():
                if new not in entry.variants:
                    raise DesignError(
                        join(join(path, "axes"), old), f'{entry.label} has no "{new}"'
                    )
            for axis, mapping in values.items():
                where = join(join(path, "values"), axis)
                if axis not in entry.variants:
                    raise DesignError(where, f'{entry.label} has no variant "{axis}"')
                for old, new in mapping.items():
                    if new not in entry.variants[axis]:
                        raise DesignError(join(where, old), f'"{new}" is not a value of {axis}')
        names = self.names

        def apply(design: Design) -> Notice | None:
            touched = []
            for i, part in enumerate(design["parts"]):
                if type(part) is not dict or part.get("type") != source:
                    continue
                changed = False
                variant = part.get("variant")
                if type(variant) is dict and (axes or values):
                    if axes:
                        renamed = {axes.get(k, k): v for k, v in variant.items()}
                        changed = list(renamed) != list(variant)
                        variant = renamed
                    for axis, mapping in values.items():
                        old = variant.get(axis)
                        if type(old) is str and old in mapping and mapping[old] != old:
                            variant[axis] = mapping[old]
                            changed = True
                    part["variant"] = variant
                if target != source:
                    part["type"] = target
                    changed = True
                if changed:
                    touched.append(i)
            if not touched:
                return None
            if target != source:
                message = (
                    f'{_parts(len(touched))} of type "{source}" became {names.part_label(target)}.'
                )
            else:
                message = (
                    f"updated the variant of {_parts(len(touched))} ({names.part_label(source)})."
                )
            return {
                "version": version,
                "op": "rename",
                "message": f"Version {version}: {message}",
                "parts": touched,
            }

        return apply

    def _merge(self, version: int, path: str, step: Mapping[str, Any], later: set[str]) -> Step:
        sources = step.get("types")
        if not sources:
            raise DesignError(join(path, "types"), "missing: name the part types to merge")
        target: str = step["to"]
        entry = self._check_type(target, later, join(path, "to"))
        variants: dict[str, dict[str, str]] = {}
        for source, variant in (step.get("variants") or {}).items():
            where = join(join(path, "variants"), source)
            if source not in sources:
                raise DesignError(where, f'"{source}" is not one of the merged types')
            self._check_variant(entry, variant, where)
            variants[source] = dict(variant)
        members = frozenset(sources)
        label = " or ".join(f'"{t}"' for t in sources)
        names = self.names

        def apply(design: Design) -> Notice | None:
            touched = []
            for i, part in enumerate(design["parts"]):
                if type(part) is not dict:
                    continue
                source = part.get("type")
                if source not in members:
                    continue
                changed = source != target
                part["type"] = target
                extra = variants.get(source)  # type: ignore[arg-type]
                if extra:
                    variant = part.get("variant")
                    base = variant if type(variant) is dict else {}
                    merged = {**base, **extra}
                    changed = changed or merged != base
                    part["variant"] = merged
                if changed:
                    touched.append(i)
            if not touched:
                return None
            message = f"{_parts(len(touched))} of type {label} became {names.part_label(target)}."
            return {
                "version": version,
                "op": "merge",
                "message": f"Version {version}: {message}",
                "parts": touched,
            }

        return apply

    def _set_default(
        self, version: int, path: str, step: Mapping[str, Any], later: set[str]
    ) -> Step:
        value = step["value"]
        if step.get("field") == "length":
            if "type" in step:
                raise DesignError(
                    join(path, "type"), "the length belongs to the design, not a part"
                )
            if not _number(value) or not 0 < value <= 1000:
                raise DesignError(join(path, "value"), f"expected metres, got {describe(value)}")
            mm = to_mm(value)

            def fill_length(design: Design) -> Notice | None:
                if design.get("length") is not None:
                    return None
                design["length"] = value
                message = f"Version {version}: the design had no length; set to {format_m(mm)}."
                return {"version": version, "op": "set_default", "message": message, "parts": []}

            return fill_length
        tid = step.get("type")
        if tid is None:
            raise DesignError(
                join(path, "type"), 'missing: name the part type (or "field": "length")'
            )
        if not isinstance(value, dict):
            raise DesignError(join(path, "value"), 'expected {"axis": "value"} for the variant')
        entry = self._check_type(tid, later, join(path, "type"))
        self._check_variant(entry, value, join(path, "value"))
        pairs = ", ".join(f'{axis} "{v}"' for axis, v in value.items())
        names = self.names

        def fill_variant(design: Design) -> Notice | None:
            touched = []
            for i, part in enumerate(design["parts"]):
                if type(part) is not dict or part.get("type") != tid:
                    continue
                variant = part.get("variant")
                if variant is None:
                    variant = {}
                if type(variant) is not dict:
                    continue  # a shape error the reader reports
                missing = {axis: v for axis, v in value.items() if axis not in variant}
                if missing:
                    part["variant"] = {**variant, **missing}
                    touched.append(i)
            if not touched:
                return None
            message = f"{_parts(len(touched))} ({names.part_label(tid)}) set to {pairs}."
            return {
                "version": version,
                "op": "set_default",
                "message": f"Version {version}: {message}",
                "parts": touched,
            }

        return fill_variant

    def _convert(self, version: int, path: str, step: Mapping[str, Any]) -> Step:
        factor = float(step["factor"])
        fields = tuple(step.get("fields") or ("width", "length"))
        widths, length = "width" in fields, "length" in fields
        what = " and ".join(w for w, on in (("widths", widths), ("length", length)) if on)
        shown = format_factor(step["factor"])

        def apply(design: Design) -> Notice | None:
            touched = []
            if widths:
                for i, part in enumerate(design["parts"]):
                    if type(part) is dict and _number(part.get("width")):
                        part["width"] = scale_mm(part["width"], factor)
                        touched.append(i)
            scaled = length and _number(design.get("length"))
            if scaled:
                design["length"] = scale_mm(design["length"], factor)
            if not touched and not scaled:
                return None
            message = f"Version {version}: converted {what} by a factor of {shown}."
            return {"version": version, "op": "convert_units", "message": message, "parts": touched}

        return apply


class _ConfiguratorSteps:
    def __init__(self, names: Names) -> None:
        self.names = names

    def compile(self, version: int, path: str, step: Mapping[str, Any], later: set[str]) -> Step:
        for key in step:
            if key not in CONFIGURATOR_KEYS and key not in ("op", "description"):
                raise DesignError(
                    join(path, key), "a configurator's steps name options and parameters"
                )
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
        names = self.names

        def apply(design: Design) -> Notice | None:
            if design.get("choices") is None:  # null reads as missing, as the reader says
                design["choices"] = {}
            choices = design["choices"]
            if oid in choices:
                return None
            choices[oid] = value
            message = (
                f"Version {version}: {names.option_label(oid)} was not chosen; set to "
                f"{names.value_label(oid, value)}."
            )
            return {"version": version, "op": "set_default", "message": message, "parts": [oid]}

        return apply

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
        if not _number(value):
            raise DesignError(join(path, "value"), f"expected a number, got {describe(value)}")
        parameter = self._parameter(pid, later, join(path, "parameter"))
        unit = f" {parameter.unit}" if parameter is not None else ""
        names = self.names

        def apply(design: Design) -> Notice | None:
            if design.get("parameters") is None:  # null reads as missing, as the reader says
                design["parameters"] = {}
            parameters = design["parameters"]
            if pid in parameters:
                return None
            parameters[pid] = value
            message = (
                f"Version {version}: {names.parameter_label(pid)} was not set; set to "
                f"{format_number(value)}{unit}."
            )
            return {"version": version, "op": "set_default", "message": message, "parts": [pid]}

        return apply

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
            if parameters is None or not _number(value):
                return None
            new = scale_mm(value, factor)  # type: ignore[arg-type]
            parameters[pid] = int(new) if new.is_integer() else new
            message = (
                f"Version {version}: converted {names.parameter_label(pid)} by a factor of "
                f"{shown}: now {format_number(new)}{unit}."
            )
            return {"version": version, "op": "convert_units", "message": message, "parts": [pid]}

        return apply
