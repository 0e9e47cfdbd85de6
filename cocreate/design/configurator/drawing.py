"""A configured product drawn from its choices: the toolkit's drawing (``drawings.json``, beside
the browser engine, which reads the same file) turned into a scene of flat SVG shapes.

The drawing is data, so one file holds the geometry for both engines; this interpreter and
``static/cocreate/design/configurator/drawing.js`` are twins that must build the same scene
(same shapes, same numbers as text), checked by ``tests/design/configurator/test_drawing.py``.

A drawing has a ``view`` (``[x, y, width, height]``, the box shown), ``anchors`` per chosen
option value, and ``layers`` drawn in order. An anchor is a number (a size), ``[x, y]`` (a
point), ``[name, dx, dy]`` (a point from an earlier anchor) or ``[x, y, w, h]`` (a box). A layer
is drawn ``when`` its options have one of the listed values, ``repeat`` times (a parameter's
value, or its value ``per`` so much, rounded up, at most ``max``; each copy moved by ``step``),
inside a ``box`` (coordinates are then fractions of it). A shape is a ``circle`` (centre point,
``r``), a ``rect`` (``[x, y, w, h]`` from ``at`` or the origin), a ``line``, ``polyline`` or
``polygon`` (points); every other key is an SVG attribute, where ``"@option"`` is the colour of
that option's chosen value.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from html import escape
from pathlib import Path
from typing import Any, TypedDict

from ..units import format_number

DRAWINGS = Path(__file__).resolve().parents[2] / "static/cocreate/design/configurator/drawings.json"
GEOMETRY = ("circle", "rect", "line", "polyline", "polygon", "r", "at")


class Shape(TypedDict):
    key: str
    tag: str
    attrs: dict[str, str]


class Scene(TypedDict):
    label: str
    view: list[float]
    shapes: list[Shape]


@cache
def _drawings() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DRAWINGS.read_text(encoding="utf-8"))
    return loaded


def drawing_for(toolkit_id: str) -> dict[str, Any] | None:
    """The drawing declared for a toolkit, or None (its card lists the choices instead)."""
    return _drawings().get(toolkit_id)


def num(value: float) -> str:
    """A coordinate as text, rounded half up to two decimals, the same in JS (``String``)."""
    rounded = math.floor(value * 100 + 0.5) / 100
    text = repr(rounded)
    return text[:-2] if text.endswith(".0") else text


def _in_order(declared: Mapping[str, Any], given: Mapping[str, Any]) -> list[str]:
    """The keys of ``given`` in the toolkit's order, unknown ones after (a design stored in
    PostgreSQL's jsonb comes back with its keys sorted)."""
    return [k for k in declared if k in given] + [k for k in given if k not in declared]


def describe(
    document: Mapping[str, Any], choices: Mapping[str, Any], parameters: Mapping[str, Any]
) -> str:
    """The drawing's accessible name: the toolkit's title, then every choice and parameter."""
    options = document.get("options", {})
    declared = document.get("parameters", {})
    said = []
    for oid in _in_order(options, choices):
        value = choices[oid]
        option = options.get(oid)
        entry = option["values"].get(value) if option else None
        said.append(
            f"{option['label'] if option else oid + '?'} {entry['label'] if entry else f'{value}?'}"
        )
    for pid in _in_order(declared, parameters):
        amount = parameters[pid]
        parameter = declared.get(pid)
        shown = format_number(amount) if isinstance(amount, (int, float)) else str(amount)
        if parameter and parameter.get("unit"):
            shown += f" {parameter['unit']}"
        said.append(f"{parameter['label'] if parameter else pid + '?'} {shown}")
    return f"{document['title']}: {', '.join(said)}."


def _count(repeat: Mapping[str, Any] | None, parameters: Mapping[str, Any]) -> int:
    if repeat is None:
        return 1
    value = parameters.get(repeat["count"])
    if not isinstance(value, (int, float)) or value <= 0:
        return 0
    return min(int(repeat["max"]), math.ceil(value / float(repeat.get("per", 1))))


