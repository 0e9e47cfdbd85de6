"""The insights' charts as server-rendered SVG: no script, an accessible name on each (role=img
with a title), and always a data table beside it in the page, so nothing is only in a picture."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

BAR = "#0b6e4f"  # the brand colour: unweighted shares and histograms
WEIGHTED = "#175cd3"  # the info colour: support-weighted shares
PALETTE = ("#0b6e4f", "#175cd3", "#9a6700", "#b42318", "#6941c6", "#107569", "#c4320a", "#344054")


def percent(share: float) -> str:
    return f"{round(100 * share)}%"


def histogram(data: dict[str, Any], label: str, unit: str = "m") -> SafeString:
    """A small column chart of a histogram (`edges` n+1, `counts` n)."""
    counts: Sequence[int] = data.get("counts") or []
    edges: Sequence[float] = data.get("edges") or []
    if not counts or len(edges) != len(counts) + 1:
        return SafeString("")
    width, height, top = 160, 44, max(counts) or 1
    step = width / len(counts)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        (
            (
                f"{i * step + 0.5:.1f}",
                f"{height - height * n / top:.1f}",
                f"{max(step - 1, 1):.1f}",
                f"{height * n / top:.1f}",
                BAR,
                f"{edges[i]:g}–{edges[i + 1]:g} {unit}: {n}",
            )
            for i, n in enumerate(counts)
        ),
    )
    name = _(
        "%(label)s: how many proposals give it each width, from %(low)s to %(high)s %(unit)s"
    ) % {
        "label": label,
        "low": f"{edges[0]:g}",
        "high": f"{edges[-1]:g}",
        "unit": unit,
    }
    return format_html(
        '<svg class="chart histogram" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<title>{}</title>{}<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#5b6474"/></svg>',
        width,
        height + 1,
        name,
        name,
        bars,
        height + 0.5,
        width,
        height + 0.5,
    )


def share_pair(share: float, weighted: float, what: str) -> SafeString:
    """Two bars, all proposals and weighted by support, for one share in a table cell."""
    name = _("%(what)s: %(all)s of proposals, %(weighted)s by support") % {
        "what": what,
        "all": percent(share),
        "weighted": percent(weighted),
    }
    return format_html(
        '<svg class="chart pair" viewBox="0 0 60 14" role="img" aria-label="{}"><title>{}</title>'
        '<rect x="0" y="1" width="60" height="5" fill="#eef0f3"/>'
        '<rect x="0" y="1" width="{}" height="5" fill="{}"/>'
        '<rect x="0" y="8" width="60" height="5" fill="#eef0f3"/>'
        '<rect x="0" y="8" width="{}" height="5" fill="{}"/></svg>',
        name,
        name,
        f"{60 * min(max(share, 0), 1):.1f}",
        BAR,
        f"{60 * min(max(weighted, 0), 1):.1f}",
        WEIGHTED,
    )


def stacked_bar(parts: Sequence[tuple[str, float, str]], total: float, name: str) -> SafeString:
    """One bar the width of the street (`total`), cut into (label, metres, colour) parts; the
    table beside it names each colour."""
    if total <= 0:
        return SafeString("")
    width, height, x = 1000, 64, 0.0
    pieces = []
    for label, metres, colour in parts:
        w = width * metres / total
        pieces.append((f"{x:.1f}", f"{w:.1f}", height, colour, f"{label}: {metres:g} m"))
        x += w
    return format_html(
        '<svg class="chart stacked" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        width,
        height,
        name,
        name,
        format_html_join(
            "",
            '<rect x="{}" y="0" width="{}" height="{}" fill="{}" stroke="#1d2330" '
            'stroke-width="1.5"><title>{}</title></rect>',
            pieces,
        ),
    )


def meter(share: float, name: str) -> SafeString:
    """One horizontal bar of a share, for a table cell."""
    return format_html(
        '<svg class="chart meter" viewBox="0 0 100 10" role="img" aria-label="{}"><title>{}</title>'
        '<rect width="100" height="10" fill="#eef0f3"/><rect width="{}" height="10" fill="{}"/>'
        "</svg>",
        name,
        name,
        f"{100 * min(max(share, 0), 1):.1f}",
        BAR,
    )
