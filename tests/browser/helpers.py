"""Steps several browser tests share."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from cocreate.challenges.models import Action
from cocreate.proposals.models import Proposal

from ..factories import UserFactory, make_challenge, make_organization, make_proposal


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def open_proposal_as_ana(page: Page) -> Proposal:
    """A proposal on a challenge open for comments, and Ana signed in, looking at it."""
    owner = UserFactory(username="owner")
    challenge = make_challenge(
        owner,
        make_organization(owner),
        actions=[Action.SUBMIT, Action.COMMENT, Action.SUPPORT],
    )
    proposal = make_proposal(challenge, owner)
    UserFactory(username="ana", email="ana@example.org")
    log_in(page, "ana@example.org")
    page.goto(f"/c/{challenge.slug}/p/{proposal.pk}/")
    return proposal