def _applies(when: Mapping[str, Any], choices: Mapping[str, Any]) -> bool:
    for oid, wanted in when.items():
        if choices.get(oid) not in (wanted if isinstance(wanted, list) else [wanted]):
            return False
    return True


def scene(
    drawing: Mapping[str, Any],
    document: Mapping[str, Any],
    choices: Mapping[str, Any],
    parameters: Mapping[str, Any],
) -> Scene:
    """The shapes that draw this configuration, in drawing order, each with a stable key."""
    anchors: dict[str, Any] = {}
    for oid, by_value in drawing["anchors"].items():
        for name, spec in by_value.get(choices.get(oid), {}).items():
            if isinstance(spec, list) and spec and isinstance(spec[0], str):
                x, y = anchors[spec[0]][:2]
                anchors[name] = [x + spec[1], y + spec[2]]
            else:
                anchors[name] = spec

    def length(spec: Any) -> float:
        if isinstance(spec, str):
            return float(anchors[spec])
        if isinstance(spec, list):
            return float(anchors[spec[0]]) + float(spec[1])
        return float(spec)

    def point(spec: Any, box: list[float] | None, shift: list[float]) -> tuple[float, float]:
        if isinstance(spec, str):
            return anchors[spec][0], anchors[spec][1]
        if isinstance(spec[0], str):
            x, y = anchors[spec[0]][:2]
            return x + spec[1], y + spec[2]
        fx, fy = spec[0] + shift[0], spec[1] + shift[1]
        if box is None:
            return fx, fy
        return box[0] + fx * box[2], box[1] + fy * box[3]

    def colour(value: Any) -> str:
        if isinstance(value, str) and value.startswith("@"):
            option = document.get("options", {}).get(value[1:], {})
            entry = option.get("values", {}).get(choices.get(value[1:]), {})
            return str(entry.get("color", "#57606a"))
        return value if isinstance(value, str) else num(value)

    shapes: list[Shape] = []
    for layer in drawing["layers"]:
        if not _applies(layer.get("when", {}), choices):
            continue
        box = anchors[layer["box"]] if "box" in layer else None
        step = layer.get("repeat", {}).get("step", [0, 0])
        for copy in range(_count(layer.get("repeat"), parameters)):
            shift = [copy * step[0], copy * step[1]]
            for n, spec in enumerate(layer["shapes"]):
                attrs: dict[str, str] = {}
                if "circle" in spec:
                    tag = "circle"
                    cx, cy = point(spec["circle"], box, shift)
                    attrs.update(cx=num(cx), cy=num(cy), r=num(length(spec["r"])))
                elif "rect" in spec:
                    tag = "rect"
                    x, y, w, h = spec["rect"]
                    if "at" in spec:
                        ax, ay = point(spec["at"], None, [0, 0])
                        left, top = ax + x + shift[0], ay + y + shift[1]
                    else:
                        left, top = point([x, y], box, shift)
                        if box is not None:
                            w, h = w * box[2], h * box[3]
                    attrs.update(x=num(left), y=num(top), width=num(w), height=num(h))
                elif "line" in spec:
                    tag = "line"
                    (x1, y1), (x2, y2) = (point(p, box, shift) for p in spec["line"])
                    attrs.update(x1=num(x1), y1=num(y1), x2=num(x2), y2=num(y2))
                else:
                    tag = "polyline" if "polyline" in spec else "polygon"
                    points = (point(p, box, shift) for p in spec[tag])
                    attrs["points"] = " ".join(f"{num(x)},{num(y)}" for x, y in points)
                for name, value in spec.items():
                    if name not in GEOMETRY:
                        attrs[name] = colour(value)
                key = f"{layer['id']}-{n}" + (f"-{copy}" if "repeat" in layer else "")
                shapes.append({"key": key, "tag": tag, "attrs": attrs})
    return {
        "label": describe(document, choices, parameters),
        "view": drawing["view"],
        "shapes": shapes,
    }


def shapes_svg(shapes: list[Shape]) -> str:
    """The scene's shapes as SVG elements."""
    return "".join(
        f"<{s['tag']} " + " ".join(f'{k}="{escape(v)}"' for k, v in s["attrs"].items()) + "/>"
        for s in shapes
    )
