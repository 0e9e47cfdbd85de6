"""Staff make a challenge from the workspace's pages in Chromium: the form, the baseline drawn in
the residents' editor with its rule checks live, a phase, publishing; then a visitor sees the
new baseline on the public page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.organizations.models import Role

from ..factories import UserFactory, make_member, make_organization
from .helpers import log_in

FIT_ERROR = '[role="status"] [data-check="fit"][data-severity="error"]'


def test_staff_create_draw_the_baseline_and_publish(page: Page, new_context) -> None:
    owner = UserFactory(username="owner")
    organization = make_organization(owner)
    staff = make_member(organization, Role.STAFF, username="sam", email="sam@example.org")
    log_in(page, staff.email)

    page.goto(f"/manage/{organization.slug}/")
    page.get_by_role("link", name="New challenge").click()
    page.get_by_label("Title").fill("Best bus stop")
    expect(page.get_by_label("Address")).to_have_value("best-bus-stop")  # suggested as typed
    page.get_by_label("Summary").fill("Design the stop at Balmoral shops.")
    page.get_by_label("Brief").fill("Draw a stop people **wait at gladly**.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview strong")).to_have_text("wait at gladly")
    page.get_by_label("Toolkit and version").select_option("street-section@2")
    page.get_by_role("button", name="Create draft").click()
    expect(page.locator(".challenge-state [data-status=draft]")).to_be_visible()
    challenge = Challenge.objects.get(slug="best-bus-stop")
    assert challenge.published_at is None
    original_svg = challenge.baseline_svg

    page.get_by_role("link", name="Draw the baseline").click()
    parts = page.locator("#editor svg g.part")
    expect(parts.first).to_be_visible()
    save = page.get_by_role("button", name="Save baseline")
    parts.first.focus()
    page.keyboard.press("+")  # the first footpath 10 cm wider: the street is over its 24 m
    expect(page.locator(FIT_ERROR)).to_have_count(1)
    expect(save).to_be_disabled()
    expect(page.locator("#editor-submit-reason")).to_contain_text("Fix these before you save")
    page.keyboard.press("End")
    page.keyboard.press("-")  # the last footpath 10 cm narrower: it fits again
    expect(page.locator(FIT_ERROR)).to_have_count(0)
    expect(save).to_be_enabled()
    save.click()
    expect(page.locator(".messages")).to_contain_text("Baseline saved.")

    challenge.refresh_from_db()
    widths = [part["width"] for part in challenge.baseline["parts"]]
    first_width = toolkit_for(challenge).baseline["parts"][0]["width"]
    assert widths[0] == round(first_width + 0.1, 2)
    assert challenge.baseline_svg != original_svg

    phases = page.locator("form.new-phase")
    phases.get_by_label("Name").fill("Ideas")
    phases.get_by_label("Starts").fill("2020-01-01T09:00")
    phases.get_by_label("Ends").fill("2040-01-01T09:00")
    phases.get_by_label("Submit").check()
    phases.get_by_label("Support").check()
    phases.get_by_role("button", name="Add phase").click()
    expect(page.locator(".messages")).to_contain_text("Phase added.")
    page.locator("#publish").get_by_role("button", name="Publish").click()
    expect(page.locator(".challenge-state [data-status=published]")).to_be_visible()
    challenge.refresh_from_db()
    assert challenge.published_at is not None
    assert list(challenge.phases.values_list("actions", flat=True)) == [["submit", "support"]]

    public = new_context().new_page()
    response = public.goto(f"/c/{challenge.slug}/")
    assert response is not None and response.status == 200
    assert challenge.baseline_svg in response.text()
    expect(public.locator("h1")).to_have_text("Best bus stop")
    expect(public.locator("section.baseline figure svg")).to_be_visible()
    organization_link = public.get_by_role("link", name=organization.name)
    organization_link.click()
    expect(public.locator(".cards.challenges h3")).to_have_text(re.compile("Best bus stop"))
