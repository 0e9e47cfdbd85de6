"""{% board_rows page … %}: the review board's table body.

Built here with `format_html` instead of a template loop: a page is 50 rows of a dozen cells,
and Django's template engine spent most of the page's time on them (resolving, localizing and
escaping some 1,500 variables). Every value is escaped by `format_html`; labels are translated
once per page."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..selectors import BoardPage, BoardRow

register = template.Library()

ROW = (
    '<tr data-board-row tabindex="-1"{}>{}'
    '<th scope="row" class="title"><a href="{}{}/" data-board-open>{}</a>{} '
    '<span class="by">{} {}</span></th>'
    '<td class="num" data-label="{}">{}</td>'
    '<td class="num" data-label="{}">{}</td>'
    '<td class="num" data-label="{}">{}{}</td>'
    '<td class="num{}" data-label="{}">{}</td>'
    "{}"
    '<td data-label="{}"><time datetime="{}">{}</time></td>'
    '<td data-label="{}">{}</td>'
    '<td data-label="{}">{}</td></tr>\n'
)
TICK = (
    '<td class="tick"><label><input type="checkbox" name="proposals" value="{}" '
    'form="board-bulk"{}><span class="visually-hidden">{}</span></label></td>'
)


def _classes(row: BoardRow) -> SafeString:
    names = [name for name, on in (("is-hidden", row.hidden), ("is-overdue", row.overdue)) if on]
    return format_html(' class="{}"', " ".join(names)) if names else mark_safe("")


@register.simple_tag
def board_rows(page: BoardPage, proposal_base: str, ticked: set[int], tick: object) -> SafeString:
    """The rows of `page`: with a checkbox each (named by the proposal's title) when `tick` (the
    bulk form, when the person may answer), ticked when in `ticked` (the board shown again
    after a refused bulk change)."""
    supports, opposes, pledges = _("Supports"), _("Opposes"), _("Pledges")
    warnings, age, status, due = _("Warnings"), _("Age"), _("Status"), _("Answer due")
    hidden = format_html(' <span class="tag hidden-tag">{}</span>', _("Hidden"))
    merged = format_html(' <span class="tag">{}</span>', _("Merged"))
    awaiting = format_html('<span class="awaiting">{}</span>', _("Awaiting answer"))
    by = pgettext("author", "by")
    rows = []
    for row in page.rows:
        box = (
            format_html(TICK, row.pk, " checked" if row.pk in ticked else "", row.title)
            if tick
            else ""
        )
        tags = (hidden if row.hidden else "") + (merged if row.merged else "")
        money = (
            format_html(' <span class="money">{}</span>', row.money_text) if row.money_text else ""
        )
        metrics = format_html_join("", '<td class="num" data-label="{}">{}</td>', row.metric_cells)
        answer = (
            format_html(
                '<span class="status-badge" data-colour="{}">{}</span>',
                row.status.colour,
                row.status.name,
            )
            if row.status
            else awaiting
        )
        when = (
            format_html('<strong class="overdue" data-overdue>{}</strong>', row.due_text)
            if row.overdue
            else row.due_text
        )
        rows.append(
            format_html(
                ROW,
                _classes(row),
                box,
                proposal_base,
                row.pk,
                row.title,
                mark_safe(tags),  # noqa: S308 - built by format_html above
                by,
                row.author,
                supports,
                row.supports,
                opposes,
                row.opposes,
                pledges,
                row.pledges,
                money,
                " warn" if row.warnings else "",
                warnings,
                row.warnings,
                metrics,
                age,
                row.created_at.isoformat(),
                row.age_text,
                status,
                answer,
                due,
                when,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every row is built by format_html
