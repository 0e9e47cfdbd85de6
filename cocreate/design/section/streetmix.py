"""Streetmix interop: read a saved Streetmix street into a section design, and write one back.

``import_street`` accepts a Streetmix API response (``{id, name, ..., data: {street}}``), the
``data`` object (``{street}``) or a bare ``street`` object, of any schema version:

- before schema 30 lengths are feet: ×0.3048, or ×0.3 for streets whose ``units`` was 2 (the old
  metric setting), rounded to the millimetre (3 decimals of a metre) as Streetmix does;
- ``variantString`` is split on ``|`` and read in the order of the toolkit's variant axes (the
  order Streetmix uses); values the toolkit doesn't know become the axis default, with a note;
- the types that schema 11 merged into ``divider`` (``median``, ``planting-strip``) become dividers;
- unknown types are kept (the engine reports them as ``unknown`` findings), never a crash.

``export_street`` writes a design as a Streetmix street object at schema 35 (lengths and
elevations in metres). Only :mod:`cocreate.design` modules are imported: no Django.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..errors import DesignError, describe, join
from ..model import PartType
from ..toolkit import Toolkit
from ..units import format_m, to_m, to_mm
from .design import MAX_MM, MAX_PARTS

LATEST_SCHEMA = 35
METRIC_SCHEMA = 30  # from this schema on, every length is stored in metres
MERGED_SCHEMA = 11  # this schema merged "median" and "planting-strip" into "divider"
FOOT = 0.3048
OLD_METRIC_FOOT = 0.3  # streets saved with units 2 (Streetmix's old metric setting)

# Types Streetmix retired, by the type and variant axis value that replaced them.
LEGACY_TYPES: dict[str, tuple[str, str, str]] = {
    "median": ("divider", "divider-type", "median"),
    "planting-strip": ("divider", "divider-type", "planting-strip"),
}

# Export: heights in metres since schema 33 (0 = road, a kerb is 0.15 m, a light-rail platform
# about 0.75 m). Cocreate designs have no heights, so they are derived from type and variant.
KERB_M = 0.15
PLATFORM_M = 0.75
RAISED_TYPES = frozenset({"transit-shelter", "brt-station"})  # stand on a kerb, not in a group
ROAD_LEVEL_DIVIDERS = frozenset({"striped-buffer", "bollard", "dome"})
BOUNDARY_DEFAULTS: dict[str, dict[str, Any]] = {
    "left": {"variant": "narrow", "floors": 4, "elevation": KERB_M},
    "right": {"variant": "wide", "floors": 3, "elevation": KERB_M},
}
# Segment ids export_street makes up for parts without one; dropped again on import.
GENERATED_ID = re.compile(r"cocreate-[0-9a-f]{12}")
# Street fields a Cocreate design has no place for: named in a note when present.
DROPPED_STREET_FIELDS = {
    "boundary": "buildings",
    "leftBuildingVariant": "buildings",
    "rightBuildingVariant": "buildings",
    "leftBuildingHeight": "buildings",
    "rightBuildingHeight": "buildings",
    "skybox": "sky",
    "environment": "sky",
    "location": "location",
}


def import_street(
    document: object, toolkit: Toolkit, *, length: float | None = None
) -> tuple[dict[str, Any], list[str]]:
    """A Streetmix saved street as a design of ``toolkit`` (a section toolkit, normally
    street-section or one extending it), and human-readable notes on what was converted or
    approximated. The design fills the street's own width, or ``length`` metres when given (a
    challenge's fixed site: the rules then say whether the segments fit). Raises DesignError
    naming the path for anything that isn't a street."""
    if toolkit.kind != "section":
        raise DesignError(f'toolkit "{toolkit.id}" is a {toolkit.kind}: streets need a section')
    street, where = _find_street(document)
    notes: list[str] = []
    schema = _schema(street, where, notes)
    units = street.get("units")
    if units is not None and (type(units) is not int or units not in (0, 1, 2)):
        raise DesignError(join(where, "units"), f"expected 0, 1 or 2, got {describe(units)}")
    factor: float | None = None
    if schema < METRIC_SCHEMA:
        factor = OLD_METRIC_FOOT if units == 2 else FOOT
        unit = "old metric units (×0.3, Streetmix's units 2)" if units == 2 else "feet (×0.3048)"
        notes.append(
            f"Schema {schema} stored lengths in {unit}: converted to metres, rounded to the "
            "millimetre as Streetmix does."
        )
    _length(street.get("width"), join(where, "width"), factor)  # checked, then read exactly:
    street_mm = _exact_mm(_exact(street["width"]), factor)
    length_mm = street_mm if length is None else _metres(length, "length", None, "the length")
    if length_mm != street_mm:
        notes.append(
            f"The street is {format_m(street_mm)} wide; the design fills {format_m(length_mm)}, "
            "the length it is for."
        )

    segments = street.get("segments")
    path = join(where, "segments")
    if type(segments) is not list:
        raise DesignError(path, f"expected an array of segments, got {describe(segments)}")
    if len(segments) > MAX_PARTS:
        raise DesignError(path, f"at most {MAX_PARTS} segments, got {len(segments)}")
    parts: list[dict[str, Any]] = []
    dropped: set[str] = set()
    ids: set[str] = set()
    for i, segment in enumerate(segments):
        part = _part(segment, join(path, i), toolkit, factor, notes, dropped)
        own = segment.get("id")
        if (
            type(own) is str
            and 0 < len(own) <= 64
            and own.isprintable()
            and own not in ids
            and not GENERATED_ID.fullmatch(own)
        ):
            ids.add(own)  # kept, so a street exported from Cocreate keeps its locked parts
            part["id"] = own
        parts.append(part)
    if length is None:
        street_m = _exact(street["width"])
        target_m = street_m if factor is None else street_m * Decimal(repr(factor))
    else:
        target_m = _exact(length)
    widths = _cumulative_widths(
        [segment["width"] for segment in segments], factor, target_m, length_mm, path
    )
    for part, width_mm in zip(parts, widths, strict=True):
        part["width"] = to_m(width_mm)
    total_mm = sum(widths)
    for key, what in DROPPED_STREET_FIELDS.items():
        if street.get(key) is not None:
            dropped.add(what)
    if dropped:
        notes.append(
            f"Not part of a Cocreate design, so not imported: {', '.join(sorted(dropped))}."
        )
    if total_mm != length_mm:
        gap = length_mm - total_mm
        side = f"{format_m(gap)} of room" if gap > 0 else f"{format_m(-gap)} over"
        notes.append(
            f"The segments add up to {format_m(total_mm)} of the {format_m(length_mm)} "
            f"available ({side}); the rules say what that means."
        )
    design = toolkit.parse(
        {
            "toolkit": toolkit.id,
            "version": toolkit.version,
            "length": to_m(length_mm),
            "parts": parts,
        }
    )
    return design, notes


