"""The challenge and proposal pages serve cached parts: a hit costs fewer queries, every kind of
write shows at once, and nothing of one person (or of a hidden row) reaches another."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cocreate.challenges.models import Action, Phase
from cocreate.community.services import comment_create
from cocreate.moderation.services import moderation_decide
from cocreate.proposals.models import Proposal, Status
from cocreate.proposals.services import (
    pledge_set,
    pledge_withdraw,
    support_add,
    support_remove,
)

from ..factories import UserFactory, make_challenge, make_proposal
from ..html import messages, parse


def _cards(client, challenge, query=""):
    page = parse(client.get(f"/c/{challenge.slug}/{query}"))
    return {
        card.one("h3 a").text: card.one("div.support").text.split()
        for card in page.select("ol.cards.proposals > li.card")
    }


@pytest.mark.parametrize("rows", [1, 50])
def test_a_cached_card_list_costs_no_query(
    client, challenge, resident, django_assert_num_queries, rows
):
    for i in range(rows):
        make_proposal(challenge, resident, title=f"Idea {i}")
    first = parse(client.get(f"/c/{challenge.slug}/")).one("ol.cards")
    # the challenge and its published scorecard (reviews): no phases, count or page
    with django_assert_num_queries(2):
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
    Proposal.objects.filter(pk=proposal.pk).update(title="After", status=Status.CLOSED)
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


@pytest.fixture
def talk(owner, organization):
    return make_challenge(
        owner,
        organization,
        slug="talk",
        actions=[Action.SUBMIT, Action.SUPPORT, Action.COMMENT],
    )


def _proposal_page(client, proposal):
    return parse(client.get(f"/c/{proposal.challenge.slug}/p/{proposal.pk}/"))


def _comments(page):
    return [li.one("div.comment-body").text for li in page.select("ol.comments > li")]


@pytest.mark.parametrize("rows", [1, 50])
def test_a_cached_proposal_page_costs_one_query(
    client, talk, resident, other, django_assert_num_queries, rows
):
    proposal = make_proposal(talk, resident)
    for i in range(rows):
        comment_create(actor=other, proposal=proposal, body=f"Remark {i}", part=i % 3)
        pledge_set(actor=UserFactory(), proposal=proposal, kind="hours", amount=Decimal(1))
    first = _proposal_page(client, proposal)
    with django_assert_num_queries(1):  # the proposal with its challenge: no phases, thread, totals
        again = _proposal_page(client, proposal)
    assert again.one("article").text == first.one("article").text
    assert len(_comments(again)) == rows
    assert again.select("svg.part-markers a.part-marker")


def test_every_kind_of_write_shows_at_once_on_a_cached_proposal_page(
    client, talk, owner, resident, other
):
    proposal = make_proposal(talk, resident)
    assert _comments(_proposal_page(client, proposal)) == []
    comment = comment_create(actor=other, proposal=proposal, body="Wider, please", part=1)
    page = _proposal_page(client, proposal)
    assert _comments(page) == ["Wider, please"]
    assert [a["data-part"] for a in page.select("a.part-marker")] == ["1"]
    moderation_decide(actor=owner, comment=comment, decision="hide")
    page = _proposal_page(client, proposal)
    assert "Wider, please" not in page.one("#discussion").text
    assert not page.select("a.part-marker")
    support_add(actor=other, proposal=proposal)
    page = _proposal_page(client, proposal)
    assert page.one("#supporters-title").text == "1 supporter"
    assert [li.text for li in page.select("ul.people > li")] == ["other"]
    pledge_set(actor=other, proposal=proposal, kind="hours", amount=Decimal(3))
    assert _proposal_page(client, proposal).one("ul.pledge-totals").text.startswith("3 h")
    pledge_withdraw(actor=other, proposal=proposal, kind="hours")
    assert not _proposal_page(client, proposal).select("ul.pledge-totals")
    moderation_decide(actor=owner, proposal=proposal, decision="hide")
    assert client.get(f"/c/talk/p/{proposal.pk}/").status_code == 404


def test_two_people_on_one_cached_proposal_page_see_their_own_parts(
    client, talk, resident, other, owner
):
    proposal = make_proposal(talk, resident)
    mine = comment_create(actor=other, proposal=proposal, body="Mine to edit")
    support_add(actor=other, proposal=proposal)
    anonymous = _proposal_page(client, proposal)
    # The discussion cached for visitors carries nobody's buttons or tokens.
    assert not anonymous.select("textarea") and not anonymous.select("details.report")
    assert not anonymous.one("#discussion").select("input[type=hidden]")
    tokens = {}
    for person in (other, owner):
        client.force_login(person)
        page = _proposal_page(client, proposal)
        pressed = page.one("div.actions div.support button")
        edit = [a["href"] for a in page.select(f"#comment-{mine.pk} a") if "edit" in a["href"]]
        tokens[person.username] = page.one("#support-form input[name=csrfmiddlewaretoken]")
        if person == other:
            assert pressed["aria-pressed"] == "true" and edit
        else:
            assert pressed["aria-pressed"] == "false" and not edit
        assert page.select(f"#comment-{mine.pk} textarea")  # a reply form, with its own token
        client.logout()
    assert tokens["other"]["value"] != tokens["owner"]["value"]
    assert _proposal_page(client, proposal).one("#supporters-title").text == "1 supporter"


def test_a_phase_changed_anywhere_shows_at_once(client, challenge, resident):
    """Phases are cached with the challenge's activity: the admin's inline edits them directly."""
    proposal = make_proposal(challenge, resident)
    page = parse(client.get(f"/c/{challenge.slug}/"))
    assert [li.one("strong").text for li in page.select("ol.phases > li")] != ["Renamed"]
    Phase.objects.filter(challenge=challenge).update(name="Renamed", actions=[])
    page = parse(client.get(f"/c/{challenge.slug}/"))
    assert [li.one("strong").text for li in page.select("ol.phases > li")] == ["Renamed"]
    client.force_login(resident)
    response = client.post(f"/c/{challenge.slug}/p/{proposal.pk}/support/", follow=True)
    assert any("not open" in m for m in messages(parse(response)))
