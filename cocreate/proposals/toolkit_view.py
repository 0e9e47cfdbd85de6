"""What the toolkit template needs: each part (a section) or each option and parameter (a
configurator) with its choices and findings, the drawing, the metrics."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.urls import reverse

from cocreate.challenges.models import Challenge
from cocreate.challenges.permissions import open_actions
from cocreate.challenges.toolkits import speaks_streetmix
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


def _findings_by_part(evaluation: Evaluation) -> dict[Any, list[Finding]]:
    """Findings under each part they name (an index in a section, an option id in a
    configurator), worst first."""
    by_part: dict[Any, list[Finding]] = defaultdict(list)
    for finding in evaluation["findings"]:
        for part in finding["parts"]:
            by_part[part].append(finding)
    for findings in by_part.values():
        findings.sort(key=lambda f: SEVERITY_ORDER[f["severity"]])
    return by_part


def _option_rows(toolkit: Toolkit, draft: Draft, evaluation: Evaluation) -> list[dict[str, Any]]:
    by_part = _findings_by_part(evaluation)
    chosen = draft.design.get("choices") or {}
    return [
        {
            "id": option,
            "label": spec.get("label", humanize(option)),
            "description": spec.get("description", ""),
            "values": [
                (value, entry.get("label", humanize(value)))
                for value, entry in spec.get("values", {}).items()
            ],
            "selected": chosen.get(option),
            "findings": by_part.get(option, []),
        }
        for option, spec in toolkit.document.get("options", {}).items()
    ]


def _parameter_rows(toolkit: Toolkit, draft: Draft, evaluation: Evaluation) -> list[dict[str, Any]]:
    by_part = _findings_by_part(evaluation)
    values = draft.design.get("parameters") or {}
    rows = []
    for name, spec in toolkit.document.get("parameters", {}).items():
        field_name = f"parameter-{name}"
        rows.append(
            {
                "id": name,
                "field": field_name,
                "label": spec.get("label", humanize(name)),
                "unit": spec.get("unit", ""),
                "description": spec.get("description", ""),
                "min": spec.get("min"),
                "max": spec.get("max"),
                "step": spec.get("step", "any"),
                "value": draft.bad_fields.get(field_name, values.get(name, "")),
                "bad": field_name in draft.bad_fields,
                "findings": by_part.get(name, []),
            }
        )
    return rows


def _part_rows(toolkit: Toolkit, draft: Draft, evaluation: Evaluation) -> list[dict[str, Any]]:
    by_part = _findings_by_part(evaluation)
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
        findings = by_part.get(index, [])
        rows.append(
            {
                "index": index,
                "number": index + 1,
                "part": part,
                "label": entry.label if entry else part["type"],
                "known": entry is not None,
                "width": draft.bad_fields.get(f"part-{index}-width", f"{float(part['width']):.2f}"),
                "bad_width": f"part-{index}-width" in draft.bad_fields,
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
    action: str | None = None,
) -> dict[str, Any]:
    """What the toolkit's templates show; the form posts to `action` (by default the residents'
    toolkit; the staff's baseline editor names its own)."""
    evaluation = toolkit.evaluate(draft.design)
    error_findings = [f for f in evaluation["findings"] if f["severity"] == "error"]
    section = toolkit.kind == "section"
    return {
        "challenge": challenge,
        "toolkit": toolkit,
        "draft": draft,
        "parts": _part_rows(toolkit, draft, evaluation) if section else [],
        "options": [] if section else _option_rows(toolkit, draft, evaluation),
        "parameters": [] if section else _parameter_rows(toolkit, draft, evaluation),
        "evaluation": evaluation,
        "error_findings": error_findings,
        "svg": render_svg(toolkit, draft.design, evaluation),
        "metrics": metric_rows(toolkit, evaluation["metrics"]),
        "errors": errors,
        "notice": notice,
        "can_submit_now": "submit" in open_actions(challenge),
        "catalog": list(toolkit.catalog.values()),
        "restored": restored,
        "streetmix": speaks_streetmix(toolkit),
        "toolkit_document": toolkit.document,
        "toolkit_action": action or reverse("toolkit", args=[challenge.slug]),
    }
