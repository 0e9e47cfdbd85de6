"""The review board page: who may open it, what each row shows, and filters, sorts, search and
paging that never change how many queries it takes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.decisions.services import proposal_status_change
from cocreate.organizations.models import Role
from cocreate.proposals.models import Proposal, Status
from cocreate.proposals.services import oppose_add, pledge_set, support_add

from ..factories import UserFactory, make_challenge, make_member, make_organization, make_proposal
from ..html import parse

SORTS = [
    "supported",
    "newest",
    "oldest",
    "opposed",
    "warnings",
    "due",
    "metric:capacity:desc",
    "metric:capacity:asc",
]
FILTERS = [
    "",
    "status=none",
    "status={status}",
    "overdue=1",
    "warnings=1",
    "hidden=hidden",
    "hidden=shown",
    "rung=1",
    "q=Idea",
    "status=none&overdue=1&warnings=1&hidden=shown&rung=1&q=idea&sort=due&page=2",
]


def _url(challenge, query: str = "") -> str:
    base = f"/manage/{challenge.organization.slug}/c/{challenge.slug}/board/"
    return f"{base}?{query}" if query else base


def _titles(response) -> list[str]:
    return [a.text for a in parse(response).select("table.board-table tbody th a[data-board-open]")]


def _rows(challenge, author, n: int) -> list[Proposal]:
    return [make_proposal(challenge, author, title=f"Idea {i}") for i in range(n)]


@pytest.mark.parametrize("rows", [1, 50])
def test_board_in_constant_queries(
    client, challenge, staff, resident, statuses, django_assert_num_queries, rows
):
    proposals = _rows(challenge, resident, rows)
    for proposal in proposals:
        backer = UserFactory()
        support_add(actor=backer, proposal=proposal)
        pledge_set(actor=backer, proposal=proposal, kind="money", amount=Decimal("25"))
        pledge_set(actor=backer, proposal=proposal, kind="hours", amount=Decimal("3"))
    proposal_status_change(
        actor=staff, proposal=proposals[0], status=statuses["Planned"], answer="We will."
    )
    client.force_login(staff)
    # session, user, roles, challenge, statuses, count, rows, notification badge, and the
    # likely duplicates (merges' panel: one query over the challenge's open proposals)
    with django_assert_num_queries(9):
        response = client.get(_url(challenge))
    assert response.status_code == 200
    page = parse(response)
    assert len(page.select("table.board-table tbody tr")) == rows
    first = page.select("table.board-table tbody tr")[-1]  # the oldest: answered "Planned"
    cells = {td["data-label"]: td.text for td in first.select("td[data-label]")}
    assert cells["Supports"] == "1"
    assert cells["Pledges"] == "2 NZD 25"
    assert cells["Capacity (people/hour)"] == "93,000"
    assert cells["Status"] == "Planned"
    assert cells["Answer due"] == "Answered"
    assert first.one("span.status-badge")["data-colour"] == "teal"


@pytest.mark.parametrize("query", [f"sort={sort}" for sort in SORTS] + FILTERS)
@pytest.mark.parametrize("rows", [1, 50])
def test_sorting_and_filtering_change_no_count(
    client, challenge, staff, resident, statuses, django_assert_num_queries, rows, query
):
    _rows(challenge, resident, rows)
    client.force_login(staff)
    with django_assert_num_queries(9):  # as above
        response = client.get(_url(challenge, query.format(status=statuses["Planned"].pk)))
    assert response.status_code == 200
    assert not parse(response).select(".board .message.error")


def test_each_row_shows_the_proposal_at_a_glance(client, challenge, staff, resident, other):
    challenge.allow_oppose = True
    challenge.save(update_fields=["allow_oppose"])
    proposal = make_proposal(challenge, resident, title="Bus lanes both ways")
    support_add(actor=other, proposal=proposal)
    oppose_add(actor=staff, proposal=proposal)
    pledge_set(actor=other, proposal=proposal, kind="money", amount=Decimal("1250.50"))
    Proposal.objects.filter(pk=proposal.pk).update(
        review_due=timezone.now() - timedelta(days=3, hours=2),
        created_at=timezone.now() - timedelta(days=93),
    )
    client.force_login(staff)
    row = parse(client.get(_url(challenge))).one("table.board-table tbody tr")
    title = row.one("th a")
    assert title.text == "Bus lanes both ways"
    assert title["href"] == f"/c/{challenge.slug}/p/{proposal.pk}/"
    assert row.one("th .by").text == "by resident"
    cells = {td["data-label"]: td.text for td in row.select("td[data-label]")}
    assert cells == {
        "Supports": "1",
        "Opposes": "1",
        "Pledges": "1 NZD 1,250.50",
        "Warnings": "2",
        "Capacity (people/hour)": "93,000",
        "Age": "93 days",
        "Status": "Awaiting answer",
        "Answer due": "3 days overdue",
    }
    assert "is-overdue" in row.classes
    assert row.one("[data-overdue]").text == "3 days overdue"
    # The checkbox is named by the proposal's title and ticks it for the bulk form.
    tick = row.one("td.tick input[type=checkbox]")
    assert tick["form"] == "board-bulk" and tick["value"] == str(proposal.pk)
    assert row.one("td.tick label").name == "Bus lanes both ways"


def test_days_until_the_promised_answer_count_up(client, challenge, staff, resident):
    proposal = make_proposal(challenge, resident)  # promised within the challenge's 90 days
    client.force_login(staff)
    row = parse(client.get(_url(challenge))).one("table.board-table tbody tr")
    assert row.one("td[data-label='Answer due']").text == "in 90 days"
    Proposal.objects.filter(pk=proposal.pk).update(review_due=timezone.now())
    row = parse(client.get(_url(challenge))).one("table.board-table tbody tr")
    assert row.one("td[data-label='Answer due']").text == "1 day overdue"
    Proposal.objects.filter(pk=proposal.pk).update(review_due=None)
    row = parse(client.get(_url(challenge))).one("table.board-table tbody tr")
    assert row.one("td[data-label='Answer due']").text == "Not yet promised"


def test_hidden_and_merged_proposals_are_on_the_board_and_marked(
    client, challenge, staff, resident
):
    kept, hidden, merged = _rows(challenge, resident, 3)
    Proposal.objects.filter(pk=hidden.pk).update(hidden=True)
    Proposal.objects.filter(pk=merged.pk).update(merged_into=kept)
    client.force_login(staff)
    page = parse(client.get(_url(challenge)))
    tags = {
        row.one("th a").text: [tag.text for tag in row.select("th .tag")]
        for row in page.select("table.board-table tbody tr")
    }
    assert tags == {"Idea 0": [], "Idea 1": ["Hidden"], "Idea 2": ["Merged"]}
    assert _titles(client.get(_url(challenge, "hidden=hidden"))) == ["Idea 1"]
    assert _titles(client.get(_url(challenge, "hidden=shown"))) == ["Idea 2", "Idea 0"]


def test_filters_choose_the_rows(client, challenge, staff, resident, statuses):
    planned, declined, waiting, late, clean = _rows(challenge, resident, 5)
    proposal_status_change(actor=staff, proposal=planned, status=statuses["Planned"], answer="Yes.")
    proposal_status_change(
        actor=staff, proposal=declined, status=statuses["Declined"], answer="No."
    )
    Proposal.objects.filter(pk=late.pk).update(review_due=timezone.now() - timedelta(days=1))
    Proposal.objects.filter(pk=clean.pk).update(warning_count=0)
    Proposal.objects.filter(pk=waiting.pk).update(status=Status.UNDER_REVIEW)
    client.force_login(staff)
    chosen = {
        f"status={statuses['Planned'].pk}": ["Idea 0"],
        "status=none": ["Idea 4", "Idea 3", "Idea 2"],
        "overdue=1": ["Idea 3"],
        "rung=1": ["Idea 2"],
        "warnings=1": ["Idea 3", "Idea 2", "Idea 1", "Idea 0"],
        "q=idea 1": ["Idea 1"],
        "q=walk": ["Idea 4", "Idea 3", "Idea 2", "Idea 1", "Idea 0"],  # the rationale
        "q=nothing like it": [],
    }
    for query, titles in chosen.items():
        assert _titles(client.get(_url(challenge, f"{query}&sort=newest"))) == titles, query


def test_sorts_order_the_rows(client, challenge, staff, resident, other, owner):
    low, high, middle = _rows(challenge, resident, 3)
    for proposal, capacity in ((low, 1000), (high, 90000), (middle, 40000)):
        Proposal.objects.filter(pk=proposal.pk).update(
            evaluation={"valid": True, "findings": [], "metrics": {"capacity": capacity}}
        )
    support_add(actor=other, proposal=middle)
    support_add(actor=owner, proposal=middle)
    support_add(actor=other, proposal=low)
    Proposal.objects.filter(pk=high.pk).update(warning_count=5, oppose_count=1)
    Proposal.objects.filter(pk=low.pk).update(review_due=timezone.now() + timedelta(days=1))
    client.force_login(staff)
    expected = {
        "supported": ["Idea 2", "Idea 0", "Idea 1"],
        "newest": ["Idea 2", "Idea 1", "Idea 0"],
        "oldest": ["Idea 0", "Idea 1", "Idea 2"],
        "opposed": ["Idea 1", "Idea 2", "Idea 0"],
        "warnings": ["Idea 1", "Idea 2", "Idea 0"],
        "due": ["Idea 0", "Idea 1", "Idea 2"],
        "metric:capacity:desc": ["Idea 1", "Idea 2", "Idea 0"],
        "metric:capacity:asc": ["Idea 0", "Idea 2", "Idea 1"],
    }
    for sort, titles in expected.items():
        assert _titles(client.get(_url(challenge, f"sort={sort}"))) == titles, sort


def test_a_metric_missing_from_an_evaluation_sorts_last(client, challenge, staff, resident):
    _measured, unmeasured = _rows(challenge, resident, 2)
    Proposal.objects.filter(pk=unmeasured.pk).update(evaluation={"metrics": {}})
    client.force_login(staff)
    for sort in ("metric:capacity:desc", "metric:capacity:asc"):
        assert _titles(client.get(_url(challenge, f"sort={sort}"))) == ["Idea 0", "Idea 1"]
    row = parse(client.get(_url(challenge))).select("table.board-table tbody tr")[0]
    assert row.one("td[data-label='Capacity (people/hour)']").text == "—"


def test_a_configurator_shows_its_first_three_metrics(client, owner, organization, resident):
    cargo = make_challenge(owner, organization, slug="cargo-bike", toolkit_id="cargo-bike")
    make_proposal(cargo, resident)
    client.force_login(owner)
    page = parse(client.get(_url(cargo)))
    heads = [th.text for th in page.select("table.board-table thead th")]
    assert heads[6:9] == ["Price NZD", "Range km", "Weight kg"]
    sorts = [o.text for o in page.select("#filter-sort option")]
    assert "Price, highest first" in sorts and "Weight, lowest first" in sorts


def test_pages_of_fifty(client, challenge, staff, resident):
    _rows(challenge, resident, 51)
    client.force_login(staff)
    first = parse(client.get(_url(challenge, "sort=oldest")))
    assert len(first.select("table.board-table tbody tr")) == 50
    assert first.one(".pager a[rel=next]")["href"] == "?sort=oldest&page=2"
    assert _titles(client.get(_url(challenge, "sort=oldest&page=2"))) == ["Idea 50"]
    # Past the last page: the last page.
    assert _titles(client.get(_url(challenge, "sort=oldest&page=9"))) == ["Idea 50"]


def test_saved_views_are_links_with_their_names(client, challenge, staff, resident):
    make_proposal(challenge, resident)
    client.force_login(staff)
    page = parse(client.get(_url(challenge)))
    views = {a.text: a["href"] for a in page.select("nav.saved-views a")}
    base = _url(challenge)
    assert views == {
        "All": base,
        "Awaiting answer": f"{base}?status=none&sort=due",
        "Overdue": f"{base}?overdue=1&sort=due",
        "Most supported": f"{base}?sort=supported",
        "Reached the last rung": f"{base}?rung=1&sort=supported",
    }
    assert page.one("nav.saved-views a[aria-current=page]").text == "All"
    page = parse(client.get(views["Overdue"]))
    assert page.one("nav.saved-views a[aria-current=page]").text == "Overdue"
    assert page.one("#filter-overdue").get("checked") is not None


@pytest.mark.parametrize(
    "query",
    [
        "sort=bogus",
        "sort=metric:nope:desc",
        "status=99999",
        "status=-1",
        "hidden=maybe",
        "page=-3",
        "page=1e309",
        "page=99999999999999999999999",
        "q=%00",
        "status=%FF",
    ],
)
def test_what_cannot_be_read_is_ignored_with_a_message(client, challenge, staff, resident, query):
    make_proposal(challenge, resident, title="Still here")
    client.force_login(staff)
    response = client.get(_url(challenge, query))
    assert response.status_code == 200
    assert _titles(response) == ["Still here"]
    field = query.split("=")[0]
    if field not in ("q", "page"):  # a long search is cut; a bad page is the first
        alert = parse(response).one(".board .message.error")
        assert "could not be read" in alert.text


def test_a_long_search_is_cut_to_its_first_words(client, challenge, staff, resident):
    make_proposal(challenge, resident, title="Still here")
    client.force_login(staff)
    response = client.get(_url(challenge, "q=" + "still here " * 500))
    assert response.status_code == 200
    assert parse(response).one("#filter-q")["value"].startswith("still here still")


def test_a_search_with_a_control_character_is_refused_by_name(client, challenge, staff, resident):
    make_proposal(challenge, resident)
    client.force_login(staff)
    alert = parse(client.get(_url(challenge, "q=bus%00lane"))).one(".board .message.error")
    assert "Search titles and reasons" in alert.text


def test_keyboard_shortcuts_are_documented_on_the_page(client, challenge, staff, resident):
    make_proposal(challenge, resident)
    client.force_login(staff)
    page = parse(client.get(_url(challenge)))
    help_ = page.one("details[data-board-shortcuts]")
    assert help_.one("summary").text == "Keyboard shortcuts"
    assert [dt.text for dt in help_.select("dt")] == ["j / k", "x", "Enter", "/", "?"]
    assert page.one("input[data-board-search]")["type"] == "search"
    assert page.one("script[type=module]")["src"].endswith("cocreate/board/keys.js")


def test_the_duplicates_include_point_is_on_the_board(client, challenge, staff, resident):
    make_proposal(challenge, resident)
    client.force_login(staff)
    response = client.get(_url(challenge))
    assert "board/_duplicates.html" in [t.name for t in response.templates]


def test_a_reviewer_reads_the_board_without_the_bulk_form(client, challenge, reviewer, resident):
    make_proposal(challenge, resident)
    client.force_login(reviewer)
    page = parse(client.get(_url(challenge)))
    assert _titles(client.get(_url(challenge))) == ["Wider footpaths"]
    assert not page.select("#board-bulk") and not page.select("input[type=checkbox][form]")


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.JUDGE])
def test_members_who_do_not_review_are_refused(client, challenge, organization, role):
    client.force_login(make_member(organization, role))
    assert client.get(_url(challenge)).status_code == 403


def test_outsiders_get_a_404(client, challenge, resident, owner):
    elsewhere = UserFactory(username="elsewhere")
    make_organization(elsewhere, slug="elsewhere")
    assert client.get(_url(challenge)).status_code == 404  # anonymous: no trace either
    for person in (resident, elsewhere):
        client.force_login(person)
        assert client.get(_url(challenge)).status_code == 404
    # Another organization's slug in front of this challenge's: 404, even for its owner.
    client.force_login(elsewhere)
    assert client.get(f"/manage/elsewhere/c/{challenge.slug}/board/").status_code == 404
    client.force_login(owner)
    assert client.get(f"/manage/elsewhere/c/{challenge.slug}/board/").status_code == 404


def test_a_draft_challenge_has_its_board(client, owner, organization, staff, resident):
    challenge = make_challenge(owner, organization, slug="draft-street")
    challenge.published_at = None
    challenge.save(update_fields=["published_at"])
    client.force_login(staff)
    assert client.get(_url(challenge)).status_code == 200
    client.force_login(resident)
    assert client.get(_url(challenge)).status_code == 404


def test_awaiting_answer_puts_the_next_promise_first(client, challenge, staff, resident, statuses):
    later, sooner, answered, unpromised = _rows(challenge, resident, 4)
    now = timezone.now()
    Proposal.objects.filter(pk=later.pk).update(review_due=now + timedelta(days=9))
    Proposal.objects.filter(pk=sooner.pk).update(review_due=now - timedelta(days=2))
    Proposal.objects.filter(pk=unpromised.pk).update(review_due=None)
    proposal_status_change(
        actor=staff, proposal=answered, status=statuses["Planned"], answer="Yes."
    )
    client.force_login(staff)
    assert _titles(client.get(_url(challenge, "status=none&sort=due"))) == [
        "Idea 1",
        "Idea 0",
        "Idea 3",
    ]
    assert _titles(client.get(_url(challenge, "overdue=1&sort=due"))) == ["Idea 1"]
