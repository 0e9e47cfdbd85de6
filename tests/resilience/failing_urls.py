"""The URL map plus two views that fail: one meets an outage after it answered (its session is
saved on the way out, when the database has gone), one has a bug."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cocreate.urls import handler500
from cocreate.urls import urlpatterns as site

from .outage import begin_outage

SECRET_DETAIL = "the-secret-detail-of-a-bug"


def remember_then_lose_the_database(request: HttpRequest) -> HttpResponse:
    request.session["seen"] = True
    begin_outage()  # ended by the test that asked for this page
    return HttpResponse("ok")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [
    *site,
    path("late-outage/", remember_then_lose_the_database),
    path("broken/", broken),
]
__all__ = ["handler500", "urlpatterns"]
