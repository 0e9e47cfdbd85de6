"""The compare page's context: read the chosen pair, migrate, diff, and word the changes.

Kept out of the view so the view only parses, calls and renders. The diff itself is pure
(``cocreate.design.diff``); this module only adds what a page needs: titles, links, stored
drawings and translated words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from cocreate.challenges.models import Challenge
from cocreate.design import SectionToolkit, Toolkit, format_m, render_svg
from cocreate.design.diff import diff_designs, render_diff_svg
from cocreate.proposals.models import Proposal

from .forms import BASELINE, Choice, CompareForm


@dataclass(slots=True)
class Side:
    """One of the two designs: what the page shows about it."""

    key: str  # the form value: "baseline" or the id
    title: str
    author: str
    url: str
    design: Any
    svg: str
    notices: list[str]
    proposal: Proposal | None = None


def side_of(
    choice: Choice,
    *,
    challenge: Challenge,
    toolkit: Toolkit,
    proposals: dict[int, Proposal],
    challenge_url: str,
) -> Side:
    """The baseline or a proposal, migrated to the challenge's toolkit version so the diff is
    fair; the stored drawing is reused unless the design was saved on another version."""
    if choice == BASELINE:
        return Side(
            key=BASELINE,
            title=_("Proposed design"),
            author=challenge.organization.name,
            url=challenge_url,
            design=challenge.baseline,
            svg=challenge.baseline_svg,
            notices=[],
        )
    assert isinstance(choice, int)
    proposal = proposals[choice]
    side = Side(
        key=str(proposal.pk),
        title=proposal.title,
        author=proposal.author.username,
        url=f"{challenge_url}p/{proposal.pk}/",
        design=proposal.design,
        svg=proposal.svg,
        notices=[],
        proposal=proposal,
    )
    if proposal.toolkit_version != toolkit.version:
        design, notices = toolkit.migrate(proposal.design)
        side.design = design
        side.svg = render_svg(toolkit, design, toolkit.evaluate(design))
        side.notices = [notice["message"] for notice in notices]
    return side


Option = tuple[int, str, str]  # a picker's option: id, title, author


def matching(choices: list[Option], text: str, chosen: str) -> list[Option]:
    """The choices whose number, title or author holds every word of ``text`` (in any case),
    and the ``chosen`` one whatever it says, so a filter never drops what the form shows."""
    words = text.casefold().split()
    return [
        choice
        for choice in choices
        if str(choice[0]) == chosen
        or all(w in f"#{choice[0]} {choice[1]} {choice[2]}".casefold() for w in words)
    ]


@dataclass(slots=True)
class Picker:
    """One of the form's two design pickers: its list narrowed by its filter words."""

    side: str  # "a" or "b"
    label: str
    chosen: str  # the option shown selected: "baseline", an id, or what was typed
    find: str
    options: list[Option]
    error: str


def pickers(form: CompareForm, choices: list[Option], errors: dict[str, str]) -> list[Picker]:
    """The two pickers, as the form was sent: each keeps its choice and its filter words."""
    shown = []
    for side, label in (("a", _("Design A")), ("b", _("Design B"))):
        chosen = str(form.typed(side) or "").strip()
        find = form.fallback(f"find_{side}")
        options = matching(choices, find, chosen)
        shown.append(Picker(side, label, chosen, find, options, errors.get(side, "")))
    return shown


CHANGE_WORDS = {
    "added": lambda: _("added"),
    "removed": lambda: _("removed"),
    "moved": lambda: _("moved"),
    "resized": lambda: _("resized"),
    "variant": lambda: _("variant changed"),
    "retyped": lambda: _("type changed"),
}


def _width(mm: int | None) -> str:
    return "—" if mm is None else format_m(mm)


def _signed_mm(mm: int) -> str:
    if mm == 0:
        return "±0"
    return ("+" if mm > 0 else "−") + format_m(abs(mm))


def _signed(value: float) -> str:
    if value == 0:
        return "±0"
    text = f"{abs(value):,}"
    return ("+" if value > 0 else "−") + text


