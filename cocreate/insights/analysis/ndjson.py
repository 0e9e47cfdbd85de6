"""NDJSON input of the ``cocreate insights`` commands, one object a line: each line read on its
own, a bad one reported as ``"line N: what is wrong"`` and skipped, never the whole input."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from .designs import Item
from .lead_users import Proposal


def _objects(text: str, problems: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, JSON object) for every non-blank line that is one."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except RecursionError:
            problems.append(f"line {number}: not JSON: nested too deeply")
            continue
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not JSON: {error.msg} at column {error.colno}")
            continue
        if not isinstance(value, dict):
            problems.append(f"line {number}: expected a JSON object")
            continue
        yield number, value


def _id(value: object) -> str | None:
    """An id as text: a string or a whole number (not a boolean)."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def design_items(text: str) -> tuple[list[Item], dict[str, int], list[str]]:
    """``{"id", "design", "support"}`` lines (support optional, default 1) or bare designs (id =
    the line number) as items not yet read by a toolkit; also each id's line number, so later
    problems can name the line, and the problems of the lines skipped (an id seen before too)."""
    problems: list[str] = []
    items: list[Item] = []
    lines: dict[str, int] = {}
    for number, value in _objects(text, problems):
        if "design" in value:
            item_id = _id(value.get("id", number))
            support = value.get("support", 1)
            design = value["design"]
        else:
            item_id, support, design = str(number), 1, value
        where = f"line {number}"
        if item_id is None:
            problems.append(f'{where}: id: expected a string or a whole number, e.g. "p-17"')
        elif item_id in lines:
            problems.append(f"{where}: id {json.dumps(item_id)} is on line {lines[item_id]} too")
        elif isinstance(support, bool) or not isinstance(support, (int, float)):
            problems.append(f"{where}: support: expected a number ≥ 0, e.g. 12")
        elif not math.isfinite(support) or support < 0:
            problems.append(f"{where}: support: expected a number ≥ 0, got {support!r}")
        elif not isinstance(design, dict):
            problems.append(f"{where}: design: expected a design object")
        else:
            lines[item_id] = number
            items.append(Item(item_id, design, float(support)))
    return items, lines, problems


def proposals(text: str) -> tuple[list[Proposal], list[str]]:
    """``{"id", "author", "created_at" (ISO 8601 with a time zone), "parent" (id or null),
    "design", "supporters": [author…]}`` lines as lead-user proposals (``supporters`` optional)."""
    problems: list[str] = []
    result: list[Proposal] = []
    seen: dict[str, int] = {}
    for number, value in _objects(text, problems):
        try:
            proposal = _proposal(value)
        except ValueError as error:
            problems.append(f"line {number}: {error}")
            continue
        if proposal.id in seen:
            problems.append(
                f"line {number}: id {json.dumps(proposal.id)} is on line {seen[proposal.id]} too"
            )
            continue
        seen[proposal.id] = number
        result.append(proposal)
    return result, problems


def _proposal(value: dict[str, Any]) -> Proposal:
    """One proposal; ValueError names the field that is wrong and how to fix it."""
    proposal_id = _id(value.get("id"))
    if proposal_id is None:
        raise ValueError('id: expected a string or a whole number, e.g. "p-17"')
    author = value.get("author")
    if not isinstance(author, str) or not author:
        raise ValueError('author: expected a name, e.g. "resident01"')
    created = value.get("created_at")
    try:
        created_at = datetime.fromisoformat(created) if isinstance(created, str) else None
    except ValueError:
        created_at = None
    if created_at is None or created_at.tzinfo is None:
        raise ValueError(
            'created_at: expected ISO 8601 with a time zone, e.g. "2026-03-01T09:30:00Z"'
        )
    parent = value.get("parent")
    if parent is not None and _id(parent) is None:
        raise ValueError("parent: expected the id of another proposal or null")
    design = value.get("design")
    if not isinstance(design, dict):
        raise ValueError("design: expected a design object")
    supporters = value.get("supporters", [])
    if not isinstance(supporters, list) or not all(isinstance(s, str) for s in supporters):
        raise ValueError('supporters: expected a list of author names, e.g. ["resident02"]')
    return Proposal(
        id=proposal_id,
        author=author,
        created_at=created_at,
        parent=None if parent is None else _id(parent),
        design=design,
        supporters=tuple(supporters),
    )
