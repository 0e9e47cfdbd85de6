"""Reads of the audit log: a page of entries (keyset on (created_at, id)) and what the
filters offer, each one query whatever the number of entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone

from .models import AuditEntry, action_label, target_type_label

PAGE = 50
_ENTRY_FIELDS = (
    "id",
    "organization_id",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "before",
    "after",
    "created_at",
    "actor__id",
    "actor__username",
)


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """What the log is narrowed to; empty values narrow nothing. Dates are whole days in the
    site's time zone, both included."""

    action: str = ""
    actor: int | None = None
    target_type: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class AuditPage:
    """A page of entries, newest first; `older` is the cursor (an entry id) of the next page,
    None on the last."""

    entries: list[AuditEntry]
    older: int | None


@dataclass(slots=True)
class AuditChoices:
    """What the filters offer: only the actions, target types and people the log holds, as
    (value, label) pairs sorted by label."""

    actions: list[tuple[str, str]] = field(default_factory=list)
    target_types: list[tuple[str, str]] = field(default_factory=list)
    people: list[tuple[int, str]] = field(default_factory=list)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(organization_id: int, filters: AuditFilters) -> QuerySet[AuditEntry]:
    rows = AuditEntry.objects.filter(organization_id=organization_id)
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.actor is not None:
        rows = rows.filter(actor_id=filters.actor)
    if filters.target_type:
        rows = rows.filter(target_type=filters.target_type)
    if filters.since is not None:
        rows = rows.filter(created_at__gte=_start_of(filters.since))
    if filters.until is not None:
        rows = rows.filter(created_at__lt=_start_of(filters.until + timedelta(days=1)))
    return rows


def audit_page(
    *,
    organization_id: int,
    filters: AuditFilters = AuditFilters(),
    before: int | None = None,
    size: int = PAGE,
) -> AuditPage:
    """Entries newest first, after the cursor `before` (an entry id of this organization; any
    other matches nothing), one query: the cursor's time is a subquery, and one row more than
    the page says whether there is another."""
    rows = _filtered(organization_id, filters)
    if before is not None:
        at = Subquery(
            AuditEntry.objects.filter(pk=before, organization_id=organization_id).values(
                "created_at"
            )[:1]
        )
        rows = rows.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=before))
    found = list(
        rows.select_related("actor").only(*_ENTRY_FIELDS).order_by("-created_at", "-id")[: size + 1]
    )
    entries = found[:size]
    return AuditPage(entries=entries, older=entries[-1].pk if len(found) > size else None)


def audit_choices(*, organization_id: int) -> AuditChoices:
    """The actions, target types and people present in the organization's log, one query."""
    combinations = (
        AuditEntry.objects.filter(organization_id=organization_id)
        .order_by()
        .values_list("action", "target_type", "actor_id", "actor__username")
        .distinct()
    )
    actions: set[str] = set()
    types: set[str] = set()
    people: dict[int, str] = {}
    for action, target_type, actor_id, username in combinations:
        actions.add(action)
        types.add(target_type)
        if actor_id is not None:
            people[actor_id] = username
    return AuditChoices(
        actions=sorted(((a, action_label(a)) for a in actions), key=lambda c: c[1].lower()),
        target_types=sorted(((t, target_type_label(t)) for t in types), key=lambda c: c[1].lower()),
        people=sorted(people.items(), key=lambda c: c[1].lower()),
    )
