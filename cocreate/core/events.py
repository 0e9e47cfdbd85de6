"""Side effects travel up: a write publishes what happened, and the apps that care subscribe.

A lower app (proposals, community) never imports a higher one (notifications) to tell it about a
write. Its service calls ``publish(SomethingHappened(...))`` inside its transaction; subscribers
registered at start-up (``AppConfig.ready``) are called once the transaction commits, so a
rolled-back write tells nobody and a slow subscriber never holds the write's locks. Events carry
ids, not rows: a subscriber reads what it needs, as it is by then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

E = TypeVar("E")
Handler = Callable[[Any], None]

_handlers: defaultdict[type, list[Handler]] = defaultdict(list)


def subscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    """Call `handler(event)` after every committed write that publishes an `event_type`.
    Registered once per process at start-up; subscribing the same handler twice is a no-op."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def publish(event: object) -> None:
    """Tell the subscribers of `type(event)` once the current transaction commits (at once
    outside a transaction)."""
    for handler in list(_handlers.get(type(event), ())):
        transaction.on_commit(lambda handler=handler: handler(event))  # type: ignore[misc]
