"""Events from lower apps that change what proposals show (subscribed in apps.ready)."""

from __future__ import annotations

from cocreate.challenges.events import BaselineChanged
from cocreate.core.events import subscribe

from .services import proposal_summaries_refresh


def on_baseline_changed(event: BaselineChanged) -> None:
    proposal_summaries_refresh(challenge_id=event.challenge_id)


def subscribe_all() -> None:
    subscribe(BaselineChanged, on_baseline_changed)
