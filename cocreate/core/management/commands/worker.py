"""`cocreate worker`: the task worker to run in production (same options as `db_worker`).

django-tasks' `db_worker` exits on the first database error, so a PostgreSQL restart stops all
background work until someone restarts it; and a task whose worker was killed stays claimed for
ever. This worker waits for the database to come back and carries on, and re-queues abandoned
tasks every so often (`cocreate.core.tasks`)."""

from __future__ import annotations

import logging
import threading
import time
from contextlib import suppress
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django_tasks_db.management.commands import db_worker

from cocreate.core.tasks import tasks_requeue_abandoned

logger = logging.getLogger(__name__)
RECONNECT_SECONDS = 1.0


def _requeue() -> None:
    try:
        if count := tasks_requeue_abandoned():
            logger.warning("re-queued %d task(s) whose worker stopped", count)
    except DatabaseError:
        pass  # the database is down: the worker's loop is waiting for it too
    finally:
        with suppress(DatabaseError):
            connection.close()


def _requeue_forever(stop: threading.Event) -> None:
    """Every third of a lease, on the thread's own connection."""
    period = max(1.0, settings.TASK_LEASE_SECONDS / 3)
    while not stop.wait(period):
        _requeue()


class Command(db_worker.Command):
    help = "Run the task worker: it outlives database outages and re-runs abandoned tasks."

    def handle(self, *args: Any, **options: Any) -> None:
        _requeue()  # at once: this worker may be the one restarted after a crash
        stop = threading.Event()
        threading.Thread(target=_requeue_forever, args=(stop,), daemon=True).start()
        try:
            while True:
                try:
                    super().handle(*args, **options)
                    return  # --batch or --max-tasks: done
                except DatabaseError as error:
                    logger.warning("database unreachable (%s); trying again", error)
                    with suppress(DatabaseError):
                        connection.close()
                    time.sleep(RECONNECT_SECONDS)
                    options["startup_delay"] = False
        finally:
            stop.set()
