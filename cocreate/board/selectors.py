"""Reads of the review board: a page of a challenge's proposals, every one of them (hidden and
merged too, since staff see them), filtered, sorted and searched in the database, in two
queries whatever the page shows: the rows (with their pledge totals and key metrics) and the
count."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.organizations.models import Organization, ProposalStatus
from cocreate.proposals.models import Pledge, PledgeKind, Proposal, Status

PER_PAGE = 50
KEY_METRICS = 3  # the toolkit's first metrics, as it declares them, are the board's columns


@dataclass(frozen=True, slots=True)
class KeyMetric:
    """One of the toolkit's metrics shown as a column (and offered as a sort)."""

    id: str
    label: str
    unit: str


@dataclass(frozen=True, slots=True)
class BoardFilters:
    """What the board shows. `status` is one of the organization's statuses (by id); the flags
    narrow further, each on its own."""

    status: int | None = None
    unanswered: bool = False  # no public answer yet
    overdue: bool = False  # no answer and the promised date has passed
    warnings: bool = False
    hidden: str = ""  # "hidden": only what moderation hid; "shown": none of it
    last_rung: bool = False  # on the ladder's last rung, in the organization's review queue
    search: str = ""


def _number(value: float | Decimal | None) -> str:
    """A figure as the board shows it: grouped thousands, no needless decimals, "—" for none."""
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One proposal as the board shows it; the `*_text` properties are its cells' text, made
    here rather than by template filters: a page has 50 rows of a dozen cells."""

    pk: int
    title: str
    author: str
    supports: int
    opposes: int
    pledges: int
    pledged_money: Decimal
    warnings: int
    metrics: tuple[tuple[KeyMetric, float | None], ...]  # the board's key metrics, in order
    created_at: datetime
    age_days: int
    status: ProposalStatus | None  # the organization's latest answer
    lifecycle: str
    hidden: bool
    merged: bool
    due_in_days: int | None  # days left to answer as promised, negative once overdue; None
    # when answered or nothing is promised yet

    @property
    def metric_cells(self) -> list[tuple[str, str]]:
        """(the cell's label on a phone, its text) for each key metric."""
        return [
            (f"{metric.label} ({metric.unit})", _number(value)) for metric, value in self.metrics
        ]

    @property
    def money_text(self) -> str:
        return f"NZD {self.pledged_money:,.2f}".removesuffix(".00") if self.pledged_money else ""

    @property
    def age_text(self) -> str:
        if self.age_days < 1:
            return _("today")
        return ngettext("%(n)d day", "%(n)d days", self.age_days) % {"n": self.age_days}

    @property
    def overdue(self) -> bool:
        return self.due_in_days is not None and self.due_in_days < 0

    @property
    def due_text(self) -> str:
        days = self.due_in_days
        if days is None:
            return _("Answered") if self.status else _("Not yet promised")
        if days < 0:
            return ngettext("%(n)d day overdue", "%(n)d days overdue", -days) % {"n": -days}
        return ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}


@dataclass(frozen=True, slots=True)
class BoardPage:
    rows: list[BoardRow]
    count: int
    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def key_metrics(challenge: Challenge) -> list[KeyMetric]:
    """The toolkit's first metrics in the order it declares them (no query)."""
    toolkit = toolkit_for(challenge)
    return [
        KeyMetric(id=key, label=metric.label, unit=metric.unit)
        for key, metric in list(toolkit.metrics.items())[:KEY_METRICS]
    ]


# The sorts every board offers; each ends on (created_at, id) so pages never overlap.
NEWEST = (F("created_at").desc(), F("id").desc())
SORTS: dict[str, tuple[OrderBy, ...]] = {
    "supported": (F("support_count").desc(), *NEWEST),
    "newest": NEWEST,
    "oldest": (F("created_at").asc(), F("id").asc()),
    "opposed": (F("oppose_count").desc(), *NEWEST),
    "warnings": (F("warning_count").desc(), *NEWEST),
    # The next promise to keep first; answered proposals (nothing promised now) last.
    "due": (
        Case(When(answer_status__isnull=True, then=F("review_due"))).asc(nulls_last=True),
        *NEWEST,
    ),
}


def metric_sort(metric: str, direction: str) -> str:
    """The sort's name for one of the key metrics, as the query string carries it."""
    return f"metric:{metric}:{direction}"


def sorts_for(metrics: Iterable[KeyMetric]) -> list[str]:
    return [*SORTS, *(metric_sort(m.id, d) for m in metrics for d in ("desc", "asc"))]


def board_statuses(*, organization: Organization) -> list[ProposalStatus]:
    """The statuses the organization answers with, in its order: the filter's and the bulk
    change's choices, and each row's badge (one query)."""
    return list(ProposalStatus.objects.filter(organization=organization))


def _metric(key: str) -> Cast:
    return Cast(KeyTextTransform(key, "evaluation__metrics"), FloatField())


