"""The staff Insights page with a stored report, on a desktop and a phone: every chart and its
table in view, nothing wider than the screen, and axe finds no serious violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cocreate.organizations.models import Role

from ..factories import make_member, make_proposal
from ..insights.stored import store
from .helpers import log_in
from .test_accessibility import AXE, serious_violations


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (360, 740)])
def test_staff_read_the_insights_page(new_context, running_challenge, width, height):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run ./run test once")
    challenge = running_challenge
    organization = challenge.organization
    author = organization.memberships.first().user
    store(challenge, [make_proposal(challenge, author, title=t) for t in ("Bikes", "Trees")])
    make_member(organization, Role.STAFF, username="officer", email="officer@example.org")
    page = new_context(viewport={"width": width, "height": height}, bypass_csp=True).new_page()
    log_in(page, "officer@example.org")
    page.goto(f"/manage/{organization.slug}/c/{challenge.slug}/insights/")

    expect(page.get_by_role("heading", name="Insights", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Compute now")).to_be_enabled()
    for name in (
        "What people change",
        "How the crowd would share the width",
        "A design for the crowd",
        "Schools of thought",
        "Lead users",
    ):
        section = page.get_by_role("heading", name=name, exact=True)
        section.scroll_into_view_if_needed()
        expect(section).to_be_visible()
    allocation = page.locator("svg.stacked")
    allocation.scroll_into_view_if_needed()
    expect(allocation).to_be_visible()
    expect(page.locator("table.allocation tbody tr")).to_have_count(5)
    expect(page.locator("table.changes svg.histogram")).to_have_count(3)
    expect(page.locator(".school")).to_have_count(2)
    expect(page.get_by_role("button", name="Open in the editor")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
