"""Security headers on every page, HSTS once a request came over TLS (as a proxy reports it), and
error pages that show no traceback, settings or detail of the bug, in the demo too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from ..resilience.failing_urls import SECRET_DETAIL

YEAR = 365 * 24 * 3600


@pytest.mark.parametrize("url", ["/", "/c/dominion-road/", "/health/", "/accounts/login/"])
def test_every_page_sends_the_security_headers(client, challenge, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert not response.has_header("Strict-Transport-Security")  # plain HTTP: no HSTS


def test_hsts_is_sent_when_the_proxy_says_the_request_came_over_tls(db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = Client().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == f"max-age={YEAR}"
    assert (
        not Client().get("/", HTTP_X_FORWARDED_PROTO="http").has_header("Strict-Transport-Security")
    )


PROBE = """
import django
django.setup()
from django.conf import settings
print(settings.DEBUG, settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_HSTS_SECONDS)
"""


def _settings_with(tmp_path: Path, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COCREATE_")}
    clean.update(DJANGO_SETTINGS_MODULE="cocreate.settings", COCREATE_VAR_DIR=str(tmp_path), **env)
    run = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, check=True
    )
    return run.stdout.strip()


def test_the_proxy_header_and_hsts_come_from_the_environment(tmp_path):
    assert _settings_with(tmp_path) == f"False None {YEAR}"
    assert (
        _settings_with(
            tmp_path, COCREATE_PROXY_SSL_HEADER="X-Forwarded-Proto", COCREATE_HSTS_SECONDS="600"
        )
        == "False ('HTTP_X_FORWARDED_PROTO', 'https') 600"
    )


@pytest.mark.urls("tests.resilience.failing_urls")
def test_a_server_error_page_shows_no_traceback_and_no_detail(db):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    for leak in (SECRET_DETAIL, "Traceback", "RuntimeError", "SECRET_KEY", "failing_urls"):
        assert leak not in body


def test_a_missing_page_does_not_list_the_url_map(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "URLconf" not in body
    assert "admin/" not in body
