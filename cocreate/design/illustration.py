"""The illustrated street: which symbols a part shows and where they stand in its band.

The symbols and the part-type mapping are data in ``static/cocreate/editor/illustrations.json``,
the one file the editor's ``illustration.js`` imports too, so the server's drawings and the
editor's show the same street; ``figures`` mirrors the JS ``figures`` number for number (tested
by ``tests/conformance/illustrations.json``). Symbols are in millimetres, standing on their
``height``; they are drawn to scale (``per_mm`` drawing units per millimetre), centred in the
part and scaled down only to fit its box.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from html import escape
from importlib import resources
from typing import Any, NamedTuple

from .versions import format_factor as num  # a number as JS's String(x) prints it

DATA_PACKAGE = "cocreate"  # read by name: the core imports nothing from the web app
DATA_FILE = "static/cocreate/editor/illustrations.json"
FILL_SHARE = 0.92  # the most of a part's width its symbols take


@cache
def data() -> dict[str, Any]:
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def tallest_mm() -> float:
    """The tallest symbol: a drawing fitting this height shows every symbol to one scale."""
    return float(max(s["height"] for s in data()["symbols"].values()))


def _round(value: float, places: int) -> float:
    """Half up, as JS's ``Math.floor(v * 10**p + 0.5) / 10**p``."""
    k = 10.0**places
    return math.floor(value * k + 0.5) / k


class Figure(NamedTuple):
    """One symbol placed: its top-left corner and scale in drawing units, mirrored or not."""

    symbol: str
    x: float
    y: float
    scale: float
    flip: bool
    face: str

    def transform(self) -> str:
        """The SVG transform, mirrored about the figure's middle when ``flip``."""
        if self.flip:
            right = self.x + data()["symbols"][self.symbol]["width"] * self.scale
            mirrored = f"{num(-self.scale)} {num(self.scale)}"
            return f"translate({num(right)} {num(self.y)}) scale({mirrored})"
        return f"translate({num(self.x)} {num(self.y)}) scale({num(self.scale)})"


class _Plan(NamedTuple):
    """A list of symbols as drawn side by side: (name, width, height, flip, face or None)."""

    symbols: tuple[tuple[str, float, float, bool, str | None], ...]
    width: float  # natural, with the gaps
    height: float


class _Part(NamedTuple):
    by: tuple[tuple[str, dict[str, _Plan]], ...]
    show: _Plan
    facing: str


def _plan(chosen: list[Any]) -> _Plan:
    symbols = data()["symbols"]
    items = []
    for f in chosen:
        f = {"symbol": f} if isinstance(f, str) else f
        s = symbols[f["symbol"]]
        items.append((f["symbol"], s["width"], s["height"], bool(f.get("flip")), f.get("face")))
    width = sum(i[1] for i in items) + data()["gap"] * max(len(items) - 1, 0)
    return _Plan(tuple(items), width, max((i[2] for i in items), default=0))


@cache
def _parts() -> dict[str, _Part]:
    """Each part type's mapping read once, its symbol lists measured."""
    return {
        name: _Part(
            by=tuple(
                (axis, {value: _plan(chosen) for value, chosen in values.items()})
                for axis, values in spec.get("by", {}).items()
            ),
            show=_plan(spec["show"]),
            facing=spec.get("facing", ""),
        )
        for name, spec in data()["parts"].items()
    }


def figures(
    part_type: str,
    variant: Mapping[str, str],
    x: float,
    y: float,
    width: float,
    height: float,
    per_mm: float,
) -> list[Figure]:
    """The symbols of a part in the box ``x, y, width, height``, standing on its bottom edge:
    the first ``by`` axis whose variant value is listed chooses them, else ``show``."""
    part = _parts().get(part_type)
    if part is None or width <= 0 or height <= 0:
        return []
    plan = part.show
    for axis, plans in part.by:
        if variant.get(axis) in plans:
            plan = plans[variant[axis]]
            break
    if not plan.symbols:
        return []
    scale = min(per_mm, width * FILL_SHARE / plan.width, height / plan.height)
    facing = data()["facing"].get(variant.get(part.facing), "front")
    left = x + (width - plan.width * scale) / 2
    ground = y + height
    rounded = _round(scale, 6)
    gap = data()["gap"]
    out = []
    for name, w, h, flip, face in plan.symbols:
        out.append(
            Figure(
                name, _round(left, 2), _round(ground - h * scale, 2), rounded, flip, face or facing
            )
        )
        left += (w + gap) * scale
    return out


def shapes(symbol: str, face: str) -> list[tuple[str, dict[str, str]]]:
    """The symbol's shapes seen from ``face`` (front or rear): (tag, attributes) in order."""
    return [
        (tag, {k: v for k, v in attributes.items() if k != "face"})
        for tag, attributes in data()["symbols"][symbol]["shapes"]
        if attributes.get("face", face) == face
    ]


@cache
def _markup(symbol: str, face: str) -> str:
    return "".join(
        f"<{tag}" + "".join(f' {k}="{escape(v)}"' for k, v in attrs.items()) + "/>"
        for tag, attrs in shapes(symbol, face)
    )


def illustrate(figs: list[Figure]) -> str:
    """The figures as one decorative SVG group (empty when there are none)."""
    if not figs:
        return ""
    inner = "".join(f'<g transform="{f.transform()}">{_markup(f.symbol, f.face)}</g>' for f in figs)
    return f'<g aria-hidden="true">{inner}</g>'


def _luminance(color: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = []
    for i in (1, 3, 5):
        c = int(color[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@cache
def ink(color: str) -> str:
    """The label colour, near-black or white, with the higher contrast on ``color``."""
    dark, light = str(data()["ink"]["dark"]), str(data()["ink"]["light"])
    return dark if contrast(color, dark) >= contrast(color, light) else light
