"""On a phone the compare page finds designs by typing and puts the changed parts in view."""

from __future__ import annotations

import copy

import pytest
from playwright.sync_api import expect

from ..factories import UserFactory, make_proposal
from .test_accessibility import AXE, serious_violations


def test_compare_on_a_phone_filters_pickers_and_shows_the_changes(new_context, running_challenge):
    author = UserFactory(username="dee")
    design = copy.deepcopy(running_challenge.baseline)
    design["parts"][-1]["width"] = 1.6  # the far footpath, at the right end of the street
    design["parts"].insert(len(design["parts"]) - 1, {"type": "divider", "width": 0.5})
    make_proposal(running_challenge, author, title="As it is")
    changed = make_proposal(
        running_challenge, author, title="Divider on the east side", design=design
    )
    make_proposal(running_challenge, UserFactory(username="eve"), title="Trees everywhere")
    page = new_context(viewport={"width": 360, "height": 740}, has_touch=True).new_page()
    page.goto(f"/c/{running_challenge.slug}/compare/")

    # Typing in B's filter box narrows its list as one types; the keyboard picks from it.
    find = page.get_by_label("Find a proposal for B by title or author")
    find.press_sequentially("east", delay=20)
    picker = page.get_by_label("Design B", exact=True)
    expect(picker.locator("option")).to_have_count(2)  # the baseline and the one that matches
    expect(page.locator("#compare-b-shown")).to_have_text("Proposals listed: 1")
    picker.select_option(str(changed.pk))
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(
        f"/c/{running_challenge.slug}/compare/?a=baseline&find_b=east&b={changed.pk}"
    )

    # The drawing is wider than the phone, and starts scrolled to the changes at the far end.
    scroller = page.locator(".diff-scroll")
    divider = page.locator(".diff-drawing svg g", has_text="Divider").last
    page.locator(".diff-view").evaluate("el => el.scrollIntoView({block: 'center'})")  # down
    expect(divider).to_be_in_viewport()
    assert scroller.evaluate("el => el.scrollLeft") > 0
    assert scroller.evaluate("el => el.scrollWidth > 2 * el.clientWidth")
    whole = page.get_by_role("button", name="Show whole street")
    whole.click()
    expect(whole).to_have_attribute("aria-pressed", "true")
    assert scroller.evaluate("el => el.scrollWidth <= el.clientWidth")


def test_search_and_compare_have_no_serious_accessibility_violations(
    new_context, running_challenge
):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run ./run test once")
    author = UserFactory(username="dee")
    design = copy.deepcopy(running_challenge.baseline)
    design["parts"][0]["width"] = 1.6
    design["parts"].insert(1, {"type": "divider", "width": 0.5})
    proposal = make_proposal(running_challenge, author, title="Divider trees", design=design)
    page = new_context(viewport={"width": 360, "height": 740}, bypass_csp=True).new_page()
    slug = running_challenge.slug
    for path in [f"/c/{slug}/search/?q=trees", f"/c/{slug}/compare/?a=baseline&b={proposal.pk}"]:
        page.goto(path)
        assert serious_violations(page) == [], path
