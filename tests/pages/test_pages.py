"""Every page: status, content, privacy, and a query count that does not grow with rows."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cocreate.challenges.models import Visibility
from cocreate.organizations.models import Membership, Role
from cocreate.proposals.services import pledge_set, support_add

from ..factories import UserFactory, make_challenge, make_proposal


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
    assert response.content.count(b'class="card"') == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_challenge_page_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    _proposals(challenge, resident, rows)
    with django_assert_num_queries(4):
        response = client.get(f"/c/{challenge.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and challenge.title in html
    assert html.count('class="card"') == min(rows, 20)


@pytest.mark.parametrize("rows", [1, 50])
def test_challenge_page_signed_in_in_constant_queries(
    client, challenge, resident, other, django_assert_num_queries, rows
):
    for proposal in _proposals(challenge, resident, rows):
        support_add(actor=other, proposal=proposal)
    client.force_login(other)
    with django_assert_num_queries(10):
        response = client.get(f"/c/{challenge.slug}/?sort=supported")
    assert response.content.decode().count('aria-pressed="true"') == min(rows, 20)


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
    with django_assert_num_queries(6):
        response = client.get(f"/c/{challenge.slug}/p/{proposal.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Parent" in html and "<svg" in html
    assert f'name="remix" value="{proposal.pk}"' in html and ">Remix</button>" in html
    assert f"{rows} supporter" in html
    assert f"{2 * rows} h</strong> of volunteer time" in html


def test_pledge_totals_read_as_sentences(client, challenge, resident, other, owner):
    proposal = make_proposal(challenge, resident)
    pledge_set(actor=other, proposal=proposal, kind="money", amount=Decimal("250"))
    pledge_set(actor=owner, proposal=proposal, kind="money", amount=Decimal("100.5"))
    pledge_set(actor=other, proposal=proposal, kind="site", amount=Decimal("2"))
    pledge_set(actor=owner, proposal=proposal, kind="hours", amount=Decimal("1.5"))
    html = client.get(f"/c/{challenge.slug}/p/{proposal.pk}/").content.decode()
    assert "<strong>NZD 350.50</strong> pledged · 2 people" in html
    assert "<strong>2</strong> pilot sites · 1 person" in html
    assert "<strong>1.50 h</strong> of volunteer time · 1 person" in html


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
    assert 'aria-pressed="true"' in client.get(page).content.decode()
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
    assert "your own proposal" in response.content.decode()


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
    assert "<script>" not in response.content.decode()


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
    with django_assert_num_queries(6):
        html = client.get(f"/c/street/p/{proposal.pk}/").content.decode()
    assert "opened on version" in html
    assert "Meets every rule." in html  # judged by version 2's rules, the old design is valid
    toolkit_html = client.get(f"/c/street/toolkit/?remix={proposal.pk}").content.decode()
    draft = toolkit_html.split('id="draft-design" type="application/json">')[1].split("</script>")[
        0
    ]
    types = [part["type"] for part in json.loads(draft)["parts"]]
    assert "planting-strip" not in types and types[divider] == "divider"
    assert "opened on version" in toolkit_html


@pytest.mark.parametrize("rows", [1, 50])
def test_challenge_page_with_a_support_budget_in_constant_queries(
    client, challenge, resident, other, django_assert_num_queries, rows
):
    challenge.support_budget = 10
    challenge.save()
    for proposal in _proposals(challenge, resident, rows)[:3]:
        support_add(actor=other, proposal=proposal)
    client.force_login(other)
    with django_assert_num_queries(11):
        response = client.get(f"/c/{challenge.slug}/")
    supported = min(rows, 3)
    assert f"You can support {10 - supported} more proposals (of 10)." in response.content.decode()


def test_pledging_from_the_proposal_page(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident)
    page = f"/c/{challenge.slug}/p/{proposal.pk}/"
    client.force_login(other)
    response = client.post(page + "pledge/", {"kind": "money", "amount": "1,5e2", "note": "x"})
    assert response.status_code == 302
    html = client.get(page).content.decode()
    assert "NZD 150.00</strong>" in html and "Thank you" in html
    response = client.post(page + "pledge/", {"kind": "money", "amount": "lots"}, follow=True)
    assert "more than 0" in response.content.decode()
    client.logout()
    response = client.post(page + "pledge/", {"kind": "money", "amount": "5"})
    assert "/accounts/login/" in response["Location"]


def test_the_proposal_page_says_where_it_stands_on_the_ladder(client, challenge, resident, other):
    challenge.support_ladder = [{"supporters": 2, "days": 30}, {"supporters": 3, "days": 90}]
    challenge.save()
    proposal = make_proposal(challenge, resident)
    page = f"/c/{challenge.slug}/p/{proposal.pk}/"
    assert "Next target: 2 supporters by" in client.get(page).content.decode()
    for backer in (other, UserFactory(), UserFactory()):
        support_add(actor=backer, proposal=proposal)
    assert "review queue: an answer is promised by" in client.get(page).content.decode()


def test_the_oppose_button_appears_where_allowed_and_counts(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident)
    page = f"/c/{challenge.slug}/p/{proposal.pk}/"
    assert ">Oppose</button>" not in client.get(page).content.decode()
    challenge.allow_oppose = True
    challenge.save()
    client.force_login(other)
    assert ">Oppose</button>" in client.get(page).content.decode()
    assert client.post(page + "oppose/").status_code == 302
    assert "Opposed · 1" in client.get(page).content.decode()
    client.post(page + "oppose/", {"op": "withdraw"})
    assert "0 people oppose" in client.get(page).content.decode()
