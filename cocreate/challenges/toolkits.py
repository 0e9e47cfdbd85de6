"""The bridge from a challenge to the pure design core: its compiled toolkit, and designs checked
and drawn once, at write time, for the pages to reuse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cocreate.design import Evaluation, Toolkit, load_bundled, render_svg

from .models import Challenge


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


def check_design(toolkit: Toolkit, document: object) -> CheckedDesign:
    """Parse, evaluate and draw; raises DesignError when ``document`` is not a design."""
    design = toolkit.parse(document)
    evaluation = toolkit.evaluate(design)
    return CheckedDesign(
        document=design,
        evaluation=evaluation,
        svg=render_svg(toolkit, design, evaluation),
        thumbnail_svg=render_svg(toolkit, design, evaluation, compact=True),
    )
