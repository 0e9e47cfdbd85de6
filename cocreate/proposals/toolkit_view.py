"""What the toolkit template needs: each part with its choices and findings, drawing, metrics."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from cocreate.challenges.models import Challenge
from cocreate.challenges.permissions import open_actions
from cocreate.design import Evaluation, Finding, Toolkit, render_svg

from .toolkit_form import Draft

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def humanize(identifier: str) -> str:
    """Catalog identifiers as words for people: ``"bike-direction" -> "Bike direction"``."""
    return identifier.replace("-", " ").replace("_", " ").capitalize()


def metric_rows(toolkit: Toolkit, values: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(label, value, unit) in the toolkit's own order, for the metrics table."""
    return [
        (definition.label, values[name], definition.unit)
        for name, definition in toolkit.metrics.items()
        if name in values
    ]


def _part_rows(toolkit: Toolkit, draft: Draft, evaluation: Evaluation) -> list[dict[str, Any]]:
    by_part: dict[int, list[Finding]] = defaultdict(list)
    for finding in evaluation["findings"]:
        for index in finding["parts"]:
            by_part[index].append(finding)
    rows = []
    for index, part in enumerate(draft.design["parts"]):
        entry = toolkit.catalog.get(part["type"])
        variant = part.get("variant") or {}
        axes = []
        if entry is not None:
            axes = [
                {
                    "axis": axis,
                    "label": humanize(axis),
                    "values": [(value, humanize(value)) for value in values],
                    "selected": variant.get(axis),
                }
                for axis, values in entry.variants.items()
            ]
        findings = sorted(by_part.get(index, []), key=lambda f: SEVERITY_ORDER[f["severity"]])
        rows.append(
            {
                "index": index,
                "number": index + 1,
                "part": part,
                "label": entry.label if entry else part["type"],
                "known": entry is not None,
                "width": draft.bad_widths.get(index, f"{float(part['width']):.2f}"),
                "bad_width": index in draft.bad_widths,
                "axes": axes,
                "findings": findings,
                "severity": findings[0]["severity"] if findings else "",
                "first": index == 0,
                "last": index == len(draft.design["parts"]) - 1,
            }
        )
    return rows


def toolkit_context(
    challenge: Challenge,
    toolkit: Toolkit,
    draft: Draft,
    *,
    errors: dict[str, list[str]],
    notice: str | None = None,
    restored: bool = False,
) -> dict[str, Any]:
    evaluation = toolkit.evaluate(draft.design)
    error_findings = [f for f in evaluation["findings"] if f["severity"] == "error"]
    return {
        "challenge": challenge,
        "toolkit": toolkit,
        "draft": draft,
        "parts": _part_rows(toolkit, draft, evaluation),
        "evaluation": evaluation,
        "error_findings": error_findings,
        "svg": render_svg(toolkit, draft.design, evaluation),
        "metrics": metric_rows(toolkit, evaluation["metrics"]),
        "errors": errors,
        "notice": notice,
        "can_submit_now": "submit" in open_actions(challenge),
        "catalog": list(toolkit.catalog.values()),
        "restored": restored,
        "streetmix": toolkit.kind == "section"
        and "street-section" in (toolkit.id, *toolkit.ancestors),
        "toolkit_document": toolkit.document,
    }
