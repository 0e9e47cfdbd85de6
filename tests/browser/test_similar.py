"""While a title is typed, proposals like it are suggested (duplicates split support)."""

from __future__ import annotations

from playwright.sync_api import expect

from ..factories import UserFactory, make_proposal


def test_typing_a_title_suggests_similar_proposals(page, running_challenge):
    make_proposal(running_challenge, UserFactory(username="ivy"), title="Protected bike lanes")
    make_proposal(running_challenge, UserFactory(username="jon"), title="More street trees")
    page.goto(f"/c/{running_challenge.slug}/toolkit/")
    expect(page.locator("#editor svg g.part").first).to_be_visible()
    page.get_by_label("Title").press_sequentially("bike lan", delay=30)
    suggestions = page.locator("#similar-proposals")
    expect(suggestions).to_contain_text("Protected bike lanes")
    expect(suggestions).not_to_contain_text("More street trees")
