"""The review board by keyboard: j / k move between proposals, x ticks, Enter opens, / searches,
? shows the keys; letters typed in a field stay in the field; and the bulk change answers
what was ticked."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from cocreate.organizations.models import Role

from ..factories import make_member, make_proposal
from .helpers import log_in


def _board(page: Page, challenge) -> None:  # type: ignore[no-untyped-def]
    make_member(challenge.organization, Role.STAFF, username="officer", email="officer@example.org")
    for title in ("Bus lanes both ways", "Trees in the median", "Wider footpaths"):
        make_proposal(challenge, challenge.organization.memberships.first().user, title=title)
    log_in(page, "officer@example.org")
    url = f"/manage/{challenge.organization.slug}/c/{challenge.slug}/board/?sort=oldest"
    page.goto(url)


def test_keys_move_tick_open_and_search(page: Page, running_challenge):
    _board(page, running_challenge)
    rows = page.locator("tr[data-board-row]")
    expect(rows).to_have_count(3)

    page.keyboard.press("j")
    expect(rows.nth(0)).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")  # stays on the last row
    expect(rows.nth(2)).to_be_focused()
    page.keyboard.press("k")
    expect(rows.nth(1)).to_be_focused()

    page.keyboard.press("x")
    expect(page.get_by_role("checkbox", name="Trees in the median")).to_be_checked()
    page.keyboard.press("x")
    expect(page.get_by_role("checkbox", name="Trees in the median")).not_to_be_checked()
    page.keyboard.press("x")

    # "/" goes to the search, and letters typed there are the person's, not shortcuts.
    page.keyboard.press("/")
    search = page.get_by_role("searchbox", name="Search titles and reasons")
    expect(search).to_be_focused()
    page.keyboard.type("jxk")
    expect(search).to_have_value("jxk")
    expect(page.get_by_role("checkbox", name="Trees in the median")).to_be_checked()

    # "?" shows the keys, Escape hides them again.
    page.locator("h1").click()
    help_ = page.locator("details[data-board-shortcuts]")
    expect(help_.get_by_text("Next / previous proposal")).to_be_hidden()
    page.keyboard.press("?")
    expect(help_.get_by_text("Next / previous proposal")).to_be_visible()
    page.keyboard.press("Escape")
    expect(help_.get_by_text("Next / previous proposal")).to_be_hidden()

    # Enter opens the proposal in focus.
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url("**/c/*/p/*/")
    expect(page.locator("h1")).to_have_text("Bus lanes both ways")


def test_ticked_by_keyboard_then_answered_with_change_status(page: Page, running_challenge):
    _board(page, running_challenge)
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.get_by_label("New status").select_option(label="Declined")
    page.get_by_role("textbox", name="Answer").fill("Not on this street, because the bus needs it.")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("Answered 2 proposals: Declined.")).to_be_visible()
    statuses = page.locator("tr[data-board-row] td[data-label=Status]")
    expect(statuses).to_have_text(["Declined", "Awaiting answer", "Declined"])


def test_every_control_is_reached_by_tab_in_order(page: Page, running_challenge):
    _board(page, running_challenge)
    order = [
        page.get_by_role("link", name="All", exact=True),
        page.get_by_role("link", name="Awaiting answer", exact=True),
        page.get_by_role("link", name="Overdue", exact=True),
        page.get_by_role("link", name="Most supported", exact=True),
        page.get_by_role("link", name="Reached the last rung", exact=True),
        page.get_by_role("searchbox", name="Search titles and reasons", exact=True),
        page.get_by_label("Status", exact=True),
        page.get_by_label("Hidden by moderation"),
        page.get_by_label("Sort by"),
        page.get_by_role("checkbox", name="Overdue", exact=True),
        page.get_by_role("checkbox", name="Has warnings", exact=True),
        page.get_by_role("checkbox", name="Reached the last rung", exact=True),
        page.get_by_role("button", name="Show", exact=True),
        page.locator("details[data-board-shortcuts] summary"),
        page.get_by_role("link", name="Change the status of the ticked proposals", exact=True),
        page.get_by_role("checkbox", name="Bus lanes both ways", exact=True),
        # the row's link (the likely duplicates, after the table, link the proposal too)
        page.get_by_role("table").get_by_role("link", name="Bus lanes both ways", exact=True),
    ]
    page.get_by_role("link", name=running_challenge.title).focus()
    for control in order:
        page.keyboard.press("Tab")
        expect(control).to_be_focused()
