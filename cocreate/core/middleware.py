"""While the database or the shared cache is unreachable, pages answer 503 with a retry hint."""

from __future__ import annotations

import logging
from collections.abc import Callable

import redis
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Errors that mean a backing service is down or restarting, not that the code is wrong: the same
# request will succeed once it is back (Django replaces a broken connection on the next request).
UNAVAILABLE = (OperationalError, InterfaceError, redis.ConnectionError, redis.TimeoutError)
RETRY_AFTER_SECONDS = 5


def unavailable() -> HttpResponse:
    """The 503 page: rendered without a request, since its context would ask the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BackendUnavailableMiddleware:
    """Turns an outage into 503 + Retry-After for the view that met it (not a 500 per request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UNAVAILABLE):
            return None
        logger.warning("Backend unavailable on %s: %s", request.path, exception)
        return unavailable()
