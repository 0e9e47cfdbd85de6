"""On a phone, a person logs in from a challenge page: a refused attempt puts the error summary
in view with focus on it, and the right password brings them back to the page they were on."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ..factories import UserFactory


def test_a_failed_log_in_is_summarised_then_the_person_returns(new_context, running_challenge):
    UserFactory(username="ana", email="ana@example.org")
    page = new_context(viewport={"width": 360, "height": 740}, has_touch=True).new_page()
    page.goto(f"/c/{running_challenge.slug}/?sort=new")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in").click()

    page.get_by_label("Email").fill("ana@example.org")
    page.get_by_role("button", name="Log in").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    summary.get_by_role("link", name="Type your password.").click()
    expect(page).to_have_url(re.compile(r"#id_password$"))
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/c/{running_challenge.slug}/\?sort=new$"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
