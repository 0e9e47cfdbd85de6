"""Follow a challenge in the browser, and hear about a new proposal in it."""

from __future__ import annotations

from playwright.sync_api import expect

from ..factories import UserFactory, make_proposal
from .helpers import log_in


def test_follow_a_challenge_and_receive_a_notification(page, running_challenge):
    follower = UserFactory(username="kim", email="kim@example.org")
    log_in(page, follower.email)
    page.goto(f"/c/{running_challenge.slug}/")
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_role("button", name="Following")).to_be_visible()

    # Someone else proposes; the fan-out runs after the commit (the immediate task backend).
    make_proposal(running_challenge, UserFactory(username="lee"), title="Wider footpaths")

    page.reload()
    badge = page.get_by_role("link", name="Notifications 1 unread")
    expect(badge).to_be_visible()
    badge.click()
    expect(page.locator("main")).to_contain_text("Wider footpaths")
