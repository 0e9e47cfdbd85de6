"""Small helpers so views answer htmx and plain form posts with the same code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect


def redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A full-page redirect that htmx follows as a navigation rather than swapping the target."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)
