"""Every card, remix-tree node and suggestion says what its proposal changes, who made it and
how many support it."""

from __future__ import annotations

import pytest

from cocreate.challenges.models import Action
from cocreate.proposals.services import support_add

from ..factories import make_challenge, make_proposal
from ..html import parse
from ..proposals.test_summaries import tree_design

# As a browser shows it: the no-break space before "m" reads as a space.
SUMMARY = "What it changes: +Tree, drive lane \u22120.6 m"


@pytest.fixture
def treed(owner, organization, resident, other):
    challenge = make_challenge(owner, organization, actions=[Action.SUBMIT, Action.SUPPORT])
    proposal = make_proposal(
        challenge, resident, title="Shade for the shops", design=tree_design(challenge)
    )
    support_add(actor=other, proposal=proposal)
    return proposal


def test_challenge_cards(client, treed):
    [card] = parse(client.get(f"/c/{treed.challenge.slug}/")).select("li.card")
    assert card.one(".change-summary").text == SUMMARY
    assert card.one("p.meta").text.startswith("by resident, ")
    assert card.one(".support .count").text == "1 supporter"


def test_remix_tree_nodes(client, treed, other):
    remix = make_proposal(treed.challenge, other, title="Shade and seats", parent=treed)
    page = parse(client.get(f"/c/{treed.challenge.slug}/p/{remix.pk}/lineage/"))
    node = next(n for n in page.select(".lineage-card") if n.one("a.title").text == treed.title)
    assert node.one(".change-summary").text == SUMMARY
    assert node.one(".meta").text == "by resident · 1 supporter"


def test_profile_cards(client, treed):
    [card] = parse(client.get("/u/resident/")).select("li.card")
    assert card.one(".change-summary").text == SUMMARY
    assert card.one("p.meta").text.endswith("1 supporter")


def test_suggestions(client, treed):
    response = client.get(f"/c/{treed.challenge.slug}/similar/", {"title": "shade"})
    [hit] = parse(response).select(".similar-proposals li")
    assert hit.one(".similar-title").text == "Shade for the shops"
    assert hit.one(".change-summary").text == SUMMARY
    assert hit.one(".meta").text == "by resident · 1 supporter"


def test_proposal_page(client, treed):
    page = parse(client.get(f"/c/{treed.challenge.slug}/p/{treed.pk}/"))
    assert page.one("article .change-summary").text == SUMMARY
