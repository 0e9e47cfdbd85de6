"""Computing insights as a task: a request queues once, the task stores the whole result with
its time and count, a failure keeps the last good result, and the recompute rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.challenges.models import Challenge
from cocreate.insights import services, tasks
from cocreate.insights.models import Report, RulePressure
from cocreate.insights.selectors import STALE_PROPOSALS, freshness
from cocreate.organizations.models import Role
from cocreate.proposals.services import support_add

from ..factories import UserFactory, make_member, make_proposal
from .stored import store


@pytest.fixture
def staff(organization):
    return make_member(organization, Role.STAFF, username="officer")


def _designs(challenge, n: int):
    """`n` proposals from two camps: bikes wider or the drive lanes dropped for footpaths."""
    base = challenge.baseline
    proposals = []
    for i in range(n):
        design = {**base, "parts": [dict(p) for p in base["parts"]]}
        parts = design["parts"]
        if i % 2:
            bikes = [p for p in parts if p["type"] == "bike-lane"]
            drives = [p for p in parts if p["type"] == "drive-lane"]
            bikes[0]["width"] += 0.4
            drives[0]["width"] -= 0.4
        else:
            sidewalks = [p for p in parts if p["type"] == "sidewalk"]
            drives = [p for p in parts if p["type"] == "drive-lane"]
            sidewalks[0]["width"] += 0.3
            drives[-1]["width"] -= 0.3
        author = UserFactory(username=f"person{i}")
        proposals.append(make_proposal(challenge, author, title=f"Idea {i}", design=design))
    return proposals


def test_a_request_computes_and_stores_the_whole_result(
    challenge, staff, django_capture_on_commit_callbacks
):
    proposals = _designs(challenge, 12)
    for backer in (UserFactory() for _ in range(3)):
        support_add(actor=backer, proposal=proposals[1])
    RulePressure.objects.create(
        challenge=challenge, rule="fit", day=timezone.localdate(), shown=5, blocked=2, seconds=40
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.insights_request(actor=staff, challenge=challenge)
    stored = Report.objects.get(challenge=challenge)
    assert stored.state == Report.State.IDLE and stored.error == ""
    assert stored.progress == 100 and stored.proposal_count == 12
    assert stored.data["count"] == 12
    assert {"changes", "consensus", "schools", "pressure", "lead_users", "computed_at"} <= set(
        stored.data
    )
    assert stored.data["consensus"]["valid"] is True
    assert [row["rule"] for row in stored.data["pressure"]] == ["fit"]
    assert stored.computed_at is not None
    assert sum(s["size"] for s in stored.summary["schools"]) == 12


def test_a_failure_keeps_the_last_good_result(challenge, staff, resident):
    good = store(challenge, [make_proposal(challenge, resident)])
    Challenge.objects.filter(pk=challenge.pk).update(toolkit_id="gone")  # cannot be read
    assert tasks.compute_insights.call(challenge.pk) is False
    failed = Report.objects.get(challenge=challenge)
    assert failed.state == Report.State.FAILED
    assert failed.error  # names what went wrong
    assert failed.data == good.data and failed.computed_at == good.computed_at


def test_a_request_queues_once_and_only_for_staff(
    challenge, staff, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.insights_request(actor=staff, challenge=challenge)
        again = services.insights_request(actor=staff, challenge=challenge)
    assert len(callbacks) == 1 and again.state == Report.State.QUEUED
    Report.objects.filter(challenge=challenge).update(state=Report.State.RUNNING)
    with django_capture_on_commit_callbacks() as callbacks:
        services.insights_request(actor=staff, challenge=challenge)
    assert callbacks == []
    Report.objects.filter(challenge=challenge).update(state=Report.State.FAILED)
    with django_capture_on_commit_callbacks() as callbacks:
        services.insights_request(actor=staff, challenge=challenge)
    assert len(callbacks) == 1  # a failed one may be asked for again
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.insights_request(actor=resident, challenge=challenge)


def test_a_deleted_challenge_is_nothing_to_compute(challenge):
    pk = challenge.pk
    challenge.delete()
    assert tasks.compute_insights.call(pk) is False


def _report(count: int, computed: bool = True) -> Report:
    return Report(
        proposal_count=count, computed_at=timezone.now() - timedelta(days=1) if computed else None
    )


@pytest.mark.parametrize(
    ("stored", "now", "stale"),
    [
        (100, 100, False),
        (100, 109, False),  # under a tenth
        (100, 110, True),  # a tenth
        (100, 90, True),  # fewer counts too (moderation hid some)
        (1000, 1019, False),
        (1000, 1000 + STALE_PROPOSALS, True),  # 20 before a tenth
        (5, 6, True),  # a tenth of five is under one: any new proposal
        (0, 1, True),
    ],
)
def test_the_recompute_rule(stored, now, stale):
    fresh = freshness(_report(stored), now)
    assert fresh.stale is stale and fresh.new == now - stored


def test_never_computed_is_stale_once_there_are_proposals():
    assert freshness(_report(0, computed=False), 0).stale is False
    assert freshness(_report(0, computed=False), 3).stale is True


def test_the_summary_keeps_sizes_not_members_and_the_first_lead_users():
    data = {
        "count": 3,
        "schools": [{"id": 0, "members": ["1", "2", "3"], "medoid": "2", "share": 1.0}],
        "lead_users": [
            {"author": f"p{i}", "score": 1 - i / 100, "evidence": []} for i in range(30)
        ],
    }
    shown = tasks.summarize(data)
    assert shown["schools"] == [{"id": 0, "medoid": "2", "share": 1.0, "size": 3}]
    assert [u["author"] for u in shown["lead_users"]] == [f"p{i}" for i in range(20)]
    assert len(data["schools"][0]["members"]) == 3  # the whole result is left as it was
