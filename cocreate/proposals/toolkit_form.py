"""The toolkit's draft as posted: form fields (the plain-HTML form view) or, from the editor, one
JSON field; and the edit a form button asks for.

Every POST carries the whole design, so the page works without JavaScript, htmx only swaps the
re-rendered form in place, and the editor (editor.js) posts what it holds.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from cocreate.core.numbers import whole_number
from cocreate.design import DesignError, Toolkit, edits

MAX_PARTS = 200
MAX_WIDTH_M = 1000  # the engine's own bound: anything wider is a typo
MAX_JSON_CHARS = 200_000  # a 200-part design is about 20,000 characters


@dataclass
class Draft:
    """What the person is working on: the design, where it came from, and their words."""

    design: Any  # a design dict; anything else is refused by ``shape_problem``
    parent_id: int | None = None
    title: str = ""
    rationale: str = ""
    # Raw text of number fields that could not be read, by field name, shown back with an error.
    bad_fields: dict[str, str] = field(default_factory=dict)

    def to_session(self) -> dict[str, Any]:
        return {
            "design": self.design,
            "parent_id": self.parent_id,
            "title": self.title,
            "rationale": self.rationale,
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> Draft:
        return cls(
            design=data["design"],
            parent_id=data.get("parent_id"),
            title=data.get("title", ""),
            rationale=data.get("rationale", ""),
        )


def draft_session_key(challenge: Any) -> str:
    """One draft per person and challenge, kept in their session."""
    return f"draft:{challenge.pk}"


def saved_draft(session: Any, challenge: Any) -> Draft:
    """The draft this person keeps for ``challenge``, or a fresh one from its baseline."""
    saved = session.get(draft_session_key(challenge))
    if saved:
        return Draft.from_session(saved)
    return Draft(design=fresh_design(challenge.baseline))


def draft_from_post(toolkit: Toolkit, data: QueryDict, fallback: dict[str, Any]) -> Draft:
    """Read the design back from the form; unreadable widths keep the part at its type's default."""
    if "design-json" in data:
        return _draft_from_json(data, fallback)
    if toolkit.kind == "configurator":
        return _configurator_draft(toolkit, data, fallback)
    try:
        count = min(int(data.get("count", "0")), MAX_PARTS)
    except ValueError:
        count = 0
    parts: list[dict[str, Any]] = []
    bad_fields: dict[str, str] = {}
    for index in range(max(count, 0)):
        prefix = f"part-{index}-"
        part_type = data.get(prefix + "type", "")
        raw_width = data.get(prefix + "width", "").strip().replace(",", ".")
        part: dict[str, Any] = {"type": part_type}
        if part_id := data.get(prefix + "id"):
            part["id"] = part_id
        catalog_entry = toolkit.catalog.get(part_type)
        try:
            width = Decimal(raw_width)
            if not width.is_finite():
                raise InvalidOperation
            width = round(width, 3)  # whole millimetres: 0.0004 m is no width at all
            if not 0 < width <= MAX_WIDTH_M:
                raise InvalidOperation
            part["width"] = float(width)
        except InvalidOperation:
            bad_fields[prefix + "width"] = raw_width
            default_mm = catalog_entry.default_width_mm if catalog_entry else 1000
            part["width"] = default_mm / 1000
        if catalog_entry is not None and catalog_entry.variants:
            part["variant"] = {
                axis: data.get(f"{prefix}variant-{axis}", catalog_entry.default_variant[axis])
                for axis in catalog_entry.variants
            }
        parts.append(part)
    design = {
        "toolkit": fallback["toolkit"],
        "version": fallback.get("version", toolkit.version),
        "length": fallback.get("length"),
        "parts": parts,
    }
    if design["length"] is None:
        del design["length"]
    return Draft(
        design=design,
        parent_id=whole_number(data.get("parent", "")),
        title=data.get("title", ""),
        rationale=data.get("rationale", ""),
        bad_fields=bad_fields,
    )


def _configurator_draft(toolkit: Toolkit, data: QueryDict, fallback: dict[str, Any]) -> Draft:
    """Choices and numeric parameters from the form; an unreadable number keeps its default."""
    document = toolkit.document
    choices = {
        option: data.get(f"choice-{option}", spec.get("default", ""))
        for option, spec in document.get("options", {}).items()
    }
    parameters: dict[str, int | float] = {}
    bad_fields: dict[str, str] = {}
    for name, spec in document.get("parameters", {}).items():
        field_name = f"parameter-{name}"
        raw = data.get(field_name, "").strip().replace(",", ".")
        try:
            value = Decimal(raw)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            bad_fields[field_name] = raw
            parameters[name] = spec.get("default", spec.get("min", 0))
            continue
        parameters[name] = int(value) if value == value.to_integral_value() else float(value)
    design = {
        "toolkit": fallback["toolkit"],
        "version": fallback.get("version", toolkit.version),
        "choices": choices,
        "parameters": parameters,
    }
    return Draft(
        design=design,
        parent_id=whole_number(data.get("parent", "")),
        title=data.get("title", ""),
        rationale=data.get("rationale", ""),
        bad_fields=bad_fields,
    )


def _draft_from_json(data: QueryDict, fallback: dict[str, Any]) -> Draft:
    """The editor's post: its design as JSON. The challenge, not the post, decides the toolkit and
    the length; anything that is not a design is left for ``shape_problem`` to name."""
    text = data.get("design-json", "")
    design: Any = None
    if len(text) <= MAX_JSON_CHARS:
        try:
            design = json.loads(text)
        except (ValueError, RecursionError):
            design = None
    if isinstance(design, dict):
        design = {**design, "toolkit": fallback["toolkit"], "version": fallback.get("version")}
        design.pop("length", None)
        if fallback.get("length") is not None:
            design["length"] = fallback["length"]
        if design["version"] is None:
            del design["version"]
    return Draft(
        design=design,
        parent_id=whole_number(data.get("parent", "")),
        title=data.get("title", ""),
        rationale=data.get("rationale", ""),
    )


def apply_op(toolkit: Toolkit, draft: Draft, op: str, data: QueryDict) -> str | None:
    """Apply the edit a button asked for to the draft in place; returns a message when refused."""
    name, _sep, arg = op.partition(":")
    design = draft.design
    try:
        if name == "add":
            if len(design["parts"]) >= MAX_PARTS:
                return _("A design can have at most %(n)d parts.") % {"n": MAX_PARTS}
            draft.design = edits.add_part(toolkit, design, data.get("add-type", ""))
        elif name == "remove":
            draft.design = edits.remove_part(design, int(arg))
        elif name in {"left", "right"}:
            index = int(arg)
            target = index - 1 if name == "left" else index + 1
            if 0 <= target < len(design["parts"]):
                draft.design = edits.move_part(design, index, target)
        else:
            return None
    except (ValueError, DesignError) as error:
        return str(error)
    # Indexes moved: widths that could not be read are no longer where they were.
    draft.bad_fields = {}
    return None


def shape_problem(toolkit: Toolkit, draft: Draft) -> str | None:
    """The engine's message when the posted design is not a design at all (missing type, bad id)."""
    try:
        toolkit.parse(draft.design)
    except DesignError as error:
        return str(error)
    return None


def fresh_design(design: dict[str, Any]) -> dict[str, Any]:
    """A copy to edit, so the baseline or a parent's saved design is never changed in place."""
    return copy.deepcopy(design)