def _filtered(
    queryset: QuerySet[Proposal], filters: BoardFilters, now: datetime
) -> QuerySet[Proposal]:
    if filters.status is not None:
        queryset = queryset.filter(answer_status_id=filters.status)
    if filters.unanswered or filters.overdue:
        queryset = queryset.filter(answer_status__isnull=True)
    if filters.overdue:
        queryset = queryset.filter(review_due__lt=now)
    if filters.warnings:
        queryset = queryset.filter(warning_count__gt=0)
    if filters.hidden:
        queryset = queryset.filter(hidden=filters.hidden == "hidden")
    if filters.last_rung:
        queryset = queryset.filter(status=Status.UNDER_REVIEW)
    if filters.search:
        queryset = queryset.filter(
            Q(title__icontains=filters.search) | Q(rationale__icontains=filters.search)
        )
    return queryset


def _pledge_totals() -> dict[str, Any]:
    """Each row's number of pledges and its money pledged, as subqueries of the row query."""
    pledges = Pledge.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal")
    money = pledges.filter(kind=PledgeKind.MONEY)
    return {
        "pledge_total": Coalesce(Subquery(pledges.annotate(n=Count("*")).values("n")), Value(0)),
        "money_total": Coalesce(
            Subquery(money.annotate(total=Sum("amount")).values("total")),
            Value(Decimal(0)),
        ),
    }


# "due" among proposals that all await an answer: the same order, on the bare column an index
# can serve.
DUE_UNANSWERED = (F("review_due").asc(nulls_last=True), *NEWEST)


def _ordering(sort: str, filters: BoardFilters) -> tuple[OrderBy, ...]:
    if sort == "due" and (filters.unanswered or filters.overdue):
        return DUE_UNANSWERED
    if sort in SORTS:
        return SORTS[sort]
    _, key, direction = sort.split(":")
    column = _metric(key)
    first = column.desc(nulls_last=True) if direction == "desc" else column.asc(nulls_last=True)
    return (first, *NEWEST)


_ROW_FIELDS = (
    "id",
    "pledge_total",
    "money_total",
    "title",
    "author__username",
    "support_count",
    "oppose_count",
    "warning_count",
    "created_at",
    "answer_status_id",
    "status",
    "hidden",
    "merged_into_id",
    "review_due",
)


def _days_left(due: datetime | None, now: datetime) -> int | None:
    """Whole days to `due`, counted up ("in 90 days" the moment a 90-day promise is made); once
    past, whole days overdue as a negative number, at least one ("1 day overdue" the moment
    it passes)."""
    if due is None:
        return None
    days = (due - now) / timedelta(days=1)
    return math.ceil(days) if days > 0 else -max(1, math.floor(-days))


def board_rows(
    *,
    challenge: Challenge,
    filters: BoardFilters,
    sort: str,
    page: int,
    metrics: list[KeyMetric],
    statuses: list[ProposalStatus],
) -> BoardPage:
    """One page of the board: two queries (the rows, the count), whatever the filters and
    sort. `sort` is one of `sorts_for(metrics)`; a page past the last shows the last."""
    now = timezone.now()
    chosen = _filtered(Proposal.objects.filter(challenge=challenge), filters, now)
    count = chosen.count()
    pages = max(1, -(-count // PER_PAGE))
    number = min(max(page, 1), pages)
    ordering = _ordering(sort, filters)
    start = (number - 1) * PER_PAGE
    # The page is chosen by id first and only its rows get their pledge totals and metrics:
    # the subqueries run for 50 rows, not for every row the sort must look at.
    page_ids = chosen.order_by(*ordering).values("pk")[start : start + PER_PAGE]
    # Plain values, not model instances: what the rows show is all that is read.
    found = (
        Proposal.objects.filter(pk__in=page_ids)
        .annotate(
            **{f"metric_{n}": _metric(m.id) for n, m in enumerate(metrics)}, **_pledge_totals()
        )
        .order_by(*ordering)
        .values(*_ROW_FIELDS, *(f"metric_{n}" for n in range(len(metrics))))
    )
    by_id = {status.pk: status for status in statuses}
    rows = [
        BoardRow(
            pk=row["id"],
            title=row["title"],
            author=row["author__username"],
            supports=row["support_count"],
            opposes=row["oppose_count"],
            pledges=row["pledge_total"],
            pledged_money=row["money_total"],
            warnings=row["warning_count"],
            metrics=tuple((m, row[f"metric_{n}"]) for n, m in enumerate(metrics)),
            created_at=row["created_at"],
            age_days=(now - row["created_at"]).days,
            status=by_id.get(row["answer_status_id"] or 0),
            lifecycle=row["status"],
            hidden=row["hidden"],
            merged=row["merged_into_id"] is not None,
            due_in_days=(
                _days_left(row["review_due"], now) if row["answer_status_id"] is None else None
            ),
        )
        for row in found
    ]
    return BoardPage(rows=rows, count=count, number=number, pages=pages)


def proposals_for_status_change(*, challenge: Challenge, ids: Iterable[int]) -> list[Proposal]:
    """The challenge's proposals among `ids` (others' ids find nothing), each holding
    `challenge` as answering reads it."""
    found = list(
        Proposal.objects.filter(challenge=challenge, pk__in=set(ids))
        .defer("design", "evaluation", "svg", "thumbnail_svg")
        .order_by("pk")
    )
    for proposal in found:
        proposal.challenge = challenge
    return found
