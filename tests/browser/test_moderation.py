"""Three reports hide a proposal; a moderator restores it from the queue, and the log says so."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from ..factories import UserFactory, earn_trust, make_proposal
from .helpers import log_in

TITLE = "Gondola down the middle"


THANKS = "Thank you: the moderators will look at your report."
HIDDEN = "Thank you: the proposal is hidden while the moderators look at the reports."


def _report(page: Page, email: str, proposal_url: str, thanks: str = THANKS) -> None:
    """Sign in as a fresh person (cookies cleared) and report the proposal as spam."""
    page.context.clear_cookies()
    log_in(page, email)
    page.goto(proposal_url)
    page.locator("details.report summary").click()
    form = page.locator("form.report-form")
    form.get_by_label("Why?").select_option("spam")
    form.get_by_label("Note for the moderators (optional)").fill("Looks like an advert")
    form.get_by_role("button", name="Report").click()
    expect(page.get_by_text(thanks)).to_be_visible()


def _card(page: Page, challenge_url: str) -> Locator:
    """The proposal's card link on the challenge page (none while it is hidden)."""
    page.goto(challenge_url)
    return page.locator("ol.cards").get_by_role("link", name=TITLE)


def test_reports_hide_a_proposal_and_a_moderator_restores_it(page: Page, running_challenge):
    challenge_url = f"/c/{running_challenge.slug}/"
    proposal = make_proposal(running_challenge, UserFactory(username="lee"), title=TITLE)
    proposal_url = f"{challenge_url}p/{proposal.pk}/"
    expect(_card(page, challenge_url)).to_be_visible()

    for name in ("ana", "ben", "cat"):
        reporter = earn_trust(UserFactory(username=name), running_challenge)
        # The third report hides it: its page is gone for the reporter, who lands on the list.
        _report(page, reporter.email, proposal_url, HIDDEN if name == "cat" else THANKS)
    assert page.url.endswith(challenge_url)
    expect(_card(page, challenge_url)).to_have_count(0)

    page.context.clear_cookies()
    log_in(page, "owner@example.org")  # the organization's owner moderates it
    organization = running_challenge.organization.slug
    page.goto(f"/o/{organization}/moderation/")
    group = page.locator(f"#proposal-{proposal.pk}")
    expect(group).to_contain_text("3 reports")
    expect(group).to_contain_text("Hidden")
    expect(group).to_contain_text("Looks like an advert")
    group.get_by_label("Note for the log").fill("A real idea, not an advert")
    group.get_by_role("button", name="Restore").click()
    expect(page.get_by_text("Done, and written to the moderation log.")).to_be_visible()
    expect(page.get_by_text("No open reports. Nothing is waiting for you.")).to_be_visible()

    page.get_by_role("link", name="Moderation log").click()
    rows = page.locator("table.audit-log tbody tr")
    expect(rows).to_have_count(2)
    restored = rows.nth(0)  # newest first
    expect(restored).to_contain_text("owner")
    expect(restored).to_contain_text("Restored")
    expect(restored).to_contain_text("A real idea, not an advert")
    expect(restored.get_by_role("link", name=TITLE, exact=False)).to_have_attribute(
        "href", proposal_url
    )
    expect(rows.nth(1)).to_contain_text("Hidden after reports")
    expect(rows.nth(1)).to_contain_text("Cocreate (report threshold)")

    expect(_card(page, challenge_url)).to_be_visible()
