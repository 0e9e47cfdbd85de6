"""Every page: status, content, privacy, and a query count that does not grow with rows."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cocreate.challenges.models import Visibility
from cocreate.organizations.models import Membership, Role
from cocreate.proposals.services import pledge_set, support_add

from ..factories import UserFactory, make_challenge, make_proposal
from ..html import messages, parse


def _proposals(challenge, author, n):
    return [make_proposal(challenge, author, title=f"Idea {i}") for i in range(n)]


@pytest.mark.parametrize("rows", [1, 50])
def test_home_lists_public_challenges_in_constant_queries(
    client, owner, organization, django_assert_num_queries, rows
):
    for i in range(rows):
        make_challenge(owner, organization, slug=f"challenge-{i}")
    with django_assert_num_queries(2):
        response = client.get("/")
    assert response.status_code == 200
    cards = parse(response).select("ul.cards.challenges > li.card")
    assert sorted(card.one("h3 a")["href"] for card in cards) == sorted(
        f"/c/challenge-{i}/" for i in range(rows)
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_challenge_page_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    _proposals(challenge, resident, rows)
    # challenge, phases, count, cards, the published scorecard (reviews) and the response
    # record's one query (decisions), cached with the cards.
    with django_assert_num_queries(6):
        response = client.get(f"/c/{challenge.slug}/")
    page = parse(response)
    assert response.status_code == 200
    assert page.one("h1").text == challenge.title
    assert page.select("section.baseline figure > svg")
    cards = page.select("ol.cards.proposals > li.card")
    assert len(cards) == min(rows, 20)
    assert all(card.select("a.thumb > svg") for card in cards)


@pytest.mark.parametrize("rows", [1, 50])
def test_challenge_page_signed_in_in_constant_queries(
    client, challenge, resident, other, django_assert_num_queries, rows
):
    for proposal in _proposals(challenge, resident, rows):
        support_add(actor=other, proposal=proposal)
    client.force_login(other)
    with django_assert_num_queries(12):  # with the scorecard's and response record's queries
        response = client.get(f"/c/{challenge.slug}/?sort=supported")
    pressed = parse(response).select("ol.cards li.card button[aria-pressed=true]")
    assert [button.text for button in pressed] == ["Supported · 1"] * min(rows, 20)


@pytest.mark.parametrize("rows", [1, 50])
def test_proposal_page_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    parent = make_proposal(challenge, resident, title="Parent")
    proposal = make_proposal(challenge, resident, title="Child", parent=parent)
    for _ in range(rows):
        backer = UserFactory()
        support_add(actor=backer, proposal=proposal)
        pledge_set(actor=backer, proposal=proposal, kind="hours", amount=Decimal(2))
    with django_assert_num_queries(6):  # the sixth: what is merged into it (merges)
        response = client.get(f"/c/{challenge.slug}/p/{proposal.pk}/")
    page = parse(response)
    assert response.status_code == 200
    assert page.one("p.lineage a").text == "Parent"
    assert page.select("figure.section-drawing > svg")
    remix = page.button("Change this design (remix)").parent
    assert remix is not None and remix.tag == "form"
    assert remix.one("input[name=remix]")["value"] == str(proposal.pk)
    assert page.one("#supporters-title").text == f"{rows} supporter{'s' if rows > 1 else ''}"
    people = "1 person" if rows == 1 else f"{rows} people"
    assert [li.text for li in page.select("ul.pledge-totals > li")] == [
        f"{2 * rows} h of volunteer time · {people}"
    ]


def test_pledge_totals_read_as_sentences(client, challenge, resident, other, owner):
    proposal = make_proposal(challenge, resident)
    pledge_set(actor=other, proposal=proposal, kind="money", amount=Decimal("250"))
    pledge_set(actor=owner, proposal=proposal, kind="money", amount=Decimal("100.5"))
    pledge_set(actor=other, proposal=proposal, kind="site", amount=Decimal("2"))
    pledge_set(actor=owner, proposal=proposal, kind="hours", amount=Decimal("1.5"))
    page = parse(client.get(f"/c/{challenge.slug}/p/{proposal.pk}/"))
    totals = {li.one("strong").text: li.text for li in page.select("ul.pledge-totals > li")}
    assert totals == {
        "NZD 350.50": "NZD 350.50 pledged · 2 people",
        "2": "2 pilot sites · 1 person",
        "1.50 h": "1.50 h of volunteer time · 1 person",
    }


@pytest.mark.parametrize("rows", [1, 50])
def test_toolkit_page_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    proposals = _proposals(challenge, resident, rows)
    with django_assert_num_queries(3):
        response = client.get(f"/c/{challenge.slug}/toolkit/?remix={proposals[-1].pk}")
    assert response.status_code == 200


def test_support_button_supports_and_withdraws(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident)
    client.force_login(other)
    page = f"/c/{challenge.slug}/p/{proposal.pk}/"
    response = client.post(page + "support/", {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    pressed = parse(client.get(page)).one("button[aria-pressed=true]")
    assert (pressed.text, pressed["value"]) == ("Supported · 1", "withdraw")
    response = client.post(page + "support/", {"op": "withdraw"})
    assert response.status_code == 302 and response["Location"] == page
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_support_asks_anonymous_visitors_to_log_in(client, challenge, resident):
    proposal = make_proposal(challenge, resident)
    response = client.post(f"/c/{challenge.slug}/p/{proposal.pk}/support/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_refused_support_is_shown_as_a_message(client, challenge, resident):
    proposal = make_proposal(challenge, resident)
    client.force_login(resident)
    page = f"/c/{challenge.slug}/p/{proposal.pk}/"
    response = client.post(page + "support/", follow=True)
    assert any("your own proposal" in message for message in messages(parse(response)))


def test_private_challenge_is_404_to_outsiders_on_every_page(client, owner, organization, resident):
    private = make_challenge(owner, organization, slug="secret", visibility=Visibility.PRIVATE)
    proposal = make_proposal(private, owner)
    pages = [
        ("get", "/c/secret/"),
        ("get", "/c/secret/toolkit/"),
        ("post", "/c/secret/toolkit/"),
        ("get", f"/c/secret/p/{proposal.pk}/"),
        ("post", f"/c/secret/p/{proposal.pk}/support/"),
    ]
    for who in (None, resident):
        if who:
            client.force_login(who)
        for method, path in pages:
            assert getattr(client, method)(path).status_code == 404, (who, path)
        assert b"/c/secret/" not in client.get("/").content
    Membership.objects.create(organization=organization, user=resident, role=Role.MODERATOR)
    for method, path in pages[:2] + pages[3:4]:
        assert getattr(client, method)(path).status_code == 200, path


def test_unknown_pages_are_404(client, challenge):
    assert client.get("/c/nope/").status_code == 404
    assert client.get(f"/c/{challenge.slug}/p/999999/").status_code == 404
    assert client.get(f"/c/{challenge.slug}/toolkit/?remix=999999").status_code == 404


def test_pages_send_a_content_security_policy_without_inline_scripts(client, challenge):
    response = client.get(f"/c/{challenge.slug}/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for script in parse(response).select("script"):  # files, or JSON data that never runs
        assert script.get("src") or script.get("type") == "application/json", script


def test_support_never_redirects_off_site(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident)
    client.force_login(other)
    page = f"/c/{challenge.slug}/p/{proposal.pk}/"
    response = client.post(page + "support/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == page


def test_a_proposal_saved_on_an_older_toolkit_version_opens_migrated_with_a_notice(
    client, owner, organization, resident, django_assert_num_queries
):
    from cocreate.design import load_bundled
    from cocreate.proposals.models import Proposal

    street = make_challenge(owner, organization, slug="street")
    street.toolkit_id, street.toolkit_version = (
        "street-section",
        load_bundled().get("street-section").version,
    )
    street.baseline = (
        load_bundled().get("street-section").parse(load_bundled().get("street-section").baseline)
    )
    street.save()
    old = json.loads(json.dumps(street.baseline))
    old["version"] = 1
    divider = next(i for i, p in enumerate(old["parts"]) if p["type"] == "divider")
    old["parts"][divider] = {"type": "planting-strip", "width": old["parts"][divider]["width"]}
    # A row as version 1 stored it (before planting strips became dividers).
    proposal = Proposal.objects.create(
        challenge=street, author=resident, title="Old", rationale="Saved long ago", design=old,
        toolkit_version=1, evaluation={"valid": False, "findings": [], "metrics": {}},
    )  # fmt: skip
    with django_assert_num_queries(6):  # the sixth: what is merged into it (merges)
        page = parse(client.get(f"/c/street/p/{proposal.pk}/"))
    assert "opened on version" in page.one("[role=note]").text
    # judged by version 2's rules, the old design is valid
    assert page.one("section[aria-labelledby=findings-title] p.ok").text == "Meets every rule."
    toolkit = parse(client.get(f"/c/street/toolkit/?remix={proposal.pk}"))
    draft = toolkit.one("script#draft-design[type='application/json']").data
    types = [part["type"] for part in json.loads(draft)["parts"]]
    assert "planting-strip" not in types and types[divider] == "divider"
    assert "opened on version" in toolkit.text


@pytest.mark.parametrize("rows", [1, 50])
def test_challenge_page_with_a_support_budget_in_constant_queries(
    client, challenge, resident, other, django_assert_num_queries, rows
):
    challenge.support_budget = 10
    challenge.save()
    for proposal in _proposals(challenge, resident, rows)[:3]:
        support_add(actor=other, proposal=proposal)
    client.force_login(other)
    with django_assert_num_queries(13):  # with the scorecard's and response record's queries
        response = client.get(f"/c/{challenge.slug}/")
    supported = min(rows, 3)
    budget = parse(response).one("#supports-left").text
    assert budget == f"You can support {10 - supported} more proposals (of 10)."


def test_pledging_from_the_proposal_page(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident)
    page = f"/c/{challenge.slug}/p/{proposal.pk}/"
    client.force_login(other)
    response = client.post(page + "pledge/", {"kind": "money", "amount": "1,5e2", "note": "x"})
    assert response.status_code == 302
    html = parse(client.get(page))
    assert html.one("ul.pledge-totals > li > strong").text == "NZD 150.00"
    assert any("Thank you" in message for message in messages(html))
    response = client.post(page + "pledge/", {"kind": "money", "amount": "lots"}, follow=True)
    assert any("more than 0" in message for message in messages(parse(response)))
    client.logout()
    response = client.post(page + "pledge/", {"kind": "money", "amount": "5"})
    assert "/accounts/login/" in response["Location"]


def test_the_proposal_page_says_where_it_stands_on_the_ladder(client, challenge, resident, other):
    challenge.support_ladder = [{"supporters": 2, "days": 30}, {"supporters": 3, "days": 90}]
    challenge.save()
    proposal = make_proposal(challenge, resident)
    page = f"/c/{challenge.slug}/p/{proposal.pk}/"
    status = parse(client.get(page)).one("#status-note")
    assert status.text.startswith("Next target: 2 supporters by")
    for backer in (other, UserFactory(), UserFactory()):
        support_add(actor=backer, proposal=proposal)
    status = parse(client.get(page)).one("#status-note")
    assert "review queue: an answer is promised by" in status.text


def test_the_oppose_button_appears_where_allowed_and_counts(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident)
    page = f"/c/{challenge.slug}/p/{proposal.pk}/"
    assert parse(client.get(page)).named("button", "Oppose") == []
    challenge.allow_oppose = True
    challenge.save()
    client.force_login(other)
    oppose = parse(client.get(page)).button("Oppose")
    assert oppose["aria-pressed"] == "false"
    assert client.post(page + "oppose/").status_code == 302
    assert parse(client.get(page)).button("Opposed · 1")["aria-pressed"] == "true"
    client.post(page + "oppose/", {"op": "withdraw"})
    form = parse(client.get(page)).button("Oppose").parent
    assert form is not None and form.one("span.count").text == "0 people oppose"
