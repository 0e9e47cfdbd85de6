"""Drafts: nothing the server acknowledged is lost. Each draft is a row of its own, versioned, so
two autosaves at once (two challenges in one browser) both stay; a save from an older copy is
refused with the stored draft (409) instead of applied over newer work; a post that is no form
(a JSON body) is refused instead of read as an empty design; logging in keeps a visitor's work."""

from __future__ import annotations

import json
import os
import threading

import pytest
from django.db import connections
from django.test import Client

from cocreate.proposals.models import VISITOR_COOKIE, Draft

from ..factories import UserFactory, make_challenge, make_organization

ROUNDS = 5


def _draft_url(challenge) -> str:
    return f"/c/{challenge.slug}/toolkit/draft/"


def _narrower(challenge, width: float) -> str:
    design = json.loads(json.dumps(challenge.baseline))
    design["parts"][0]["width"] = width
    return json.dumps(design)


def _shown_first_width(client: Client, challenge) -> str:
    html = client.get(f"/c/{challenge.slug}/toolkit/?form=1").content.decode()
    return html.split('name="part-0-width" value="')[1].split('"')[0]


@pytest.mark.skipif(
    "postgres" not in os.environ.get("COCREATE_TEST_DATABASE_URL", ""),
    reason="runs in the PostgreSQL pass of ./run test (SQLite's shared in-memory test database "
    "locks tables instead of waiting)",
)
def test_two_autosaves_at_once_from_one_browser_both_stay(transactional_db):
    owner = UserFactory(username="owner")
    organization = make_organization(owner)
    first = make_challenge(owner, organization, slug="first")
    second = make_challenge(owner, organization, slug="second")
    for round_ in range(ROUNDS):
        browser = Client()
        browser.get(f"/c/{first.slug}/toolkit/")  # the page names the visitor, as the editor has
        tabs = [Client(), Client()]
        for tab in tabs:
            tab.cookies = browser.cookies  # one browser: two tabs share their cookies
        start = threading.Barrier(2)
        answers: list[int] = []

        def save(tab: Client, challenge, width: float, start=start, answers=answers) -> None:
            try:
                start.wait(timeout=10)
                body = {"design-json": _narrower(challenge, width)}
                answers.append(tab.post(_draft_url(challenge), body).status_code)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=save, args=(tabs[0], first, 1.5 + round_ / 10)),
            threading.Thread(target=save, args=(tabs[1], second, 1.6 + round_ / 10)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [204, 204]
        assert _shown_first_width(browser, first) == f"{1.5 + round_ / 10:.2f}"
        assert _shown_first_width(browser, second) == f"{1.6 + round_ / 10:.2f}"


def test_an_autosave_from_an_older_copy_is_refused_with_the_stored_draft(client, challenge):
    client.get(f"/c/{challenge.slug}/toolkit/")
    url = _draft_url(challenge)
    saved = client.post(url, {"design-json": _narrower(challenge, 1.5), "version": "0"})
    assert saved.status_code == 204 and saved["Draft-Version"] == "1"
    newer = client.post(url, {"design-json": _narrower(challenge, 1.6), "version": "1"})
    assert newer["Draft-Version"] == "2"
    older = client.post(url, {"design-json": _narrower(challenge, 1.7), "version": "1"})
    assert older.status_code == 409
    stored = older.json()["draft"]
    assert stored["version"] == 2 and stored["design"]["parts"][0]["width"] == 1.6
    assert Draft.objects.get().design["parts"][0]["width"] == 1.6  # the newer work stayed


def test_a_second_first_save_is_refused_not_applied(client, challenge):
    """Two tabs opened before either saved: both are based on nothing stored (version 0)."""
    client.get(f"/c/{challenge.slug}/toolkit/")
    url = _draft_url(challenge)
    assert (
        client.post(url, {"design-json": _narrower(challenge, 1.5), "version": "0"}).status_code
        == 204
    )
    late = client.post(url, {"design-json": _narrower(challenge, 1.7), "version": "0"})
    assert late.status_code == 409 and late.json()["draft"]["version"] == 1


def test_the_form_view_refuses_to_overwrite_newer_work_and_shows_the_post(client, challenge):
    client.get(f"/c/{challenge.slug}/toolkit/")
    client.post(_draft_url(challenge), {"design-json": _narrower(challenge, 1.6), "version": "0"})
    body = {"design-json": _narrower(challenge, 1.9), "version": "0", "title": "Mine"}
    response = client.post(f"/c/{challenge.slug}/toolkit/", body)
    html = response.content.decode()
    assert response.status_code == 409
    assert "changed in another window" in html and 'value="Mine"' in html
    assert 'name="version" value="1"' in html  # posting again replaces it, on purpose
    assert Draft.objects.get().design["parts"][0]["width"] == 1.6


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("DESIGN", "application/json"),
        ("", "application/x-www-form-urlencoded"),
        ("title=Only+words", "application/x-www-form-urlencoded"),
    ],
)
def test_an_autosave_that_is_no_form_post_is_refused_and_the_draft_kept(
    client, challenge, body, content_type
):
    client.get(f"/c/{challenge.slug}/toolkit/")
    client.post(_draft_url(challenge), {"design-json": _narrower(challenge, 1.5)})
    body = body.replace("DESIGN", json.dumps({"design-json": _narrower(challenge, 1.9)}))
    response = client.post(_draft_url(challenge), body, content_type=content_type)
    assert response.status_code == 400 and "design-json" in response.json()["error"]
    assert Draft.objects.get().design["parts"][0]["width"] == 1.5
    assert len(Draft.objects.get().design["parts"]) == len(challenge.baseline["parts"])


def test_logging_in_keeps_the_visitors_drafts_and_replaces_an_older_one(
    client, challenge, resident
):
    client.force_login(resident)
    client.post(_draft_url(challenge), {"design-json": _narrower(challenge, 1.4)})
    client.logout()
    client.get(f"/c/{challenge.slug}/toolkit/")
    client.post(_draft_url(challenge), {"design-json": _narrower(challenge, 1.8)})
    assert client.cookies[VISITOR_COOKIE].value
    client.force_login(resident)
    assert _shown_first_width(client, challenge) == "1.80"
    kept = Draft.objects.get()
    assert kept.user == resident and kept.visitor == "" and kept.version == 2
    assert client.cookies[VISITOR_COOKIE].value == ""  # the name is forgotten


def test_a_visitor_cookie_that_is_no_name_of_ours_reads_nothing(client, challenge):
    client.get(f"/c/{challenge.slug}/toolkit/")
    client.post(_draft_url(challenge), {"design-json": _narrower(challenge, 1.5)})
    for odd in ["' OR 1=1 --", "x" * 5000, ""]:
        stranger = Client()
        stranger.cookies[VISITOR_COOKIE] = odd
        assert _shown_first_width(stranger, challenge) == "2.10"


def test_a_design_with_a_nul_escape_is_refused_before_it_reaches_the_database(client, challenge):
    design = _narrower(challenge, 1.5).replace('"sidewalk"', '"side\\u0000walk"', 1)
    response = client.post(_draft_url(challenge), {"design-json": design})
    assert response.status_code == 400 and "NUL" in response.json()["error"]
    assert not Draft.objects.exists()
