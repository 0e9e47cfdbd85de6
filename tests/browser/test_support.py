"""A signed-in resident backs a proposal from the challenge page's list and takes it back."""

from __future__ import annotations

from playwright.sync_api import expect

from ..factories import UserFactory, make_proposal
from .helpers import log_in


def test_support_from_the_list_and_withdraw(page, running_challenge):
    author = UserFactory(username="bo")
    make_proposal(running_challenge, author, title="Trees on both sides")
    backer = UserFactory(username="cy", email="cy@example.org")
    log_in(page, backer.email)
    page.goto(f"/c/{running_challenge.slug}/")
    card = page.locator("li.card").filter(has_text="Trees on both sides")
    card.get_by_role("button", name="Support").click()
    supported = card.get_by_role("button", name="Supported · 1")
    expect(supported).to_have_attribute("aria-pressed", "true")
    supported.click()
    expect(card.get_by_role("button", name="Support", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(card).to_contain_text("0 supporters")
