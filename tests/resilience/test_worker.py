"""A task whose worker died mid-run, or that failed only because the database was down, runs
again (`cocreate worker`); a task that failed for a reason of its own does not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from cocreate.challenges.models import Action
from cocreate.community.services import comment_create
from cocreate.core.tasks import tasks_requeue_abandoned
from cocreate.notifications.models import Notification

from ..factories import make_challenge, make_proposal

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued(comment_id: int, **state: object) -> DBTaskResult:
    """The fan-out of a comment, as the database backend stores it, in the given state."""
    return DBTaskResult.objects.create(
        task_path="cocreate.notifications.tasks.fanout_comment",
        args_kwargs={"args": [comment_id], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        **state,
    )


@pytest.fixture
def comment(owner, organization, resident):
    challenge = make_challenge(owner, organization, actions=[Action.SUBMIT, Action.COMMENT])
    with override_settings(TASKS=DATABASE_TASKS):
        made = comment_create(actor=resident, proposal=make_proposal(challenge, owner), body="Hi")
    DBTaskResult.objects.all().delete()  # only the tasks each test sets up
    return made


@override_settings(TASK_LEASE_SECONDS=60)
def test_only_abandoned_and_outage_failures_are_queued_again(comment):
    long_ago = timezone.now() - timedelta(minutes=5)
    abandoned = _queued(comment.pk, status="RUNNING", started_at=long_ago, worker_ids=["gone"])
    running = _queued(comment.pk, status="RUNNING", started_at=timezone.now(), worker_ids=["busy"])
    outage = _queued(
        comment.pk,
        status="FAILED",
        started_at=long_ago,
        exception_class_path="django.db.utils.OperationalError",
    )
    broken = _queued(comment.pk, status="FAILED", exception_class_path="builtins.ValueError")

    assert tasks_requeue_abandoned() == 2

    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert status[abandoned.pk] == "READY"
    assert status[outage.pk] == "READY"
    assert status[running.pk] == "RUNNING"  # still within its lease: its worker may be alive
    assert status[broken.pk] == "FAILED"  # a bug is not retried for ever


@override_settings(TASK_LEASE_SECONDS=0, TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True)  # the worker's loop commits and closes connections
def test_the_worker_finishes_what_a_killed_worker_left_running(comment, owner):
    _queued(comment.pk, status="RUNNING", started_at=timezone.now(), worker_ids=["killed"])
    assert not Notification.objects.filter(source=f"comment:{comment.pk}").exists()

    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    told = Notification.objects.get(source=f"comment:{comment.pk}")
    assert told.recipient == owner
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