def street_name(document: object) -> str | None:
    """The street's name, if the document carries one (API responses do), stripped."""
    if not isinstance(document, dict):
        return None
    candidates: list[object] = [document.get("name")]
    data = document.get("data")
    for holder in (data, document):
        street = holder.get("street") if isinstance(holder, dict) else None
        if isinstance(street, dict):
            candidates.append(street.get("name"))
    for name in candidates:
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())
    return None


def export_street(design: object, toolkit: Toolkit) -> dict[str, Any]:
    """``design`` as a Streetmix street object at schema 35, metres throughout (``units`` 0).

    Segment ids are derived from the design (its part ids, or a hash of position and type), so
    the same design always exports the same document. Raises DesignError for a malformed design.
    """
    parsed = toolkit.parse(design)
    segments: list[dict[str, Any]] = []
    used: set[str] = set()
    for i, part in enumerate(parsed["parts"]):
        part_type: str = part["type"]
        variant: dict[str, str] = part.get("variant", {})
        entry = toolkit.catalog.get(part_type)
        axes = list(entry.variants) if entry is not None else list(variant)
        segments.append(
            {
                "id": _segment_id(part, i, used),
                "type": part_type,
                "variantString": "|".join(variant.get(axis, "") for axis in axes),
                "width": part["width"],
                "elevation": _elevation(part_type, entry, variant),
                "slope": {"on": False, "values": []},
            }
        )
    return {
        "schemaVersion": LATEST_SCHEMA,
        "units": 0,
        "width": parsed["length"],
        "boundary": {side: dict(values) for side, values in BOUNDARY_DEFAULTS.items()},
        "skybox": "day",
        "location": None,
        "editCount": 0,
        "segments": segments,
    }


