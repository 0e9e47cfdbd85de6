"""Reads of the review board: a page of a challenge's proposals, every one of them (hidden and
merged too, since staff see them), filtered, sorted and searched in the database, in two
queries whatever the page shows: the rows (with their pledge totals and key metrics) and the
count."""

from __future__ import annotations

from collections.abc import Iterable
import math
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
from django.utils.timesince import timesince

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


@dataclass(frozen=True, slots=True)
class BoardRow:
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
    status: ProposalStatus | None  # the organization's latest answer
    lifecycle: str
    hidden: bool
    merged: bool
    due_in_days: int | None  # days left to answer as promised, negative once overdue; None
    # when answered or nothing is promised yet

    @property
    def age(self) -> str:
        """How long ago it was submitted, in its largest unit ("3 days")."""
        return timesince(self.created_at, depth=1)

    @property
    def overdue(self) -> bool:
        return self.due_in_days is not None and self.due_in_days < 0

    @property
    def overdue_days(self) -> int:
        return -(self.due_in_days or 0)


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
    "due": (F("open_due").asc(nulls_last=True), *NEWEST),
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
        "pledge_total": Coalesce(
            Subquery(pledges.annotate(n=Count("*")).values("n")), Value(0)
        ),
        "money_total": Coalesce(
            Subquery(money.annotate(total=Sum("amount")).values("total")),
            Value(Decimal(0)),
        ),
    }


def _ordering(sort: str, metrics: list[KeyMetric]) -> tuple[OrderBy, ...]:
    if sort in SORTS:
        return SORTS[sort]
    _, key, direction = sort.split(":")
    position = next(n for n, metric in enumerate(metrics) if metric.id == key)
    column = F(f"metric_{position}")
    first = column.desc(nulls_last=True) if direction == "desc" else column.asc(nulls_last=True)
    return (first, *NEWEST)


_ROW_FIELDS = (
    "id",
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
    """Whole days to `due`, counted up ("in 90 days" the moment a 90-day promise is made);
    once past, whole days overdue counted up too, as a negative number (never 0)."""
    if due is None:
        return None
    days = (due - now) / timedelta(days=1)
    return math.ceil(days) if days > 0 else math.floor(days) or -1


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
    annotations: dict[str, Any] = {f"metric_{n}": _metric(m.id) for n, m in enumerate(metrics)}
    if sort == "due":
        annotations["open_due"] = Case(When(answer_status__isnull=True, then=F("review_due")))
    start = (number - 1) * PER_PAGE
    # The page is chosen by id first and only its rows get their pledge totals: the subqueries
    # run for 50 rows, not for every row the sort must look at.
    page_ids = (
        chosen.annotate(**annotations)
        .order_by(*_ordering(sort, metrics))
        .values("pk")[start : start + PER_PAGE]
    )
    found = (
        Proposal.objects.filter(pk__in=page_ids)
        .select_related("author")
        .only(*_ROW_FIELDS)
        .annotate(**annotations, **_pledge_totals())
        .order_by(*_ordering(sort, metrics))
    )
    by_id = {status.pk: status for status in statuses}
    rows = [
        BoardRow(
            pk=proposal.pk,
            title=proposal.title,
            author=proposal.author.username,
            supports=proposal.support_count,
            opposes=proposal.oppose_count,
            pledges=proposal.pledge_total,  # type: ignore[attr-defined]
            pledged_money=proposal.money_total,  # type: ignore[attr-defined]
            warnings=proposal.warning_count,
            metrics=tuple((m, getattr(proposal, f"metric_{n}")) for n, m in enumerate(metrics)),
            created_at=proposal.created_at,
            status=by_id.get(proposal.answer_status_id or 0),
            lifecycle=proposal.status,
            hidden=proposal.hidden,
            merged=proposal.merged_into_id is not None,
            due_in_days=(
                _days_left(proposal.review_due, now) if proposal.answer_status_id is None else None
            ),
        )
        for proposal in found
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