def part_rows(diff: dict[str, Any]) -> list[dict[str, Any]]:
    """A row per changed part, worded for the table."""
    rows = []
    for row in diff.get("parts", []):
        details = [f"{v['axis']}: {v['from'] or '—'} → {v['to'] or '—'}" for v in row["variants"]]
        if "retyped" in row["changes"]:
            details.insert(0, f"{row['label_a']} → {row['label']}")
        rows.append(
            {
                "kinds": row["changes"],
                "words": ", ".join(CHANGE_WORDS[k]() for k in row["changes"]),
                "label": row["label"],
                "position_a": None if row["a"] is None else row["a"] + 1,
                "position_b": None if row["b"] is None else row["b"] + 1,
                "width_a": _width(row["width_a_mm"]),
                "width_b": _width(row["width_b_mm"]),
                "delta": _signed_mm(row["delta_mm"]) if "resized" in row["changes"] else "",
                "details": "; ".join(details),
            }
        )
    return rows


def metric_rows(diff: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            **row,
            "signed": _signed(row["delta"]),
            "direction": "up" if row["delta"] > 0 else "down" if row["delta"] < 0 else "same",
        }
        for row in diff["metrics"]
    ]


def setting_rows(diff: dict[str, Any]) -> list[dict[str, Any]]:
    """Configurators: a row per changed choice or parameter."""
    rows = [
        {"label": c["label"], "a": c["from_label"] or "—", "b": c["to_label"] or "—", "delta": ""}
        for c in diff.get("choices", [])
    ]
    for p in diff.get("parameters", []):
        unit = f" {p['unit']}" if p["unit"] else ""
        rows.append(
            {
                "label": p["label"],
                "a": "—" if p["from"] is None else f"{p['from']}{unit}",
                "b": "—" if p["to"] is None else f"{p['to']}{unit}",
                "delta": "" if p["delta"] is None else f"{_signed(p['delta'])}{unit}",
            }
        )
    return rows


def change_window(toolkit: Toolkit, diff: dict[str, Any], a: Any, b: Any) -> dict[str, str] | None:
    """Where the changed parts lie across the diff drawing, as shares of its width (``start``,
    ``end``, 0 to 1, the two rows drawn to one scale over the longest of lengths and totals as
    ``render_diff_svg`` draws them): what a phone scrolls into view. None for configurators and
    when no part changed."""
    if not isinstance(toolkit, SectionToolkit) or not diff["parts"]:
        return None
    da, db = toolkit.read(toolkit.parse(a)), toolkit.read(toolkit.parse(b))
    span = max(da.length_mm, da.total_mm, db.length_mm, db.total_mm, 1)
    edges: list[int] = []
    for row in diff["parts"]:
        for index, widths in ((row["a"], da.widths), (row["b"], db.widths)):
            if index is not None:
                left = sum(widths[:index])
                edges += [left, left + widths[index]]
    return {"start": f"{min(edges) / span:.4f}", "end": f"{max(edges) / span:.4f}"}


def comparison(toolkit: Toolkit, a: Side, b: Side) -> dict[str, Any]:
    """The diff and everything the page shows about it. Raises DesignError for a stored
    design the engine cannot read (the view answers 400)."""
    diff = diff_designs(toolkit, a.design, b.design)
    counts = {
        key: len(diff.get(key, [])) for key in ("added", "removed", "moved", "resized", "variants")
    }
    summary = (
        _(
            "Differences from A to B: %(added)s added, %(removed)s removed, %(moved)s moved, "
            "%(resized)s resized, %(variants)s with another variant."
        )
        % counts
    )
    svg = render_diff_svg(
        toolkit,
        a.design,
        b.design,
        diff,
        labels=(_("A: %(title)s") % {"title": a.title}, _("B: %(title)s") % {"title": b.title}),
        summary=summary,
    )
    return {
        "diff": diff,
        "diff_svg": svg,
        "change_window": change_window(toolkit, diff, a.design, b.design),
        "summary": summary,
        "part_rows": part_rows(diff),
        "setting_rows": setting_rows(diff),
        "metric_rows": metric_rows(diff),
        "findings_added": diff["findings"]["added"],
        "findings_removed": diff["findings"]["removed"],
        "length_changed": diff.get("length", {}).get("a_mm") != diff.get("length", {}).get("b_mm"),
        "length_a": _width(diff.get("length", {}).get("a_mm")),
        "length_b": _width(diff.get("length", {}).get("b_mm")),
    }
