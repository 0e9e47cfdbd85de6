"""The demo's Insights: computed once the proposals are in, so the staff's Insights page and
Dominion Road's public summary say something from the first visit."""

from __future__ import annotations

from collections.abc import Iterable

from cocreate.challenges.models import Challenge
from cocreate.insights.models import Report
from cocreate.insights.tasks import compute_insights


def compute_demo_insights(challenges: Iterable[Challenge], public: Challenge) -> int:
    """Compute each challenge's report now, in this process (the task's own function), and
    show `public`'s summary to everyone; how many were computed."""
    computed = sum(compute_insights.call(challenge.pk) for challenge in challenges)
    Report.objects.update_or_create(challenge=public, defaults={"public": True})
    return computed
