"""One line that tells a proposal apart from the proposed design: "+Tree, −Drive lane, footway
+1.2 m".

Built on ``diff_designs(toolkit, baseline, design)``. The items, most telling first:

- **Sections:** parts added and removed, by type, most first and counted ("+2 Trees"); parts
  whose type changed ("Drive lane → Bus lane"); width changes of the parts in both designs,
  summed per family (a part type's first group, "footway +1.2 m"; named after the type when
  only one type of the family changed, "bike lanes −0.3 m"; "sidewalks resized" after the others
  when the family's total stayed the same); moved parts ("bike lane moved");
  variant changes ("Divider: planting strip"); a changed length.
- **Configurators:** changed choices ("Motor: No motor"), then parameters ("+1 seat" when the
  unit is a word, "Battery +250 Wh" otherwise).

Items that do not fit in ``MAX_CHARS`` are counted instead ("…, +2 more"). Deterministic; raises
nothing but DesignError (from a design that is not one of the toolkit's).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .diff import diff_designs
from .toolkit import Toolkit

MAX_CHARS = 80
SAME = "Same as the proposed design"
MINUS = "\u2212"  # a typographic minus, as wide as the plus


def change_summary(toolkit: Toolkit, baseline: object, design: object) -> str:
    """The summary of ``design`` against ``baseline`` (both designs of ``toolkit``)."""
    return summarize(toolkit, diff_designs(toolkit, baseline, design))


def summarize(toolkit: Toolkit, diff: dict[str, Any]) -> str:
    """The summary line of a diff made by ``diff_designs(toolkit, ...)``."""
    if diff["same"]:
        return SAME
    items = _config_items(diff) if diff["kind"] == "configurator" else _section_items(toolkit, diff)
    return _fit(items)


def _fit(items: list[str]) -> str:
    """``items`` joined, capitalized, and cut to MAX_CHARS with a count of what was left out."""
    shown: list[str] = []
    for n, item in enumerate(items):
        rest = len(items) - n - 1
        tail = f", +{rest} more" if rest else ""
        if len(", ".join([*shown, item]) + tail) > MAX_CHARS:
            if not shown:  # one item too long on its own: cut it
                return _capital(item[: MAX_CHARS - 1 - len(tail)] + "…" + tail)
            return _capital(", ".join(shown) + f", +{len(items) - n} more")
        shown.append(item)
    return _capital(", ".join(shown))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(label: str) -> str:
    """A label inside a sentence: "Bike lane" → "bike lane", but "BRT lane" stays."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def plural(label: str) -> str:
    """A simple English plural of a part's label: Tree → Trees, Bus → Buses, Utility → Utilities."""
    if label.endswith(("s", "x", "z", "ch", "sh")):
        return label if label.endswith("ies") else label + "es"
    if label.endswith("y") and label[-2:-1] not in "aeiou":
        return label[:-1] + "ies"
    return label + "s"


def _counted(sign: str, label: str, n: int) -> str:
    return f"{sign}{label}" if n == 1 else f"{sign}{n} {plural(label)}"


def _metres(mm: int) -> str:
    """A signed length change, no trailing zeros: ``1200 → "+1.2 m"``, ``-50 → "−0.05 m"``."""
    sign = "+" if mm > 0 else MINUS
    whole, frac = divmod(abs(mm), 1000)
    digits = f".{frac:03d}".rstrip("0").rstrip(".")
    return f"{sign}{whole}{digits}\u00a0m"  # the unit never wraps away from its number


def _section_items(toolkit: Toolkit, diff: dict[str, Any]) -> list[str]:
    added: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    retyped: list[str] = []
    moved: Counter[str] = Counter()
    variants: list[str] = []
    widths: dict[str, dict[str, Any]] = {}  # family -> {"mm", "types": Counter}
    for row in diff["parts"]:
        changes = row["changes"]
        if "added" in changes:
            added[row["label"]] += 1
            continue
        if "removed" in changes:
            removed[row["label"]] += 1
            continue
        if "retyped" in changes:  # its variants are the new type's: not news of their own
            retyped.append(f"{row['label_a']} → {_lower(row['label'])}")
        if "moved" in changes:
            moved[row["label"]] += 1
        if row["delta_mm"]:
            part = toolkit.catalog.get(row["type"])
            family = part.groups[0] if part and part.groups else row["type"]
            entry = widths.setdefault(family, {"mm": 0, "types": Counter()})
            entry["mm"] += row["delta_mm"]
            entry["types"][row["label"]] += 1
        for change in [] if "retyped" in changes else row["variants"]:
            value = str(change["to"] or "none").replace("-", " ")
            variants.append(f"{row['label']}: {value}")
    # Most parts first, then in drawing order (most_common keeps the order of ties).
    items = [_counted("+", label, n) for label, n in added.most_common()]
    items += [_counted(MINUS, label, n) for label, n in removed.most_common()]
    items += retyped
    resized: list[str] = []  # families whose parts gave each other what they took: last
    for family, entry in widths.items():
        types: Counter[str] = entry["types"]
        if len(types) == 1:
            label, n = next(iter(types.items()))
            name = _lower(label if n == 1 else plural(label))
        else:
            name = _lower(toolkit.groups.get(family, family))
        if entry["mm"]:
            items.append(f"{name} {_metres(entry['mm'])}")
        else:
            resized.append(f"{name} resized")
    items += resized
    items += [f"{_lower(label if n == 1 else plural(label))} moved" for label, n in moved.items()]
    items += variants
    length = diff["length"]["b_mm"] - diff["length"]["a_mm"]
    if length:
        items.append(f"length {_metres(length)}")
    return items


def _number(value: float) -> str:
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def _config_items(diff: dict[str, Any]) -> list[str]:
    items = [f"{row['label']}: {row['to_label'] or 'none'}" for row in diff["choices"]]
    for row in diff["parameters"]:
        delta, unit = row["delta"], row["unit"]
        if delta is None:
            items.append(f"{row['label']}: {row['to'] if row['to'] is not None else 'none'}")
            continue
        signed = ("+" if delta > 0 else MINUS) + _number(abs(delta))
        if unit.isalpha() and unit.islower() and len(unit) > 2:  # a counted thing: "+1 seat"
            word = unit[:-1] if abs(delta) == 1 and unit.endswith("s") else unit
            items.append(f"{signed}\u00a0{word}")
        else:
            items.append(f"{_lower(row['label'])} {signed}\u00a0{unit}".rstrip())
    return items
