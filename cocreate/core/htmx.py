"""Small helpers so views answer htmx and plain form posts with the same code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, so views can read ``request.htmx`` typed."""

    htmx: HtmxDetails


def redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A full-page redirect that htmx follows as a navigation rather than swapping the target."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)
