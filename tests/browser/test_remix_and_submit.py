"""A resident remixes the baseline in the form view (the toolkit as plain form fields, re-checked
through htmx), breaks the fit rule, fixes it, submits and finds it listed."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cocreate.proposals.models import Proposal

from ..factories import UserFactory
from .helpers import log_in


def test_remix_break_fix_submit_and_find_it_listed(page, running_challenge):
    resident = UserFactory(username="ana", email="ana@example.org")
    log_in(page, resident.email)
    page.goto(f"/c/{running_challenge.slug}/")
    expect(page.locator("figure.section-drawing svg")).to_be_visible()
    page.get_by_role("button", name="Change this design (remix)", exact=True).click()
    page.get_by_role("link", name="Form view").click()

    status = page.get_by_role("status").filter(has=page.locator(".findings, .ok"))
    width = page.locator("#part-0-width")
    original = float(width.input_value())
    fit_error = page.locator('[role="status"] [data-check="fit"][data-severity="error"]')
    steps = 0
    while fit_error.count() == 0:  # widen the sidewalk step by step until it no longer fits
        steps += 1
        assert steps <= 20, "the fit error never showed"
        width.fill(f"{original + 0.5 * steps:.2f}")
        width.press("Tab")  # a change event: htmx re-renders the toolkit in place
        page.wait_for_load_state("networkidle")
    expect(fit_error).to_contain_text(re.compile(r"\d+\.\d\d m"))
    expect(page.locator("#submit-blocked")).to_be_visible()

    page.locator("#part-0-width").fill(f"{original:.2f}")
    page.locator("#part-0-width").press("Tab")
    expect(fit_error).to_have_count(0)
    expect(status).to_be_visible()

    page.get_by_label("Title").fill("Room to walk")
    page.get_by_label("Why").fill("Footpaths full on Saturdays.")
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Room to walk")

    page.get_by_role("link", name=running_challenge.title).click()
    expect(page.get_by_role("link", name="Room to walk")).to_be_visible()
    assert Proposal.objects.get().author == resident
