"""Migration steps of section toolkits (see ``..versions``): rename and merge part types, set
defaults (a length, a variant axis) and convert widths between units."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import DesignError, describe, join
from ..model import Notice, PartType
from ..units import format_m, to_mm
from ..versions import Design, Step, Steps, format_factor, is_number, scale_mm


def count_parts(count: int) -> str:
    return "1 part" if count == 1 else f"{count} parts"


class SectionSteps(Steps):
    """Compiles the steps of a section toolkit: they rename, merge, fill and convert part types."""

    keys = frozenset(
        {"type", "types", "to", "axes", "values", "variants", "field", "value", "fields", "factor"}
    )
    refusal = "a section toolkit's steps name part types"

    @staticmethod
    def copy(document: Mapping[str, Any]) -> Design:
        """Parts and variants copied; shape errors as ``read_design``'s."""
        design = dict(document)
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

    def _compile(self, version: int, path: str, step: Mapping[str, Any], later: set[str]) -> Step:
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
                became = names.part_label(target)
                message = f'{count_parts(len(touched))} of type "{source}" became {became}.'
            else:
                label = names.part_label(source)
                message = f"updated the variant of {count_parts(len(touched))} ({label})."
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
            message = (
                f"{count_parts(len(touched))} of type {label} became {names.part_label(target)}."
            )
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
            if not is_number(value) or not 0 < value <= 1000:
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
            message = f"{count_parts(len(touched))} ({names.part_label(tid)}) set to {pairs}."
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
                    if type(part) is dict and is_number(part.get("width")):
                        part["width"] = scale_mm(part["width"], factor)
                        touched.append(i)
            scaled = length and is_number(design.get("length"))
            if scaled:
                design["length"] = scale_mm(design["length"], factor)
            if not touched and not scaled:
                return None
            message = f"Version {version}: converted {what} by a factor of {shown}."
            return {"version": version, "op": "convert_units", "message": message, "parts": touched}

        return apply
