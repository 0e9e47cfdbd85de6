"""The insights pages: the staff page of a challenge (state, every section, downloads), its
public summary when the organization chooses, and opening the consensus design in the editor.
They read the stored report only; computing is the task's job (tasks.py)."""

from __future__ import annotations

import csv
import io
from typing import Any

import rules
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_staff, challenge_for_view
from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.htmx import HtmxHttpRequest, redirect
from cocreate.design.render import render_svg
from cocreate.proposals.models import Proposal
from cocreate.proposals.toolkit_form import draft_owner

from . import charts, selectors, services
from .models import Report

VIEW, CHANGE = "insights.view_insights", "insights.change_insights"
CHANGES = ("added", "removed", "wider", "narrower", "moved")
DOWNLOADS = ("changes", "allocation", "schools", "lead-users")


def _staff(request: HttpRequest, org: str, slug: str, permission: str = VIEW) -> Challenge:
    return challenge_for_staff(org=org, slug=slug, user=request.user, permission=permission)


def _label(data: dict[str, Any], kind: str) -> str:
    return str(
        data.get("changes", {}).get(kind, {}).get("label") or kind.replace("-", " ").capitalize()
    )


def _changes(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per part type: each change's share, all and weighted, and the widths."""
    rows = []
    for kind, change in sorted(data.get("changes", {}).items()):
        label = _label(data, kind)
        weighted = change.get("weighted", {})
        widths = change.get("widths", {})
        cells = []
        for name in CHANGES:
            share, by_support = change.get(name, 0.0), weighted.get(name, 0.0)
            what = _("%(type)s %(change)s") % {"type": label, "change": _(name)}
            cells.append(
                {
                    "share": charts.percent(share),
                    "weighted": charts.percent(by_support),
                    "chart": charts.share_pair(share, by_support, what),
                }
            )
        rows.append(
            {
                "type": kind,
                "label": label,
                "cells": cells,
                "widths": widths,
                "histogram": charts.histogram(widths.get("histogram", {}), label),
            }
        )
    return rows


def _allocation(data: dict[str, Any], document: dict[str, Any]) -> dict[str, Any] | None:
    allocation: dict[str, float] = data.get("allocation") or {}
    if not allocation:
        return None
    parts = document.get("parts", {})
    total = round(sum(allocation.values()), 3)
    # Across the street as the consensus design orders it (then the baseline, then by name): the
    # database need not keep a JSON object's key order.
    order: dict[str, int] = {}
    designs = [(data.get("consensus") or {}).get("design") or {}, document.get("baseline") or {}]
    for part in (p for design in designs for p in design.get("parts", [])):
        order.setdefault(part.get("type"), len(order))
    kinds = sorted(allocation, key=lambda kind: (order.get(kind, len(order)), kind))
    rows = [
        {
            "type": kind,
            "label": _label(data, kind),
            "metres": metres,
            "median": data.get("medians", {}).get(kind),
            "share": charts.percent(metres / total) if total else "",
            "colour": parts.get(kind, {}).get("color") or charts.PALETTE[i % len(charts.PALETTE)],
        }
        for i, (kind, metres) in enumerate((kind, allocation[kind]) for kind in kinds)
    ]
    name = _("How the crowd would share the %(total)s m: %(parts)s") % {
        "total": f"{total:g}",
        "parts": ", ".join(f"{r['label']} {r['metres']:g} m" for r in rows),
    }
    bar = charts.stacked_bar([(r["label"], r["metres"], r["colour"]) for r in rows], total, name)
    return {"rows": rows, "total": total, "chart": bar}


def _consensus(data: dict[str, Any], kit: Any, document: dict[str, Any]) -> dict[str, Any] | None:
    consensus = data.get("consensus") or {}
    design = consensus.get("design")
    if not design:
        return None
    labels = document.get("metrics", {})
    metrics = [
        {
            "label": labels.get(name, {}).get("label", name),
            "value": value,
            "unit": labels.get(name, {}).get("unit", ""),
        }
        for name, value in sorted((consensus.get("metrics") or {}).items())
    ]
    return {"svg": render_svg(kit, design), "metrics": metrics, "source": consensus.get("source")}


def _schools(data: dict[str, Any], challenge: Challenge) -> list[dict[str, Any]]:
    """The schools with their medoid proposal's title and drawing (one query for all)."""
    schools = data.get("schools") or []
    ids = [int(s["medoid"]) for s in schools if str(s.get("medoid", "")).isdigit()]
    medoids = (
        {
            str(p["pk"]): p
            for p in Proposal.objects.listable()
            .filter(challenge=challenge, pk__in=ids)
            .values("pk", "title", "thumbnail_svg")
        }
        if ids
        else {}
    )
    base = reverse("challenge", args=[challenge.slug]) + "p/"
    return [
        {
            **school,
            "percent": charts.percent(school.get("share", 0)),
            "meter": charts.meter(
                school.get("share", 0),
                _("%(share)s of proposals") % {"share": charts.percent(school.get("share", 0))},
            ),
            "medoid_row": medoids.get(str(school.get("medoid"))),
            "url": f"{base}{school.get('medoid')}/",
        }
        for school in schools
    ]


def _bounds(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            **b,
            "percent": charts.percent(b.get("share", 0)),
            "meter": charts.meter(
                b.get("share", 0),
                _("%(rule)s: %(share)s of proposals at the bound")
                % {
                    "rule": b.get("label") or b.get("rule"),
                    "share": charts.percent(b.get("share", 0)),
                },
            ),
        }
        for b in data.get("bounds") or []
    ]


