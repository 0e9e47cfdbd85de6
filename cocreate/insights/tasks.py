"""Computing a challenge's insights in the background (django-tasks): the analysis core over
the challenge's proposals pulled in bulk, with progress written to the report as it goes. A
failure marks the report failed with the error and keeps the last good result."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.utils import timezone
from django_tasks import task

from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for

from . import selectors
from .analysis import lead_users, pressure, report
from .analysis.designs import read_designs
from .models import Report

logger = logging.getLogger(__name__)

# Shares of the progress bar: the designs' report, then lead users, then the editor's pressure.
DESIGNS_SHARE = 80
LEADS_SHARE = 18
PROGRESS_PAUSE = 1.0  # seconds between progress writes: one UPDATE a second at most
LEAD_USERS_SHOWN = 20  # the page's ranking; the download has everyone


class _Progress:
    """Writes the report's progress percent, at most once per PROGRESS_PAUSE and only forward."""

    def __init__(self, report_id: int) -> None:
        self.rows = Report.objects.filter(pk=report_id)
        self.percent = 0
        self.written_at = 0.0

    def __call__(self, percent: float) -> None:
        value = min(99, int(percent))
        now = time.monotonic()
        if value > self.percent and now - self.written_at >= PROGRESS_PAUSE:
            self.rows.update(progress=value)
            self.percent, self.written_at = value, now


def compute(challenge: Challenge, report_id: int) -> dict[str, Any]:
    """The whole stored result for `challenge`: the designs' report (items 1-5 from designs),
    the editor's rule pressure and the lead users."""
    progress = _Progress(report_id)
    kit = toolkit_for(challenge)
    # designs saved on an older toolkit version are migrated; one the engine refuses is left out
    items, _refused = read_designs(kit, selectors.analysis_items(challenge))
    data = report.designs_report(
        kit,
        items,
        progress=lambda _step, share: progress(DESIGNS_SHARE * share),
        baseline=challenge.baseline,
    )
    progress(DESIGNS_SHARE)
    data["lead_users"] = lead_users.rank_lead_users(selectors.lead_user_proposals(challenge))
    progress(DESIGNS_SHARE + LEADS_SHARE)
    data["pressure"] = pressure.blocking_rules(selectors.pressure_rows(challenge))
    return data


def summarize(data: dict[str, Any]) -> dict[str, Any]:
    """What the pages show of a result (`Report.summary`): each school's size instead of its
    members, and the first LEAD_USERS_SHOWN lead users."""
    schools = [
        {**{k: v for k, v in school.items() if k != "members"}, "size": len(school["members"])}
        for school in data.get("schools", [])
    ]
    leads = data.get("lead_users", [])[:LEAD_USERS_SHOWN]
    return {**data, "schools": schools, "lead_users": leads}


@task()
def compute_insights(challenge_id: int) -> bool:
    """Compute and store the challenge's insights; False (the report marked failed, its last
    result kept) when the analysis raised."""
    challenge = Challenge.objects.select_related("organization").filter(pk=challenge_id).first()
    if challenge is None:
        return False
    row, _ = Report.objects.get_or_create(challenge=challenge)
    rows = Report.objects.filter(pk=row.pk)
    rows.update(state=Report.State.RUNNING, progress=0, error="")
    count = selectors.listable_count(challenge)  # before reading: new ones count as new
    try:
        data = compute(challenge, row.pk)
    except Exception as error:
        logger.exception("insights of challenge %s failed", challenge_id)
        rows.update(state=Report.State.FAILED, progress=0, error=f"{type(error).__name__}: {error}")
        return False
    now = timezone.now()
    data["computed_at"] = now.isoformat()
    rows.update(
        data=data,
        summary=summarize(data),
        computed_at=now,
        proposal_count=count,
        state=Report.State.IDLE,
        progress=100,
        error="",
    )
    return True
