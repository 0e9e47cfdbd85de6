"""Counts the requests the live server is still answering.

A page that closes sends its last autosave (`pagehide`, `navigator.sendBeacon`); if that request
is still writing a draft when the test's database is flushed, the flush fails on a foreign key or
the next test inherits the row. The page fixture waits here until the server has been idle for a
moment before the database goes away.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_active = 0
_changed = threading.Condition()


def middleware(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:  # type: ignore[type-arg]
    def answer(request: HttpRequest) -> HttpResponse:
        global _active
        with _changed:
            _active += 1
        try:
            return get_response(request)
        finally:
            with _changed:
                _active -= 1
                _changed.notify_all()

    return answer


def wait_until_idle(quiet: float = 0.3, timeout: float = 10.0) -> None:
    """Return once no request has been in flight for `quiet` seconds (or after `timeout`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _changed:
            _changed.wait_for(lambda: _active == 0, deadline - time.monotonic())
        time.sleep(quiet)
        with _changed:
            if _active == 0:
                return
