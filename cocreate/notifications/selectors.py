"""Reads: a person's notifications, their unread count, preferences, and what they follow."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Subquery

from cocreate.accounts.actors import Actor, signed_in
from cocreate.accounts.models import User

from .models import DEFAULT_FREQUENCY, Follow, Kind, Notification, Preference

INBOX_PAGE = 30
_INBOX_FIELDS = ("pk", "kind", "url", "text", "created_at", "read_at")


@dataclass(frozen=True, slots=True)
class InboxPage:
    """One page of the inbox, newest first, with the cursors (notification ids) of the pages
    either side: `newer` for ?after=, `older` for ?before=; None where there is no such page."""

    items: list[Notification]
    newer: int | None
    older: int | None


def _beyond(user: User, pk: int, direction: str) -> Q:
    """Rows strictly older ("lt") or newer ("gt") than notification `pk` in the inbox order
    (created_at, id). The cursor row's time is a subquery, so a page stays one query; a cursor
    that is not one of the user's own notifications matches nothing."""
    at = Subquery(Notification.objects.filter(pk=pk, recipient=user).values("created_at")[:1])
    return Q(**{f"created_at__{direction}": at}) | Q(created_at=at, **{f"pk__{direction}": pk})


def notification_page(
    *, user: Actor, before: int | None = None, after: int | None = None, size: int = INBOX_PAGE
) -> InboxPage:
    """A page of the inbox by keyset on (created_at, id), so a notification arriving while
    someone reads never shifts a page; one query (a page and one row more, no count)."""
    user = signed_in(user)  # the page needs an account
    rows = Notification.objects.in_inbox_of(user).only(*_INBOX_FIELDS)
    if after is not None:
        found = list(
            rows.filter(_beyond(user, after, "gt")).order_by("created_at", "id")[: size + 1]
        )
        items = list(reversed(found[:size]))
        more_newer, more_older = len(found) > size, bool(items)
    else:
        if before is not None:
            rows = rows.filter(_beyond(user, before, "lt"))
        found = list(rows.order_by("-created_at", "-id")[: size + 1])
        items = found[:size]
        more_newer, more_older = before is not None and bool(items), len(found) > size
    return InboxPage(
        items=items,
        newer=items[0].pk if more_newer else None,
        older=items[-1].pk if more_older else None,
    )


def unread_count(*, user: Actor) -> int:
    if not isinstance(user, User):
        return 0
    return Notification.objects.in_inbox_of(user).filter(read_at__isnull=True).count()


def preference_rows(*, user: Actor) -> list[tuple[str, str, str]]:
    """(kind, label, chosen frequency) for every kind, defaults filled in; one query."""
    user = signed_in(user)  # the page needs an account
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return [
        (kind.value, str(kind.label), chosen.get(kind.value, DEFAULT_FREQUENCY[kind]))
        for kind in Kind
    ]


def following(
    *,
    user: Actor,
    challenges: Iterable[Any] = (),
    proposals: Iterable[Any] = (),
    people: Iterable[Any] = (),
) -> set[str]:
    """Which of the targets on a page `user` follows, as keys "challenge:3", "proposal:7",
    "person:2", in one query (none for anonymous visitors or an empty page)."""
    ids = {
        "challenge": [t.pk for t in challenges],
        "proposal": [t.pk for t in proposals],
        "person": [t.pk for t in people],
    }
    if not isinstance(user, User) or not any(ids.values()):
        return set()
    condition = Q(pk__in=[])
    for field, pks in ids.items():
        if pks:
            condition |= Q(**{f"{field}_id__in": pks})
    found: set[str] = set()
    for challenge_id, proposal_id, person_id in Follow.objects.filter(
        condition, user=user
    ).values_list("challenge_id", "proposal_id", "person_id"):
        if challenge_id:
            found.add(f"challenge:{challenge_id}")
        elif proposal_id:
            found.add(f"proposal:{proposal_id}")
        else:
            found.add(f"person:{person_id}")
    return found
