"""Staff draw the as-built design in the residents' editor in Chromium: it opens on the accepted
proposal, a change breaking a rule blocks publishing until fixed, and once published the public
accountability page shows the drawing beside the proposed one and what changed."""

from __future__ import annotations

import copy

from playwright.sync_api import Page, expect

from cocreate.accountability.models import AsBuilt
from cocreate.accounts.models import User
from cocreate.decisions.services import proposal_status_change
from cocreate.organizations.models import ProposalStatus

from ..factories import UserFactory, make_proposal
from .helpers import log_in

FIT_ERROR = '[role="status"] [data-check="fit"][data-severity="error"]'


def test_staff_draw_and_publish_the_as_built(page: Page, running_challenge) -> None:
    challenge = running_challenge
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] = 2.4  # wider west footpath, narrower west traffic lane
    design["parts"][2]["width"] = 2.4
    wide = make_proposal(
        challenge, UserFactory(username="rita"), title="Wider footpath", design=design
    )
    planned = ProposalStatus.objects.get(organization=challenge.organization, name="Planned")
    owner = User.objects.get(username="owner")
    proposal_status_change(actor=owner, proposal=wide, status=planned, answer="Yes.")
    log_in(page, owner.email)

    page.goto(f"/manage/{challenge.organization.slug}/c/{challenge.slug}/as-built/")
    expect(page.get_by_label("Start from")).to_have_value(str(wide.pk))
    parts = page.locator("#editor svg g.part")
    expect(parts.first).to_be_visible()
    publish = page.get_by_role("button", name="Publish as-built design")
    parts.first.focus()
    page.keyboard.press("+")  # the first footpath 10 cm wider: the street is over its width
    expect(page.locator(FIT_ERROR)).to_have_count(1)
    expect(publish).to_be_disabled()
    expect(page.locator("#editor-submit-reason")).to_contain_text("Fix these before you publish")
    page.keyboard.press("End")
    page.keyboard.press("-")  # the last footpath 10 cm narrower: it fits again
    expect(page.locator(FIT_ERROR)).to_have_count(0)
    expect(publish).to_be_enabled()
    page.get_by_label("Note (Markdown)").fill("Built with a **wider** footpath.")
    page.get_by_role("checkbox", name="Wider footpath").check()
    publish.click()

    expect(page.locator(".messages")).to_contain_text("The as-built design is published.")
    built = AsBuilt.objects.get(challenge=challenge)
    assert built.design["parts"][0]["width"] == 2.5
    assert list(built.credited.all()) == [wide]
    section = page.locator("#as-built")
    expect(section.locator(".built-pair figure svg")).to_have_count(2)
    expect(section.locator(".as-built-note strong")).to_have_text("wider")
    expect(section.locator("table.changes tbody tr").first).to_be_visible()
    expect(section.locator("ul.ideas-built > li")).to_contain_text("Wider footpath")
