"""Comment on a part, find a marker on that part of the drawing, follow it to the comment."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from cocreate.challenges.models import Action

from ..factories import UserFactory, make_challenge, make_organization, make_proposal
from .helpers import open_proposal_as_ana


def _box(locator):  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    assert box is not None
    return box


def test_a_marker_on_the_part_leads_to_its_comment(page: Page, transactional_db: None) -> None:
    proposal = open_proposal_as_ana(page)
    challenge = proposal.challenge
    expect(page.locator(".part-marker")).to_have_count(0)
    page.get_by_label("Comment", exact=True).fill("Room for a shelter bench here?")
    page.get_by_label("Part", exact=True).select_option(index=5)  # "Part 5: Transit shelter"
    page.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    comment_id = page.url.rsplit("#", 1)[1]

    marker = page.get_by_role("link", name="1 comment on Transit shelter (part 5)")
    expect(marker).to_have_count(1)
    page.goto(f"/c/{challenge.slug}/p/{proposal.pk}/")  # back at the top, as a visitor arrives
    bubble = marker.locator("path")
    shelter = page.locator("title", has_text=re.compile(r"^Transit shelter "))  # the part's tip
    drawn = page.locator("figure svg[role=img] > g", has=shelter).locator("rect").first
    tip, part = _box(bubble), _box(drawn)
    assert part["x"] < tip["x"] + tip["width"] / 2 < part["x"] + part["width"]  # over the part
    assert tip["y"] + tip["height"] <= part["y"]  # above it, not covering it

    highlight = page.locator(".part-highlight")
    expect(highlight).to_be_hidden()
    bubble.hover()
    expect(highlight).to_be_visible()
    outline = _box(highlight.locator("rect").first)
    assert abs(outline["x"] + outline["width"] / 2 - (part["x"] + part["width"] / 2)) < 2

    bubble.click()
    expect(page).to_have_url(re.compile(f"#{comment_id}$"))
    landed = page.locator(f"#{comment_id}")
    expect(landed).to_be_in_viewport()
    expect(landed).to_contain_text("Room for a shelter bench here?")


def test_a_marker_is_reached_by_keyboard(page: Page, transactional_db: None) -> None:
    from cocreate.community.services import comment_create

    owner = UserFactory(username="owner")
    challenge = make_challenge(
        owner, make_organization(owner), actions=[Action.SUBMIT, Action.COMMENT]
    )
    proposal = make_proposal(challenge, owner)
    comment = comment_create(actor=owner, proposal=proposal, body="Footpath", part=0)
    page.goto(f"/c/{challenge.slug}/p/{proposal.pk}/")
    marker = page.get_by_role("link", name="1 comment on Sidewalk (part 1)")
    marker.focus()
    expect(page.locator(".part-highlight")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#comment-{comment.pk}$"))
    expect(page.locator(f"#comment-{comment.pk}")).to_be_in_viewport()
