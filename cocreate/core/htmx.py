"""Small helpers so views answer htmx and plain form posts with the same code."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
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


def log_in_first(request: HttpRequest, then: str) -> HttpResponse:
    """To the log-in page, coming back to `then` (a path on this site) afterwards."""
    return redirect(request, f"{reverse('account_login')}?{urlencode({'next': then})}")


def safe_next(request: HttpRequest, url: str | None, fallback: str) -> str:
    """Where a form asked to go back to, if it is on this site; never an open redirect."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback
