"""The bridge from a challenge to the pure design core: its compiled toolkit, and designs checked
and drawn once, at write time, for the pages to reuse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cocreate.design import DesignError, Evaluation, Toolkit, load_bundled, render_svg

from .models import Challenge

# The most parts a person's design may have (the engine reads up to 2,000): the form view posts
# every part back, and a page of 200 parts is already long to read and to draw.
MAX_PARTS = 200


def toolkit_for(challenge: Challenge) -> Toolkit:
    return load_bundled().get(challenge.toolkit_id, challenge.toolkit_version)


@dataclass(frozen=True, slots=True)
class CheckedDesign:
    """A design as the engine read it, its authoritative evaluation and its two drawings."""

    document: dict[str, Any]
    evaluation: Evaluation
    svg: str
    thumbnail_svg: str

    @property
    def error_messages(self) -> list[str]:
        return [f["message"] for f in self.evaluation["findings"] if f["severity"] == "error"]

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.evaluation["findings"] if f["severity"] == "warning")


def speaks_streetmix(toolkit: Toolkit) -> bool:
    """Whether designs of `toolkit` are streets Streetmix can open and make: street sections."""
    return toolkit.kind == "section" and "street-section" in (toolkit.id, *toolkit.ancestors)


def parse_within_limit(toolkit: Toolkit, document: object) -> dict[str, Any]:
    """The engine's reading of a design a person made, refused past `MAX_PARTS` parts."""
    design = toolkit.parse(document)
    parts = design.get("parts")
    if isinstance(parts, list) and len(parts) > MAX_PARTS:
        raise DesignError("parts", f"at most {MAX_PARTS} parts, got {len(parts)}")
    return design


def check_design(toolkit: Toolkit, document: object, *, stored: bool = False) -> CheckedDesign:
    """Parse, evaluate and draw; raises DesignError when ``document`` is not a design, or (unless
    it is a `stored` one being redrawn) has more parts than a person may make."""
    design = toolkit.parse(document) if stored else parse_within_limit(toolkit, document)
    evaluation = toolkit.evaluate(design)
    return CheckedDesign(
        document=design,
        evaluation=evaluation,
        svg=render_svg(toolkit, design, evaluation),
        thumbnail_svg=render_svg(toolkit, design, evaluation, compact=True),
    )
