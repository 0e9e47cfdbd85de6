"""Quick fixes of every kind (``cocreate.design.fixes``): for each finding of an evaluation, the
edits that repair it, checked before they are offered. Sections: ``section/fixes.py``;
configurators offer none yet. Kept apart from ``evaluate`` so evaluating stays fast and its
contract unchanged: only an editor asks for fixes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import DesignError
from .model import Evaluation
from .section import fixes as section
from .section.toolkit import SectionToolkit
from .toolkit import Toolkit

Fix = section.Fix


def quick_fixes(toolkit: Toolkit, design: object, evaluation: Evaluation) -> list[list[Fix]]:
    """One list of fixes per finding of ``evaluation`` (``toolkit.evaluate(design)``): each
    ``{"label", "edits"}``, whose edits remove that finding and add none."""
    if isinstance(toolkit, SectionToolkit):
        return section.quick_fixes(toolkit, design, evaluation)
    return [[] for _finding in evaluation["findings"]]


def apply_fix(toolkit: Toolkit, design: object, fix: Mapping[str, Any]) -> dict[str, Any]:
    """The design after ``fix`` (a NEW design); DesignError for a fix this kind cannot apply."""
    if not isinstance(toolkit, SectionToolkit):
        raise DesignError("edits", f"{toolkit.title} has no quick fixes")
    return section.apply_fix(toolkit, design, fix)
