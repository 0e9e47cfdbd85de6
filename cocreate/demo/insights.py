"""The demo's Insights: computed once the proposals are in, so the staff's Insights page and
Dominion Road's public summary say something from the first visit."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable

from cocreate.challenges.models import Challenge
from cocreate.insights.models import Report

TASKS = "cocreate.insights.tasks"


def compute_demo_insights(challenges: Iterable[Challenge], public: Challenge) -> int:
    """Compute each challenge's report now (the task's own function, run in this process) and
    show `public`'s summary to everyone; how many were computed. Does nothing where the
    Insights task does not exist yet."""
    if importlib.util.find_spec(TASKS) is None:
        return 0
    task = importlib.import_module(TASKS).compute_insights
    # A django-tasks task runs here with `.call()`; a plain function is called.
    compute_insights = getattr(task, "call", task)
    computed = 0
    for challenge in challenges:
        compute_insights(challenge.pk)
        computed += 1
    Report.objects.update_or_create(challenge=public, defaults={"public": True})
    return computed
