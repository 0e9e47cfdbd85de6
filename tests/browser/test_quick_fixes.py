"""Findings point at their parts and offer quick fixes (editor/checks.js, the applyFix action):
at 1280 × 800 a broken rule names its part and side, highlights its parts, its fix changes the
design as its label says and removes the finding, and Undo restores the design."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ..factories import UserFactory
from .helpers import log_in
from .test_editor import labels, open_editor, parts

WEST = "The bike lane on the left touches the drive lane with no divider between."
FIX = "Add a 0.50 m divider, taking 0.50 m from the left sidewalk and the left drive lane"


def test_a_finding_points_at_its_parts_and_its_fix_is_one_undoable_step(page, running_challenge):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, UserFactory(username="dee", email="dee@example.org").email)
    open_editor(page, running_challenge)
    before = labels(page)
    finding = page.locator('[role="status"] li.finding', has_text=WEST)
    expect(finding).to_contain_text("Warning")  # the severity in words, not colour only

    finding.hover()
    pointed = page.locator("#editor svg g.part.pointed")
    expect(pointed).to_have_count(2)
    assert pointed.evaluate_all("gs => gs.map(g => g.dataset.index)") == ["1", "2"]
    finding.get_by_role("button", name="Show").click()
    expect(parts(page).nth(1)).to_have_class(re.compile(r"\bselected\b"))

    finding.get_by_role("button", name=FIX).click()
    expect(finding).to_have_count(0)
    assert labels(page)[:4] == [
        "Sidewalk, 1.90 m",
        "Bike lane, 1.50 m",
        "Divider, 0.50 m",
        "Drive lane, 2.40 m",
    ]
    assert labels(page)[4:] == before[3:]
    expect(page.locator('[role="status"] li.finding')).to_have_count(1)  # the east side's

    page.get_by_role("button", name="Undo").click()
    expect(finding).to_have_count(1)
    assert labels(page) == before
