"""Staff answer a proposal from its page; its author reads the answer in the inbox and on it."""

from __future__ import annotations

from playwright.sync_api import expect

from ..factories import UserFactory, make_proposal
from .helpers import log_in


def test_staff_answer_and_the_author_sees_it(page, running_challenge):
    author = UserFactory(username="ria", email="ria@example.org")
    proposal = make_proposal(running_challenge, author, title="Trees for the shops")
    url = f"/c/{running_challenge.slug}/p/{proposal.pk}/"

    log_in(page, "owner@example.org")
    page.goto(url)
    page.get_by_label("Status").select_option(label="Planned")
    answer = page.get_by_label("Answer", exact=True)
    expect(answer).to_have_value(
        "We will build this. What happens next:\n\n- \n\nWe will post progress here."
    )  # the status's template, filled in by choosing it
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("[data-preview-body]")).to_contain_text("We will build this.")
    answer.fill("We will plant **eight trees** outside the shops in spring.")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("[data-answer]")).to_contain_text("We will plant eight trees")
    expect(page.locator("[data-status]")).to_have_text("Planned")
    page.get_by_role("button", name="Log out").click()

    log_in(page, author.email)
    page.get_by_role("link", name="Notifications 1 unread").click()
    notice = page.locator("li.notification a")
    expect(notice).to_contain_text("answered your proposal “Trees for the shops”: Planned")
    notice.click()
    expect(page).to_have_url(f"{page.url.split('/c/')[0]}{url}#answer")
    expect(page.locator("[data-answer] strong")).to_have_text("eight trees")
    expect(page.locator("[data-status]")).to_have_text("Planned")
