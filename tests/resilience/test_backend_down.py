"""While the database or the cache is down, every page answers 503 with Retry-After (never a 500),
the liveness check still answers, readiness says what is missing, and all recover by themselves."""

from __future__ import annotations

import socket

import pytest
from django.test import Client

from ..factories import make_proposal
from .outage import database_down, end_outage

PAGES = ["/", "/c/dominion-road/", "/c/dominion-road/toolkit/", "/c/dominion-road/search/?q=trees"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_a_page_answers_503_with_a_retry_hint_while_the_database_is_down(client, challenge, url):
    with database_down():
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"Back in a moment" in response.content
    assert client.get(url).status_code == 200  # back by itself


def test_a_post_answers_503_while_the_database_is_down(client, challenge, resident):
    client.force_login(resident)
    with database_down():
        response = client.post("/c/dominion-road/toolkit/", {"action": "submit"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_liveness_answers_and_readiness_names_the_database_while_it_is_down(client, db):
    with database_down():
        assert client.get("/health/").status_code == 200
        response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failed: OperationalError"
    assert response.json()["checks"]["cache"] == "ok"
    back = client.get("/ready/")
    assert back.status_code == 200
    assert back.json() == {
        "ready": True,
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }


@pytest.mark.urls("tests.resilience.failing_urls")
def test_an_outage_met_on_the_way_out_is_a_503_too(db):
    """The view answered, then saving its session failed: the 500 handler knows it is an outage."""
    client = Client(raise_request_exception=False)
    try:
        response = client.get("/late-outage/")
    finally:
        end_outage()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.urls("tests.resilience.failing_urls")
def test_any_other_error_is_still_a_500(db):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert not response.has_header("Retry-After")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_pages_answer_503_while_redis_is_down(client, challenge, resident, settings):
    make_proposal(challenge, resident)  # its card is a fragment kept in the cache
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/c/dominion-road/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    ready = client.get("/ready/")
    assert ready.status_code == 503
    assert ready.json()["checks"]["cache"] == "failed: ConnectionError"
