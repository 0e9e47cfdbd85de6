"""The challenge and proposal pages serve cached parts: a hit costs fewer queries, every kind of
write shows at once, and nothing of one person (or of a hidden row) reaches another."""

from __future__ import annotations

import pytest

from cocreate.moderation.services import moderation_decide
from cocreate.proposals.models import Proposal, Status
from cocreate.proposals.services import support_add, support_remove

from ..factories import make_proposal
from ..html import parse


def _cards(client, challenge, query=""):
    page = parse(client.get(f"/c/{challenge.slug}/{query}"))
    return {
        card.one("h3 a").text: card.one("div.support").text.split()
        for card in page.select("ol.cards.proposals > li.card")
    }


@pytest.mark.parametrize("rows", [1, 50])
def test_a_cached_card_list_costs_two_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    for i in range(rows):
        make_proposal(challenge, resident, title=f"Idea {i}")
    first = parse(client.get(f"/c/{challenge.slug}/")).one("ol.cards")
    with django_assert_num_queries(2):  # the challenge and its phases: no count, no page
        again = parse(client.get(f"/c/{challenge.slug}/")).one("ol.cards")
    assert again.text == first.text
    assert len(again.select("li.card")) == min(rows, 20)


def test_hiding_and_restoring_a_proposal_shows_at_once(client, challenge, owner, resident):
    kept = make_proposal(challenge, resident, title="Kept")
    hidden = make_proposal(challenge, resident, title="Hidden")
    assert set(_cards(client, challenge)) == {"Kept", "Hidden"}
    moderation_decide(actor=owner, proposal=hidden, decision="hide")
    assert set(_cards(client, challenge)) == {"Kept"}
    assert set(_cards(client, challenge, "?sort=supported")) == {"Kept"}
    page = parse(client.get(f"/c/{challenge.slug}/"))
    assert page.one("#proposals-title").text == "1 proposal"
    moderation_decide(actor=owner, proposal=hidden, decision="restore")
    assert set(_cards(client, challenge)) == {"Kept", "Hidden"}
    assert kept.pk != hidden.pk


def test_supports_new_proposals_and_status_show_at_once(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident, title="First")
    assert _cards(client, challenge, "?sort=supported") == {"First": ["Support", "0", "supporters"]}
    support_add(actor=other, proposal=proposal)
    assert _cards(client, challenge, "?sort=supported") == {"First": ["Support", "1", "supporter"]}
    make_proposal(challenge, resident, title="Second")
    assert list(_cards(client, challenge)) == ["Second", "First"]
    support_remove(actor=other, proposal=proposal)
    assert _cards(client, challenge)["First"] == ["Support", "0", "supporters"]


def test_a_title_or_status_changed_outside_the_services_shows_at_once(client, challenge, resident):
    """The admin saves the row itself: the database's counters still see it."""
    proposal = make_proposal(challenge, resident, title="Before")
    assert list(_cards(client, challenge)) == ["Before"]
    Proposal.objects.filter(pk=proposal.pk).update(title="After", status=Status.ACCEPTED)
    assert list(_cards(client, challenge)) == ["After"]


def test_two_people_on_one_cached_list_see_their_own_support_buttons(
    client, challenge, resident, other, owner
):
    proposal = make_proposal(challenge, resident, title="Idea")
    support_add(actor=other, proposal=proposal)
    assert _cards(client, challenge) == {"Idea": ["Support", "1", "supporter"]}
    client.force_login(other)
    assert _cards(client, challenge) == {"Idea": ["Supported", "·", "1"]}
    client.force_login(owner)
    assert _cards(client, challenge) == {"Idea": ["Support", "1", "supporter"]}
    client.force_login(other)
    page = parse(client.get(f"/c/{challenge.slug}/"))
    assert page.one("ol.cards button")["aria-pressed"] == "true"
