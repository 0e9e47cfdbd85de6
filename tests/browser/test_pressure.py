"""Constraint pressure from the editor (issue 13): breaking a rule while working is counted for
that rule, anonymously, with the autosave; pressing the submit button its error blocks counts a
block, sent when the page is left."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from cocreate.insights.models import RulePressure

from .test_editor import open_editor, parts


def counted(challenge, rule: str, field: str, seconds: float = 10) -> int:
    """The count once the browser's batch has landed (it is sent a few seconds after a save)."""
    deadline = time.monotonic() + seconds
    while True:
        row = RulePressure.objects.filter(challenge=challenge, rule=rule).first()
        if (row and getattr(row, field)) or time.monotonic() > deadline:
            return getattr(row, field) if row else 0
        time.sleep(0.2)


def test_a_broken_rule_and_a_blocked_submit_are_counted(page, running_challenge):
    open_editor(page, running_challenge)
    platform = parts(page).nth(4)
    expect(platform).to_have_attribute("aria-label", re.compile(r"^Transit shelter"))
    platform.focus()
    page.keyboard.press("Delete")  # light rail without a platform: the "platform" rule's error
    expect(page.locator("#editor .finding.error").first).to_be_visible()
    expect(page.locator(".save-status")).to_have_text("Draft saved")
    assert counted(running_challenge, "platform", "shown") == 1
    assert counted(running_challenge, "platform", "blocked", seconds=0) == 0

    submit = page.locator("button[value=submit]")
    expect(submit).to_be_disabled()
    submit.click(force=True)  # a press on the disabled button, as a person's click
    page.goto("/")  # leaving the page sends what is left
    assert counted(running_challenge, "platform", "blocked") == 1
    rows = {row.rule: row for row in RulePressure.objects.all()}
    # the baseline's own warning (a bike lane beside traffic) was shown too; it blocks nothing
    assert set(rows) <= {"platform", "fit", "bike-traffic-buffer"}
    assert rows["bike-traffic-buffer"].shown == 1 and rows["bike-traffic-buffer"].blocked == 0
