"""Racing writes on PostgreSQL: many threads released at once, each with its own connection."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

import pytest
from django.db import connections

postgres_only = pytest.mark.skipif(
    "postgres" not in os.environ.get("COCREATE_TEST_DATABASE_URL", ""),
    reason="runs in the PostgreSQL pass of ./run test (SQLite serializes every write anyway)",
)


def race(prepare: Callable[[], Callable[[], object]], runners: int) -> list[BaseException]:
    """Run `runners` threads: each calls `prepare()` (reads, log-ins), waits for all the others,
    then calls what it returned. The errors raised, none expected."""
    start = threading.Barrier(runners)
    failures: list[BaseException] = []

    def runner() -> None:
        try:
            go = prepare()
            start.wait(timeout=30)
            go()
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner) for _ in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return failures
