"""From a remix's tree, a visitor opens the comparison with its parent and sees the diff."""

from __future__ import annotations

import copy

from playwright.sync_api import expect

from ..factories import UserFactory, make_proposal


def test_open_compare_from_two_proposals_and_see_the_diff(page, running_challenge):
    author = UserFactory(username="dee")
    parent = make_proposal(running_challenge, author, title="Keep it as it is")
    design = copy.deepcopy(running_challenge.baseline)
    design["parts"][0]["width"] = 1.6
    design["parts"].insert(len(design["parts"]) - 1, {"type": "divider", "width": 0.5})
    child = make_proposal(
        running_challenge, author, title="A divider by the footpath", design=design, parent=parent
    )
    page.goto(f"/c/{running_challenge.slug}/p/{child.pk}/lineage/")
    tree = page.get_by_role("list", name="Remix tree")
    expect(tree).to_contain_text("Proposed design")
    expect(tree).to_contain_text("Keep it as it is")
    current = page.locator('[aria-current="page"]')
    expect(current).to_contain_text("A divider by the footpath")
    current.get_by_role("link", name="Compare with its parent").click()

    expect(page.get_by_role("heading", name="Compare designs")).to_be_visible()
    expect(page.get_by_role("heading", name="A: Keep it as it is")).to_be_visible()
    expect(page.get_by_role("heading", name="B: A divider by the footpath")).to_be_visible()
    expect(page.locator(".diff-drawing svg")).to_be_visible()
    parts = page.locator("table.parts-diff")
    expect(parts.locator("tr.added")).to_contain_text("Divider")
    expect(parts.locator("tr.resized")).to_contain_text("−0.50 m")
    expect(page.locator("table.metric-deltas")).to_contain_text("people/hour")

    # The GET form swaps the pair without JavaScript's help.
    page.get_by_label("Design A").select_option("baseline")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(f"/c/{running_challenge.slug}/compare/?a=baseline&b={child.pk}")
    expect(page.get_by_role("heading", name="A: Proposed design")).to_be_visible()
