"""Comment on one part of a proposal's design and find it listed under that part."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .helpers import open_proposal_as_ana


def test_comment_on_a_part(page: Page, transactional_db: None) -> None:
    open_proposal_as_ana(page)
    page.get_by_label("Comment", exact=True).fill("The drive lane is too wide, @owner.")
    page.get_by_label("Stance").select_option("against")
    part = page.get_by_label("Part", exact=True)
    part.select_option(index=3)  # "Part 3: …" after "None"
    label = part.locator("option:checked").inner_text()
    page.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    listing = page.locator("#comments-on-parts")
    expect(listing).to_contain_text("Part 3 (1)")
    listing.get_by_role("link", name="Part 3 (1)").click()
    under = page.get_by_role("region", name=label)
    expect(under.get_by_role("link", name="Comment by ana")).to_be_visible()
    comment = page.locator("li.comment").first
    expect(comment).to_contain_text(f"on {label}")
    expect(comment).to_contain_text("Against")
    expect(comment.locator(".mention")).to_have_text("@owner")
