"""The insights' charts as server-rendered SVG: no script, an accessible name on each (role=img
with a title), and always a data table beside it in the page, so nothing is only in a picture.
Built with f-strings and one `escape` per text, not format_html: a page has a hundred of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR = "#0b6e4f"  # the brand colour: unweighted shares and histograms
WEIGHTED = "#175cd3"  # the info colour: support-weighted shares
TRACK = "#eef0f3"
PALETTE = ("#0b6e4f", "#175cd3", "#9a6700", "#b42318", "#6941c6", "#107569", "#c4320a", "#344054")


def percent(share: float) -> str:
    return f"{round(100 * share)}%"


def _clip(share: float) -> float:
    return min(max(share, 0.0), 1.0)


def _svg(css: str, box: str, name: str, body: str) -> SafeString:
    label = escape(name)
    return mark_safe(  # noqa: S308 (every text in it is escaped)
        f'<svg class="chart {css}" viewBox="{box}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{body}</svg>"
    )


def histogram(data: dict[str, Any], label: str, unit: str = "m") -> SafeString:
    """A small column chart of a histogram (`edges` n+1, `counts` n)."""
    counts: Sequence[int] = data.get("counts") or []
    edges: Sequence[float] = data.get("edges") or []
    if not counts or len(edges) != len(counts) + 1:
        return SafeString("")
    width, height, top = 160, 44, max(counts) or 1
    step = width / len(counts)
    bars = "".join(
        f'<rect x="{i * step + 0.5:.1f}" y="{height - height * n / top:.1f}" '
        f'width="{max(step - 1, 1):.1f}" height="{height * n / top:.1f}" fill="{BAR}">'
        f"<title>{edges[i]:g}–{edges[i + 1]:g} {escape(unit)}: {n}</title></rect>"
        for i, n in enumerate(counts)
    )
    name = _("%(label)s: how many proposals give it each width, from %(low)s to %(high)s %(unit)s")
    name %= {"label": label, "low": f"{edges[0]:g}", "high": f"{edges[-1]:g}", "unit": unit}
    axis = f'<line x1="0" y1="{height + 0.5}" x2="{width}" y2="{height + 0.5}" stroke="#5b6474"/>'
    return _svg("histogram", f"0 0 {width} {height + 1}", name, bars + axis)


def share_pair(share: float, weighted: float, what: str) -> SafeString:
    """Two bars, all proposals and weighted by support, for one share in a table cell."""
    name = _("%(what)s: %(all)s of proposals, %(weighted)s by support") % {
        "what": what,
        "all": percent(share),
        "weighted": percent(weighted),
    }
    body = (
        f'<rect x="0" y="1" width="60" height="5" fill="{TRACK}"/>'
        f'<rect x="0" y="1" width="{60 * _clip(share):.1f}" height="5" fill="{BAR}"/>'
        f'<rect x="0" y="8" width="60" height="5" fill="{TRACK}"/>'
        f'<rect x="0" y="8" width="{60 * _clip(weighted):.1f}" height="5" fill="{WEIGHTED}"/>'
    )
    return _svg("pair", "0 0 60 14", name, body)


def stacked_bar(parts: Sequence[tuple[str, float, str]], total: float, name: str) -> SafeString:
    """One bar the width of the street (`total`), cut into (label, metres, colour) parts; the
    table beside it names each colour."""
    if total <= 0:
        return SafeString("")
    width, height, x, pieces = 1000, 64, 0.0, []
    for label, metres, colour in parts:
        w = width * metres / total
        pieces.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{escape(colour)}"'
            f' stroke="#1d2330" stroke-width="1.5">'
            f"<title>{escape(label)}: {metres:g} m</title></rect>"
        )
        x += w
    return _svg("stacked", f"0 0 {width} {height}", name, "".join(pieces))


def meter(share: float, name: str) -> SafeString:
    """One horizontal bar of a share, for a table cell."""
    body = (
        f'<rect width="100" height="10" fill="{TRACK}"/>'
        f'<rect width="{100 * _clip(share):.1f}" height="10" fill="{BAR}"/>'
    )
    return _svg("meter", "0 0 100 10", name, body)
