"""Reads: a person's notifications, their unread count, preferences, and what they follow."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from .models import DEFAULT_FREQUENCY, Follow, Kind, Notification, Preference

INBOX_SIZE = 100


def notification_list(*, user: Any, limit: int = INBOX_SIZE) -> list[Notification]:
    """Newest first; one query (the text and link are stored, so nothing else is needed)."""
    return list(
        Notification.objects.filter(recipient=user).only(
            "pk", "kind", "url", "text", "created_at", "read_at"
        )[:limit]
    )


def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_rows(*, user: Any) -> list[tuple[str, str, str]]:
    """(kind, label, chosen frequency) for every kind, defaults filled in; one query."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return [
        (kind.value, str(kind.label), chosen.get(kind.value, DEFAULT_FREQUENCY[kind]))
        for kind in Kind
    ]


def following(
    *,
    user: Any,
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
    if not getattr(user, "is_authenticated", False) or not any(ids.values()):
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