# -- reading -----------------------------------------------------------------------------------


def _find_street(document: object) -> tuple[dict[str, Any], str]:
    """The street object and the path naming it: ``data.street`` in an API response, ``street``
    in a ``{street}`` wrapper or for a bare street object."""
    if not isinstance(document, dict):
        raise DesignError(f"expected a Streetmix street object, got {describe(document)}")
    if "data" in document:
        data = document["data"]
        if not isinstance(data, dict):
            raise DesignError(
                "data", f"expected an object holding the street, got {describe(data)}"
            )
        if "street" not in data:
            raise DesignError("data.street", "missing: this API response holds no street")
        return _street_object(data["street"], "data.street"), "data.street"
    if "street" in document:
        return _street_object(document["street"], "street"), "street"
    if "segments" in document:
        return document, "street"
    raise DesignError(
        "expected a Streetmix street: an API response with data.street, "
        "or a street object with segments"
    )


def _street_object(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DesignError(path, f"expected a street object, got {describe(value)}")
    return value


def _schema(street: Mapping[str, Any], where: str, notes: list[str]) -> int:
    schema = street.get("schemaVersion")
    if schema is None:
        notes.append("No schemaVersion: read as Streetmix's first schema (lengths in feet).")
        return 1
    if type(schema) is not int or schema < 1:
        path = join(where, "schemaVersion")
        raise DesignError(path, f"expected a whole number >= 1, got {describe(schema)}")
    if schema > LATEST_SCHEMA:
        notes.append(
            f"Schema {schema} is newer than the latest this importer knows ({LATEST_SCHEMA}): "
            "read as that."
        )
    return schema


def _metres(value: object, path: str, factor: float | None, what: str) -> int:
    """A Streetmix length (metres, or feet-like units times ``factor``) in whole millimetres."""
    unit = "metres" if factor is None else "feet"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DesignError(path, f"expected a number of {unit}, got {describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise DesignError(path, f"{what} is out of range") from None
    if not math.isfinite(number):
        raise DesignError(path, f"expected a finite number of {unit}, got {number}")
    metres = number if factor is None else number * factor
    if metres > MAX_MM / 1000:
        raise DesignError(path, f"{what} must be at most 1000 m, got {describe(value)} {unit}")
    mm = to_mm(metres)
    if mm <= 0:
        raise DesignError(path, f"{what} must be more than 0 m, got {describe(value)} {unit}")
    return mm


def _exact(value: float) -> Decimal:
    """A length as its author wrote it: the shortest decimal that reads back as `value` (10.1
    feet is 10.1, not 10.0999999999999996447...)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _exact_mm(value: Decimal, factor: float | None) -> int:
    """Exact metres (feet times the exact foot), rounded half up to the millimetre once."""
    metres = value if factor is None else value * Decimal(repr(factor))
    return int((metres * 1000).to_integral_value(rounding=ROUND_HALF_UP))


def _cumulative_widths(
    values: list[float], factor: float | None, target_m: Decimal, target_mm: int, path: str
) -> list[int]:
    """Segment widths in millimetres from where each segment ends, converted and rounded from
    the exact running sum, so rounding never adds up across segments: segments that fill the
    street exactly (in feet or in metres) fill it in millimetres; segments that overflow it, or
    leave room, by less than a millimetre still overflow, or leave room, by one."""
    ends: list[int] = []
    total = Decimal(0)
    for value in values:
        total += _exact(value)
        ends.append(_exact_mm(total, factor))
    if ends:
        total_m = total if factor is None else total * Decimal(repr(factor))
        if total_m > target_m and ends[-1] <= target_mm:
            ends[-1] = target_mm + 1
        elif total_m < target_m and ends[-1] >= target_mm:
            ends[-1] = target_mm - 1
    widths = [end - start for start, end in zip([0, *ends], ends, strict=False)]
    for i, width in enumerate(widths):
        if width <= 0:
            raise DesignError(
                join(join(path, i), "width"),
                "must be more than 0 m once the segments before it are rounded to the millimetre",
            )
    return widths


def _length(value: object, path: str, factor: float | None) -> int:
    if value is None:
        raise DesignError(path, "missing: the street's width from building face to building face")
    return _metres(value, path, factor, "the street width")


def _part(
    segment: object,
    path: str,
    toolkit: Toolkit,
    factor: float | None,
    notes: list[str],
    dropped: set[str],
) -> dict[str, Any]:
    if not isinstance(segment, dict):
        raise DesignError(path, f"expected a segment object, got {describe(segment)}")
    kind = segment.get("type")
    if type(kind) is not str or not kind:
        raise DesignError(join(path, "type"), f"expected a segment type, got {describe(kind)}")
    width_mm = _metres(segment.get("width"), join(path, "width"), factor, "a segment width")
    raw = segment.get("variantString")
    if raw is None:
        raw = ""
    elif type(raw) is not str:
        path_v = join(path, "variantString")
        raise DesignError(path_v, f'expected a string such as "inbound|car", got {describe(raw)}')
    values = raw.split("|") if raw else []

    part_type = kind
    preset: dict[str, str] = {}
    legacy = LEGACY_TYPES.get(kind)
    if kind not in toolkit.catalog and legacy is not None and legacy[0] in toolkit.catalog:
        part_type, axis, value = legacy
        preset[axis] = value
        if values and values[0] in toolkit.catalog[part_type].variants.get(axis, ()):
            preset[axis] = values[0]  # an old variant that survives as a divider type
        notes.append(
            f"{path}: {json.dumps(kind)} (merged into {legacy[0]} in schema {MERGED_SCHEMA}) "
            f"became a {part_type} ({axis} {json.dumps(preset[axis])})."
        )
        values = []
    part: dict[str, Any] = {"type": part_type, "width": to_m(width_mm)}
    entry = toolkit.catalog.get(part_type)
    if entry is None:
        notes.append(
            f"{path}: unknown type {json.dumps(kind)} kept; the rules report it until it is "
            "replaced."
        )
        if values:
            notes.append(f"{path}: variant {json.dumps(raw)} of an unknown type not kept.")
    else:
        variant = _variant(entry, values, raw, path, notes)
        variant.update(preset)
        if variant:
            part["variant"] = variant
    for key, what in (("label", "labels"), ("slope", "slopes")):
        if segment.get(key) not in (None, "", False) and not _flat(segment.get(key)):
            dropped.add(what)
    return part


def _flat(slope: object) -> bool:
    """A slope that is off (the default Streetmix gives every segment) loses nothing."""
    return isinstance(slope, dict) and slope.get("on") is False


def _variant(
    entry: PartType, values: list[str], raw: str, path: str, notes: list[str]
) -> dict[str, str]:
    variant: dict[str, str] = {}
    for axis, value in zip(entry.variants, values, strict=False):
        if value in entry.variants[axis]:
            variant[axis] = value
        else:
            default = entry.default_variant[axis]
            notes.append(
                f"{path}: {entry.type} {axis} {json.dumps(value)} is not in the toolkit; "
                f"used {json.dumps(default)}."
            )
    extra = values[len(entry.variants) :]
    if any(extra):
        notes.append(
            f"{path}: {entry.type} variant {json.dumps(raw)} has more values than the toolkit's "
            f"axes; {json.dumps('|'.join(extra))} not kept."
        )
    return variant


# -- writing -----------------------------------------------------------------------------------


def _segment_id(part: Mapping[str, Any], index: int, used: set[str]) -> str:
    own = part.get("id")
    if isinstance(own, str) and own not in used:
        used.add(own)
        return own
    salt = 0
    while True:
        seed = f"{index}:{part['type']}:{salt}".encode()
        candidate = "cocreate-" + hashlib.sha256(seed).hexdigest()[:12]
        if candidate not in used:
            used.add(candidate)
            return candidate
        salt += 1


def _elevation(part_type: str, entry: PartType | None, variant: Mapping[str, str]) -> float:
    """Height in metres Streetmix would give a segment of this type and variant (approximate)."""
    if variant.get("transit-shelter-elevation") == "light-rail":
        return PLATFORM_M
    level = variant.get("elevation")
    if level is not None:
        return KERB_M if level == "sidewalk" else 0.0
    divider = variant.get("divider-type")
    if divider is not None:
        return 0.0 if divider in ROAD_LEVEL_DIVIDERS else KERB_M
    if part_type in RAISED_TYPES or (entry is not None and "footway" in entry.groups):
        return KERB_M
    return 0.0
