"""The configurator editor: the cargo bike's choices checked by engine.js as they change (no
round trip), with the same status region, submit rule and undo keys as the section editor."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cocreate.proposals.models import Proposal

from ..factories import UserFactory
from .helpers import log_in


def test_keyboard_choices_checked_in_the_browser_then_submitted(page, cargo_challenge):
    member = UserFactory(username="eve", email="eve@example.org")
    log_in(page, member.email)
    page.goto(f"/c/{cargo_challenge.slug}/toolkit/")
    status = page.get_by_role("status").filter(has=page.locator(".findings, .ok"))
    expect(status).to_contain_text("Meets every rule.")
    # From here on only engine.js can answer: a request to re-check would fail the test.
    page.route("**/toolkit/", lambda route: route.abort() if route.request.method == "POST" and
               route.request.headers.get("hx-request") else route.continue_())  # fmt: skip

    motor = page.get_by_label("Motor")
    motor.focus()
    motor.select_option("none")  # as the keyboard would: a change event on the select
    error = page.locator('[role="status"] [data-severity="error"]')
    expect(error.first).to_contain_text("A battery needs a motor")
    expect(page.get_by_role("button", name="Submit proposal")).to_be_disabled()
    expect(page.locator("#editor-submit-reason")).to_contain_text("A battery needs a motor")
    metrics = page.locator("table.metrics")
    expect(metrics).to_contain_text("Range")

    battery = page.get_by_label("Battery (Wh)")
    battery.fill("0")
    battery.press("Tab")  # leaving the field makes the change one step of undo
    expect(error.first).to_contain_text("Lights on the main battery needs Motor")
    page.get_by_label("Lights").select_option("dynamo")
    expect(error).to_have_count(0)
    expect(page.get_by_role("button", name="Submit proposal")).to_be_enabled()

    page.locator("body").click()
    page.keyboard.press("Control+z")  # back to lights on the battery
    expect(page.get_by_label("Lights")).to_have_value("e-bike")
    page.keyboard.press("Control+z")  # and to the 500 Wh battery
    expect(battery).to_have_value("500")
    expect(error.first).to_contain_text("A battery needs a motor")
    page.keyboard.press("Control+y")
    page.keyboard.press("Control+Shift+Z")
    expect(battery).to_have_value("0")
    expect(error).to_have_count(0)

    page.get_by_label("Title").fill("Pedal power")
    page.get_by_label("Why").fill("No batteries to charge.")
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pedal power")
    saved = Proposal.objects.get().design
    assert saved["choices"]["motor"] == "none" and saved["parameters"]["battery_wh"] == 0


def test_on_a_phone_the_bike_is_drawn_live_and_errors_show_beside_their_field(
    new_context, cargo_challenge
):
    page = new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = page.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/c/{cargo_challenge.slug}/toolkit/")
    toolbar = page.get_by_role("toolbar", name="Editor")
    expect(toolbar.get_by_role("link", name="Form view")).to_have_attribute("href", "?form=1")
    undo = toolbar.get_by_role("button", name="Undo")
    expect(undo).to_be_disabled()
    bike = page.get_by_role("img", name=re.compile(r"^Co-op cargo bike: Frame Long-tail, "))
    expect(bike.locator("[data-key='frame-long-0']")).to_have_count(1)
    drawn = bike.element_handle()

    page.get_by_label("Frame").select_option("front-box")
    page.get_by_label("Front wheel").select_option("26-inch")
    box = page.get_by_role("img", name=re.compile(r"Frame Front-loader \(bakfiets\), "))
    expect(box.locator("[data-key='frame-box-0']")).to_have_count(1)
    expect(box.locator("[data-key='frame-long-0']")).to_have_count(0)
    assert drawn.evaluate("node => node.isConnected")  # changed in place, not redrawn
    wheel = page.get_by_label("Front wheel")
    expect(wheel).to_have_attribute("aria-invalid", "true")
    expect(wheel).to_have_accessible_description(re.compile("box sits over the front wheel"))
    expect(page.locator("#choice-wheels-findings")).to_be_visible()

    page.get_by_label("Child seats (seats)").scroll_into_view_if_needed()
    expect(page.locator("table.metrics")).to_be_in_viewport()  # the sticky strip
    expect(box).to_be_in_viewport()

    undo.tap()  # back to the 20 inch wheel: the error beside it goes
    expect(wheel).to_have_value("20-inch")
    expect(wheel).to_have_attribute("aria-invalid", "false")
    expect(page.locator("#choice-wheels-findings")).to_have_count(0)
    undo.tap()
    expect(bike.locator("[data-key='frame-long-0']")).to_have_count(1)
    toolbar.get_by_role("button", name="Redo").tap()
    expect(page.get_by_label("Frame")).to_have_value("front-box")
    battery = page.get_by_label("Battery (Wh)")
    battery.fill("")  # what a number field holds while it holds no number
    expect(battery).to_have_accessible_description(re.compile("^Enter a number. "))
    expect(page.get_by_role("button", name="Submit proposal")).to_be_disabled()
    assert not errors
