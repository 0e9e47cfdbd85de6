"""Answering a proposal from its page, and the public answer, heading, cards and record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.audit.models import AuditEntry
from cocreate.challenges.models import Visibility
from cocreate.decisions.models import Decision
from cocreate.organizations.models import Role
from cocreate.proposals.models import Proposal, Status, Support, SupportBudget
from cocreate.proposals.services import support_add

from ..factories import UserFactory, make_challenge, make_member, make_organization, make_proposal
from ..html import parse
from .helpers import answer, place, status


def _answer_url(proposal) -> str:
    challenge = proposal.challenge
    return f"/manage/{challenge.organization.slug}/c/{challenge.slug}/p/{proposal.pk}/answer/"


def _page(proposal) -> str:
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/"


@pytest.fixture
def proposal(challenge, resident):
    return make_proposal(challenge, resident)


# --- the form on the proposal page -------------------------------------------------------


def test_staff_see_the_answer_form_with_the_contract_names(client, owner, proposal):
    client.force_login(owner)
    page = parse(client.get(_page(proposal)))
    form = page.one("form[data-answer-form]")
    assert form["action"] == _answer_url(proposal)
    assert (
        form.one("textarea").name == "Answer" or page.one("label[for=answer-text]").text == "Answer"
    )
    assert page.one("label[for=answer-text]").text == "Answer"
    assert [b.name for b in form.select("button")] == ["Change status", "Preview"]
    options = [o.text for o in form.select("select option")]
    assert options == ["Choose a status…", "Under review", "Planned", "In progress",
                       "Built (closes it)", "Declined (closes it)"]  # fmt: skip
    templates = [pre.text for pre in page.select("pre[data-template]")]
    assert templates[1].startswith("We will build this.")


@pytest.mark.parametrize("role", [None, Role.REVIEWER, Role.JUDGE, Role.MODERATOR])
def test_others_see_no_answer_form(client, organization, proposal, role):
    viewer = make_member(organization, role) if role else UserFactory()
    client.force_login(viewer)
    assert not parse(client.get(_page(proposal))).select("form[data-answer-form]")


# --- posting an answer -------------------------------------------------------------------


def test_staff_answer_and_are_sent_back_to_the_proposal(client, owner, organization, proposal):
    staff = make_member(organization, Role.STAFF)
    client.force_login(staff)
    planned = status(organization, "Planned")
    response = client.post(
        _answer_url(proposal),
        {"answer_status": planned.pk, "answer": "We will **build** it in 2026."},
    )
    assert response.status_code == 302
    assert response["Location"] == _page(proposal) + "#answer"
    page = parse(client.get(response["Location"]))
    assert page.one("[data-answer]").select("strong")[0].text == "build"
    assert page.one("[data-status]").text == "Planned"
    assert "status-teal" in page.one("[data-status]").classes
    assert "The author and backers are told" in page.one(".messages").text
    entry = AuditEntry.objects.get(action="decisions.status_change")
    assert entry.before["status_name"] is None
    assert entry.after["status_name"] == "Planned"


def test_a_double_submit_answers_once(client, owner, organization, proposal):
    client.force_login(owner)
    data = {
        "answer_status": status(organization, "Planned").pk,
        "answer": "Yes.",
        "idempotency_key": "k1",
    }
    assert client.post(_answer_url(proposal), data).status_code == 302
    assert client.post(_answer_url(proposal), data).status_code == 302
    assert Decision.objects.filter(proposal=proposal).count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"answer": "   "}, "answer-text", "Write the public answer"),
        ({"answer": "a" * 10_001}, "answer-text", "under 10,000"),
        ({"answer": "bell\x07"}, "answer-text", "control character"),
        ({"answer_status": ""}, "answer-status", "Choose the status"),
        ({"answer_status": "abc"}, "answer-status", "whole number"),
        ({"answer_status": "99999999999999999999"}, "answer-status", "whole number"),
        ({"answer_status": "-1"}, "answer-status", "whole number"),
        ({"answer_status": "0"}, "answer-status", "this organization's statuses"),
    ],
)
def test_a_refused_answer_comes_back_with_the_field_named_and_the_text_kept(
    client, owner, organization, proposal, fields, field, message
):
    client.force_login(owner)
    data = {"answer_status": status(organization, "Declined").pk, "answer": "Kept words.", **fields}
    response = client.post(_answer_url(proposal), data)
    assert response.status_code == 400
    page = parse(response)
    assert message in page.one(f"#{field}-error").text
    if "answer" not in fields:
        assert page.one("#answer-text").text == "Kept words."
    assert not Decision.objects.exists()


def test_another_organizations_status_is_refused(client, owner, proposal):
    theirs = status(make_organization(UserFactory(), slug="elsewhere"), "Planned")
    client.force_login(owner)
    response = client.post(_answer_url(proposal), {"answer_status": theirs.pk, "answer": "x"})
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_merged_is_not_offered_nor_taken(client, owner, organization, proposal):
    client.force_login(owner)
    merged = status(organization, "Merged")
    response = client.post(_answer_url(proposal), {"answer_status": merged.pk, "answer": "x"})
    assert response.status_code == 400
    assert "this organization's statuses" in parse(response).one("#answer-status-error").text


def test_preview_renders_without_saving(client, owner, organization, proposal):
    client.force_login(owner)
    response = client.post(
        _answer_url(proposal),
        {
            "answer_status": status(organization, "Planned").pk,
            "answer": "- one\n- *two*",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    page = parse(response)
    assert [li.text for li in page.one("[data-preview-body]").select("li")] == ["one", "two"]
    assert page.one("#answer-text").text == "- one - *two*"
    assert not Decision.objects.exists()


def test_the_answer_page_opens_on_its_own(client, owner, proposal):
    client.force_login(owner)
    response = client.get(_answer_url(proposal))
    assert response.status_code == 200
    assert parse(response).one("label[for=answer-text]").text == "Answer"


def test_doors(client, owner, organization, challenge, proposal):
    url = _answer_url(proposal)
    client.force_login(UserFactory())
    assert client.post(url, {"answer_status": 1, "answer": "x"}).status_code == 404
    client.force_login(make_member(organization, Role.REVIEWER))
    assert client.post(url, {"answer_status": 1, "answer": "x"}).status_code == 403
    client.force_login(owner)
    other = make_challenge(owner, organization, slug="other-road")
    assert client.get(url.replace(challenge.slug, other.slug)).status_code == 404
    stranger = UserFactory()
    elsewhere = make_organization(stranger, slug="elsewhere")
    client.force_login(stranger)
    assert client.get(url.replace(organization.slug, elsewhere.slug)).status_code == 404
    assert not Decision.objects.exists()


def test_a_closing_answer_gives_supports_back(client, owner, organization, challenge, proposal):
    challenge.support_budget = 3
    challenge.save()
    backer = UserFactory()
    support_add(actor=backer, proposal=proposal)
    client.force_login(owner)
    client.post(
        _answer_url(proposal),
        {
            "answer_status": status(organization, "Declined").pk,
            "answer": "The footpath would be 1.2 m.",
        },
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.CLOSED
    assert SupportBudget.objects.get(user=backer).used == 0
    assert not Support.objects.get(user=backer).holds_budget


@pytest.mark.parametrize("rows", [1, 50])
def test_answer_post_in_constant_queries(
    client, owner, organization, challenge, proposal, django_assert_num_queries, rows
):
    challenge.support_budget = 3
    challenge.save()
    for _ in range(rows):
        support_add(actor=UserFactory(), proposal=proposal)
    client.force_login(owner)
    client.get("/")  # the session is read once before counting
    data = {
        "answer_status": status(organization, "Declined").pk,
        "answer": "Declined.",
        "idempotency_key": f"key-{rows}",
    }
    url = _answer_url(proposal)
    with django_assert_num_queries(QUERIES_ANSWER_POST):
        response = client.post(url, data)
    assert response.status_code == 302


QUERIES_ANSWER_POST = 20


# --- what the public sees ----------------------------------------------------------------


def test_the_answer_with_its_history_on_the_proposal_page(client, owner, organization, proposal):
    answer(owner, proposal, "Under review", "Looking at it.")
    answer(owner, proposal, "Planned", "We will build it.")
    page = parse(client.get(_page(proposal)))
    assert page.one("[data-answer]").text == "We will build it."
    assert page.one("[data-status]").text == "Planned"
    history = page.one("details.answer-history")
    assert history.get("open") is None
    assert history.one("summary").text == "1 earlier answer"
    assert history.one(".answer-body").text == "Looking at it."
    assert page.one("h1").text == proposal.title
    assert page.one("p.meta .status-badge").text == "Planned"  # not the lifecycle's "Published"


def test_the_promise_before_an_answer_and_overdue_after_it(client, proposal):
    now = timezone.now()
    place(proposal, requested=now - timedelta(days=5), days=30)
    page = parse(client.get(_page(proposal)))
    due = (now + timedelta(days=25)).strftime("%-d %B %Y")
    assert page.one("#answer-promise").text == f"Answer promised by {due}"
    assert not page.select("[data-answer]")
    place(proposal, requested=now - timedelta(days=40), days=30)
    since = (now - timedelta(days=10)).strftime("%-d %B %Y")
    page = parse(client.get(_page(proposal)))
    assert page.one("#answer-promise").text == f"Overdue since {since}"


def test_cards_show_the_status_badge(client, owner, challenge, resident):
    answered = make_proposal(challenge, resident, title="Answered")
    make_proposal(challenge, resident, title="Waiting")
    client.get(f"/c/{challenge.slug}/")  # cached before the answer
    answer(owner, answered, "Declined", "No.")
    cards = parse(client.get(f"/c/{challenge.slug}/")).select("li.card")
    badges = {card.one("h3").text: [b.text for b in card.select(".status-badge")] for card in cards}
    assert badges == {"Answered": ["Declined"], "Waiting": []}


@pytest.mark.parametrize("rows", [1, 50])
def test_proposal_page_with_an_answer_in_constant_queries(
    client, owner, proposal, django_assert_num_queries, rows
):
    for n in range(rows):  # the last answer is "Planned" at any count
        answer(
            owner, proposal, "Under review" if (rows - n) % 2 == 0 else "Planned", f"Answer {n}."
        )
    url = _page(proposal)
    # The page's 5 (tests/pages), what is merged into it (merges), the answers' one (decisions),
    # and, the proposal being accepted, its progress record's two (tracking).
    with django_assert_num_queries(9):
        response = client.get(url)
    page = parse(response)
    assert page.one("[data-answer]").text == f"Answer {rows - 1}."
    assert len(page.select("details.answer-history li")) == rows - 1


@pytest.mark.parametrize("rows", [1, 50])
def test_challenge_page_with_a_record_in_constant_queries(
    client, owner, challenge, resident, django_assert_num_queries, rows
):
    now = timezone.now()
    for n in range(rows):
        proposal = make_proposal(challenge, resident, title=f"Idea {n}")
        place(proposal, requested=now - timedelta(days=60), answered_after=10 if n % 2 else 40)
    waiting = make_proposal(challenge, resident, title="Waiting")
    place(waiting, requested=now - timedelta(days=45))
    with django_assert_num_queries(6):  # tests/pages' 6: the record's query among them
        response = client.get(f"/c/{challenge.slug}/")
    record = parse(response).one("section.response-record")
    figures = {dd["data-figure"]: dd.text for dd in record.select("dd[data-figure]")}
    within = rows // 2
    assert figures["answered"] == str(rows)
    assert figures["awaiting"] == "1" and figures["overdue"] == "1"
    assert figures["within_promise"] == f"{round(100 * round(within / rows, 3))}%"
    assert record.one("svg[role=img] > title").text.startswith("Answers per month")
    assert record.select("details.record-table tbody tr")


def test_a_private_challenges_record_is_not_shown_to_outsiders(client, owner, organization):
    private = make_challenge(
        owner, organization, slug="private-road", visibility=Visibility.PRIVATE
    )
    make_proposal(private, owner)
    assert client.get(f"/c/{private.slug}/").status_code == 404


def test_hidden_proposals_leave_the_record(client, owner, challenge, resident):
    hidden = make_proposal(challenge, resident)
    Proposal.objects.filter(pk=hidden.pk).update(hidden=True)
    record = parse(client.get(f"/c/{challenge.slug}/")).one("section.response-record")
    assert "No answers owed yet" in record.text
