"""Queued work that lost its worker is queued again. django-tasks' database worker marks a task
RUNNING when it claims it and only a finished run changes that, so a worker killed mid-task (kill
-9, a lost machine, an out-of-memory kill) leaves its task RUNNING for ever; and a task that
failed only because the database was unreachable is not wrong, just early. Our tasks are safe to
run twice (see cocreate/notifications/tasks.py), so both go back to READY."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# What a task raised when it could not reach the database, as django-tasks records it.
DATABASE_DOWN = ("django.db.utils.OperationalError", "django.db.utils.InterfaceError")


def tasks_requeue_abandoned() -> int:
    """Queue again, after `TASK_LEASE_SECONDS`, the tasks claimed by a worker that never finished
    them and those that failed on a database outage. Returns how many."""
    now = timezone.now()
    lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
    return DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.RUNNING, started_at__lt=now - lease)
        | Q(status=TaskResultStatus.FAILED, exception_class_path__in=DATABASE_DOWN)
    ).update(status=TaskResultStatus.READY, finished_at=None, exception_class_path="", traceback="")
