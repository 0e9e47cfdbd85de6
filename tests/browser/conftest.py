"""Playwright driving Debian's Chromium, headless, against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..factories import UserFactory, make_challenge, make_organization
from .inflight import wait_until_idle

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI: /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed (./run test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):  # type: ignore[no-untyped-def]
    """Open browser contexts on the live server; all close, and the server goes quiet, at teardown.

    A context left open (or closed without waiting) keeps sending requests whose transactions
    deadlock against the flush of the test database, or leave rows for the next test.
    """
    contexts: list[object] = []

    def open_context(**options: object) -> object:
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()  # type: ignore[attr-defined]
    wait_until_idle()  # the closing pages' last autosaves land before the database is flushed


@pytest.fixture
def page(new_context):  # type: ignore[no-untyped-def]
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    yield page
    assert errors == [], f"the browser reported errors: {errors}"


@pytest.fixture
def running_challenge(transactional_db):  # type: ignore[no-untyped-def]
    """A Dominion Road challenge open for submissions and support, visible to the live server."""
    owner = UserFactory(username="owner")
    return make_challenge(owner, make_organization(owner))


@pytest.fixture
def cargo_challenge(transactional_db):  # type: ignore[no-untyped-def]
    """The co-op's cargo bike, a configurator, open for submissions and support."""
    owner = UserFactory(username="coop")
    organization = make_organization(owner, slug="bike-coop")
    return make_challenge(owner, organization, slug="cargo-bike", toolkit_id="cargo-bike")
