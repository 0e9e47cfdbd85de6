"""Two windows on one draft (tests/security/test_drafts.py has the server's side): the window
that saves from an older copy is refused, shows the other window's newer draft, and offers its
own work back; restoring it saves it, based on the newer version, so nothing is ever lost."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cocreate.proposals.models import Draft

from .test_editor import open_editor, parts


def test_the_older_window_takes_the_newer_draft_and_offers_its_own_back(
    new_context, running_challenge
):
    # Its own context: the refused save is a console error the shared fixture would refuse.
    context = new_context(viewport={"width": 1280, "height": 900})
    old, new = context.new_page(), context.new_page()
    open_editor(old, running_challenge)
    open_editor(new, running_challenge)  # both based on nothing stored yet

    parts(new).first.focus()
    new.keyboard.press("-")  # the sidewalk: 2.10 -> 2.00 m, saved first
    expect(new.locator(".save-status")).to_have_text("Draft saved")

    parts(old).first.focus()
    old.keyboard.press("+")  # 2.10 -> 2.20 m, from the older copy
    expect(old.locator(".restore")).to_contain_text("A newer draft saved in another window")
    expect(parts(old).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 2\.00 m"))
    expect(old.locator(".save-status")).to_have_text("Draft saved")
    assert Draft.objects.get().design["parts"][0]["width"] == 2.0  # the newer work stayed

    old.get_by_role("button", name="Restore them").click()
    expect(parts(old).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 2\.20 m"))
    expect(old.locator(".save-status")).to_have_text("Draft saved")
    assert Draft.objects.get().design["parts"][0]["width"] == 2.2
    old.reload()
    expect(parts(old).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 2\.20 m"))
