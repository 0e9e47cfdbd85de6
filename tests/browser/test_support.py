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


def test_support_until_the_budget_runs_out(page, running_challenge):
    running_challenge.support_budget = 2
    running_challenge.save()
    author = UserFactory(username="gus")
    for title in ("First idea", "Second idea", "Third idea"):
        make_proposal(running_challenge, author, title=title)
    backer = UserFactory(username="hal", email="hal@example.org")
    log_in(page, backer.email)
    page.goto(f"/c/{running_challenge.slug}/")
    expect(page.locator("#supports-left")).to_have_text("You can support 2 more proposals (of 2).")
    for title in ("First idea", "Second idea"):
        card = page.locator("li.card").filter(has_text=title)
        card.get_by_role("button", name="Support", exact=True).click()
        expect(card.get_by_role("button", name="Supported · 1")).to_be_visible()
    expect(page.locator("#supports-left")).to_have_text("You can support 0 more proposals (of 2).")
    third = page.locator("li.card").filter(has_text="Third idea")
    third.get_by_role("button", name="Support", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="all 2 of your supports")).to_be_visible()
    expect(third.get_by_role("button", name="Support", exact=True)).to_be_visible()
