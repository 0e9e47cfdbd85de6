"""{% board_rows page … %}: the review board's table body.

Built here as strings instead of a template loop: a page is 50 rows of a dozen cells, and
Django's template engine spent most of the page's time on them (resolving, localizing and
escaping some 1,500 variables; `format_html` still spent a fifth of it). Every value that is not
a literal of this module goes through `html.escape`; labels are translated once per page."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..selectors import BoardPage, BoardRow

register = template.Library()


@dataclass(frozen=True, slots=True)
class _Labels:
    """The page's words, translated and escaped once."""

    supports: str
    opposes: str
    pledges: str
    warnings: str
    age: str
    status: str
    due: str
    hidden: str
    merged: str
    awaiting: str
    by: str

    @classmethod
    def now(cls) -> _Labels:
        return cls(
            *(
                escape(word)
                for word in (
                    _("Supports"),
                    _("Opposes"),
                    _("Pledges"),
                    _("Warnings"),
                    _("Age"),
                    _("Status"),
                    _("Answer due"),
                    _("Hidden"),
                    _("Merged"),
                    _("Awaiting answer"),
                    pgettext("author", "by"),
                )
            )
        )


def _row(row: BoardRow, words: _Labels, base: str, tick: bool, ticked: bool) -> str:
    title = escape(row.title)
    classes = " ".join(
        c for c, on in (("is-hidden", row.hidden), ("is-overdue", row.overdue)) if on
    )
    marked = f' class="{classes}"' if classes else ""
    box = (
        f'<td class="tick"><label><input type="checkbox" name="proposals" value="{row.pk}" '
        f'form="board-bulk"{" checked" if ticked else ""}>'
        f'<span class="visually-hidden">{title}</span></label></td>'
        if tick
        else ""
    )
    tags = (f' <span class="tag hidden-tag">{words.hidden}</span>' if row.hidden else "") + (
        f' <span class="tag">{words.merged}</span>' if row.merged else ""
    )
    money = f' <span class="money">{escape(row.money_text)}</span>' if row.money_text else ""
    metrics = "".join(
        f'<td class="num" data-label="{escape(label)}">{escape(text)}</td>'
        for label, text in row.metric_cells
    )
    answer = (
        f'<span class="status-badge" data-colour="{escape(row.status.colour)}">'
        f"{escape(row.status.name)}</span>"
        if row.status
        else f'<span class="awaiting">{words.awaiting}</span>'
    )
    due = escape(row.due_text)
    if row.overdue:
        due = f'<strong class="overdue" data-overdue>{due}</strong>'
    return (
        f'<tr data-board-row tabindex="-1"{marked}>'
        f"{box}"
        f'<th scope="row" class="title"><a href="{base}{row.pk}/" data-board-open>{title}</a>'
        f'{tags} <span class="by">{words.by} {escape(row.author)}</span></th>'
        f'<td class="num" data-label="{words.supports}">{row.supports}</td>'
        f'<td class="num" data-label="{words.opposes}">{row.opposes}</td>'
        f'<td class="num" data-label="{words.pledges}">{row.pledges}{money}</td>'
        f'<td class="num{" warn" if row.warnings else ""}" data-label="{words.warnings}">'
        f"{row.warnings}</td>"
        f"{metrics}"
        f'<td data-label="{words.age}"><time datetime="{row.created_at.isoformat()}">'
        f"{escape(row.age_text)}</time></td>"
        f'<td data-label="{words.status}">{answer}</td>'
        f'<td data-label="{words.due}">{due}</td></tr>\n'
    )


@register.simple_tag
def board_rows(page: BoardPage, proposal_base: str, ticked: set[int], tick: object) -> SafeString:
    """The rows of `page`: with a checkbox each (named by the proposal's title) when `tick` (the
    bulk form, when the person may answer), ticked when in `ticked` (the board shown again
    after a refused bulk change)."""
    words = _Labels.now()
    base = escape(proposal_base)
    html = "".join(_row(row, words, base, bool(tick), row.pk in ticked) for row in page.rows)
    return mark_safe(html)  # noqa: S308 - every value in it is escaped by `_row`