def _sections(report: Report, challenge: Challenge, *, public: bool) -> dict[str, Any]:
    """What the page shows of the stored result; the public summary leaves out the people
    (lead users) and the editor's pressure."""
    data = report.summary or {}
    kit = toolkit_for(challenge)
    document = kit.document
    sections = {
        "data": data,
        "kind": data.get("kind", kit.kind),
        "changes": _changes(data),
        "options": data.get("options") or {},
        "parameters": [
            {
                **p,
                "name": n,
                "chart": charts.histogram(
                    p.get("histogram", {}), p.get("label", n), p.get("unit", "")
                ),
            }
            for n, p in sorted((data.get("parameters") or {}).items())
        ],
        "allocation": _allocation(data, document),
        "consensus": _consensus(data, kit, document),
        "schools": _schools(data, challenge),
    }
    if not public:
        sections["bounds"] = _bounds(data)
        sections["pressure"] = data.get("pressure") or []
        sections["lead_users"] = data.get("lead_users") or []
    return sections


@require_GET
def insights(request: HtmxHttpRequest, org: str, slug: str) -> HttpResponse:
    challenge = _staff(request, org, slug)
    report = selectors.report_for(challenge)
    fresh = selectors.freshness(report, selectors.listable_count(challenge))
    if fresh.stale and report.state == Report.State.IDLE:
        # Enough has changed: the next result is on its way (a failed one waits for a person).
        report = services.insights_request(actor=request.user, challenge=challenge)
    context = {
        "organization": challenge.organization,
        "challenge": challenge,
        "report": report,
        "fresh": fresh,
        "busy": report.state in services.BUSY,
        "can_change": rules.has_perm(CHANGE, request.user, challenge),
    }
    if request.htmx and request.htmx.target == "insights-status":
        response = render(request, "insights/insights.html#status", context)
        if not context["busy"]:
            response["HX-Refresh"] = "true"  # finished: show the new result
        return response
    if report.computed_at is not None:
        context.update(_sections(report, challenge, public=False))
    return render(request, "insights/insights.html", context)


@require_POST
def insights_compute(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    challenge = _staff(request, org, slug, CHANGE)
    services.insights_request(actor=request.user, challenge=challenge)
    return redirect(request, reverse("insights", args=[org, slug]))


@require_POST
def insights_public(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    challenge = _staff(request, org, slug, CHANGE)
    services.insights_publish(
        actor=request.user, challenge=challenge, public=request.POST.get("public") == "1"
    )
    return redirect(request, reverse("insights", args=[org, slug]))


def _rows(data: dict[str, Any], name: str) -> tuple[list[str], list[list[Any]]]:
    """A download's header and rows, from the stored result."""
    if name == "changes":
        header = [
            "type",
            "label",
            *CHANGES,
            *(f"weighted_{c}" for c in CHANGES),
            "q1",
            "median",
            "q3",
        ]
        return header, [
            [
                kind,
                c.get("label", kind),
                *(c.get(x) for x in CHANGES),
                *(c.get("weighted", {}).get(x) for x in CHANGES),
                *(c.get("widths", {}).get(q) for q in ("q1", "median", "q3")),
            ]
            for kind, c in sorted(data.get("changes", {}).items())
        ]
    if name == "allocation":
        medians = data.get("medians", {})
        return ["type", "metres", "median"], [
            [kind, metres, medians.get(kind)]
            for kind, metres in sorted((data.get("allocation") or {}).items())
        ]
    if name == "schools":
        return ["school", "size", "share", "support", "medoid", "summary", "members"], [
            [
                s.get("id"),
                len(s.get("members", [])),
                s.get("share"),
                s.get("support"),
                s.get("medoid"),
                s.get("summary"),
                " ".join(map(str, s.get("members", []))),
            ]
            for s in data.get("schools") or []
        ]
    return ["rank", "author", "score", "evidence"], [
        [i, u.get("author"), u.get("score"), " | ".join(u.get("evidence", []))]
        for i, u in enumerate(data.get("lead_users") or [], start=1)
    ]


@require_GET
def insights_download(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    """The stored result whole as JSON (`?section=json`), or one section as CSV."""
    challenge = _staff(request, org, slug)
    name = request.GET.get("section", "json")
    report = selectors.report_for(challenge, whole=True)
    if report.computed_at is None:
        raise Http404
    stem = f"{challenge.slug}-insights"
    if name == "json":
        response: HttpResponse = JsonResponse(report.data, json_dumps_params={"indent": 1})
        response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response
    if name not in DOWNLOADS:
        raise Http404
    header, rows = _rows(report.data, name)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{name}.csv"'
    return response


@require_GET
def insights_summary(request: HttpRequest, slug: str) -> HttpResponse:
    """The public summary: changes, allocation, consensus and schools, no people."""
    report = selectors.public_report(slug=slug, user=request.user)
    challenge = report.challenge
    context = {
        "challenge": challenge,
        "report": report,
        **_sections(report, challenge, public=True),
    }
    return render(request, "insights/summary.html", context)


@require_POST
def consensus_open(request: HttpRequest, slug: str) -> HttpResponse:
    """Open the consensus design in the editor as the start of a new proposal (kept as the
    person's draft), for staff and, when the summary is public, anyone who may see it."""
    challenge = challenge_for_view(slug=slug, user=request.user)
    report = selectors.report_for(challenge)
    allowed = report.public or rules.has_perm(VIEW, request.user, challenge)
    design = (report.summary or {}).get("consensus", {}).get("design")
    if not allowed or not design:
        raise Http404
    owner = draft_owner(request)
    services.consensus_open(
        actor=request.user, owner=owner.owner, challenge=challenge, design=design
    )
    return owner.remember(redirect(request, reverse("toolkit", args=[slug])))
