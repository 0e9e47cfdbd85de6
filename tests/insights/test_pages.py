"""The insights pages read the stored result: staff see every section, others a 404 or 403; the
public summary shows only what the organization chose, without people; downloads; and query
counts that do not grow with the rows."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cocreate.challenges.models import Visibility
from cocreate.insights.models import Report
from cocreate.organizations.models import Role
from cocreate.proposals.models import Draft

from ..factories import UserFactory, make_challenge, make_member, make_organization, make_proposal
from ..html import parse
from .stored import store


@pytest.fixture
def staff(organization):
    return make_member(organization, Role.STAFF, username="officer")


def _url(challenge, tail: str = "") -> str:
    return f"/manage/{challenge.organization.slug}/c/{challenge.slug}/insights/{tail}"


def _proposals(challenge, author, n: int):
    return [make_proposal(challenge, author, title=f"Idea {i}") for i in range(n)]


@pytest.mark.parametrize("rows", [1, 6])
def test_staff_page_in_constant_queries(
    client, challenge, staff, resident, django_assert_num_queries, rows
):
    store(challenge, _proposals(challenge, resident, rows))
    client.force_login(staff)
    # session, user, roles, challenge, report, proposal count, the schools' medoids, badge
    with django_assert_num_queries(8):
        response = client.get(_url(challenge))
    assert response.status_code == 200
    page = parse(response)
    assert len(page.select(".school")) == rows
    assert [th.text for th in page.select("table.changes tbody th")] == [
        "Bike lane",
        "Drive lane",
        "Sidewalk",
    ]
    assert page.select("table.allocation tfoot td")[0].text == "21.0 m"
    for svg in page.select("svg.chart"):
        assert svg["role"] == "img" and svg["aria-label"]
    assert "leader" in page.one(".lead-users").text
    assert "Parts fill the street" in page.text
    assert page.select(".consensus-drawing svg")
    assert "School summary 0" in page.one(".schools").text


def test_allocation_bar_and_table_agree(client, challenge, staff, resident):
    store(challenge, _proposals(challenge, resident, 1))
    client.force_login(staff)
    page = parse(client.get(_url(challenge)))
    rects = page.select("svg.stacked rect")
    assert len(rects) == len(page.select("table.allocation tbody tr")) == 5
    # across the street as the consensus design (here the baseline) orders it
    assert [th.text for th in page.select("table.allocation tbody th")] == [
        "Sidewalk",
        "Bike lane",
        "Drive lane",
        "Light rail",
        "Transit shelter",
    ]
    widths = [float(r["width"]) for r in rects]
    assert widths[3] == pytest.approx(1000 * 6.0 / 21.0, abs=0.1)  # light rail: 6 of 21 m


def test_outsiders_get_404_and_members_without_the_role_403(
    client, challenge, organization, resident
):
    store(challenge, [])
    client.force_login(resident)
    assert client.get(_url(challenge)).status_code == 404
    other_owner = UserFactory()
    other_org = make_organization(other_owner, slug="elsewhere")
    client.force_login(other_owner)
    assert client.get(_url(challenge)).status_code == 404
    assert client.get(f"/manage/{other_org.slug}/c/{challenge.slug}/insights/").status_code == 404
    reviewer = make_member(organization, Role.REVIEWER)
    client.force_login(reviewer)
    assert client.get(_url(challenge)).status_code == 403
    assert client.get(_url(challenge, "download/?section=json")).status_code == 403
    assert client.post(_url(challenge, "compute/")).status_code == 403
    client.logout()
    assert client.get(_url(challenge)).status_code in (302, 404)


def test_public_summary_only_when_chosen_and_without_people(client, challenge, staff, resident):
    store(challenge, _proposals(challenge, resident, 2))
    summary = f"/c/{challenge.slug}/insights/"
    assert client.get(summary).status_code == 404
    client.force_login(staff)
    response = client.post(_url(challenge, "public/"), {"public": "1"})
    assert response.status_code == 302
    assert Report.objects.get(challenge=challenge).public
    client.logout()
    response = client.get(summary)
    assert response.status_code == 200
    page = parse(response)
    assert page.select("table.changes") and page.select("svg.stacked") and page.select(".school")
    assert page.select(".consensus-drawing svg")
    assert "leader" not in page.text and "Parts fill the street" not in page.text
    client.force_login(staff)
    client.post(_url(challenge, "public/"), {"public": "0"})
    client.logout()
    assert client.get(summary).status_code == 404


def test_public_summary_hidden_with_a_private_challenge(client, owner, organization, resident):
    private = make_challenge(owner, organization, slug="private-one", visibility=Visibility.PRIVATE)
    store(private, [], public=True)
    client.force_login(resident)
    assert client.get(f"/c/{private.slug}/insights/").status_code == 404
    client.force_login(owner)
    assert client.get(f"/c/{private.slug}/insights/").status_code == 200


@pytest.mark.parametrize("rows", [1, 6])
def test_public_summary_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    store(challenge, _proposals(challenge, resident, rows), public=True)
    # challenge, its phases, report, the schools' medoids
    with django_assert_num_queries(4):
        response = client.get(f"/c/{challenge.slug}/insights/")
    assert len(parse(response).select(".school")) == rows


def test_downloads(client, challenge, staff, resident, django_assert_num_queries):
    proposals = _proposals(challenge, resident, 2)
    store(challenge, proposals)
    client.force_login(staff)
    client.get(_url(challenge))  # the session is read once loaded
    with django_assert_num_queries(5):  # session, user, roles, challenge, report
        response = client.get(_url(challenge, "download/?section=json"))
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["allocation"]["light-rail"] == 6.0
    assert [s["medoid"] for s in data["schools"]] == [str(p.pk) for p in proposals]
    tables = {}
    for name in ("changes", "allocation", "schools", "lead-users"):
        with django_assert_num_queries(5):
            response = client.get(_url(challenge, f"download/?section={name}"))
        assert response["Content-Type"].startswith("text/csv")
        tables[name] = list(csv.reader(io.StringIO(response.content.decode())))
    assert tables["changes"][1][:4] == ["bike-lane", "Bike lane", "0.3", "0.05"]
    assert tables["allocation"][1:] == [
        ["bike-lane", "3.6", "1.8"],
        ["drive-lane", "4.2", "2.1"],
        ["light-rail", "6.0", "3.0"],
        ["sidewalk", "4.8", "2.4"],
        ["transit-shelter", "2.4", "2.4"],
    ]
    assert [row[4] for row in tables["schools"][1:]] == [str(p.pk) for p in proposals]
    assert tables["lead-users"][1][:3] == ["1", "leader", "0.91"]
    assert client.get(_url(challenge, "download/?section=nothing")).status_code == 404


def test_no_download_before_a_result(client, challenge, staff):
    client.force_login(staff)
    assert client.get(_url(challenge, "download/?section=json")).status_code == 404


def test_compute_now_queues_once(client, challenge, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(_url(challenge, "compute/"))
        client.post(_url(challenge, "compute/"))
    assert len(callbacks) == 1  # the second click finds it queued
    report = Report.objects.get(challenge=challenge)
    assert report.state == Report.State.QUEUED
    page = parse(client.get(_url(challenge)))
    status = page.one("#insights-status")
    assert status["hx-trigger"] == "every 2s"
    assert page.one(".insights-actions button.primary").get("disabled") is not None


def test_polling_refreshes_the_page_when_done(client, challenge, staff, resident):
    report = store(challenge, _proposals(challenge, resident, 1), state=Report.State.RUNNING)
    client.force_login(staff)
    headers = {"HX-Request": "true", "HX-Target": "insights-status"}
    response = client.get(_url(challenge), headers=headers)
    assert "HX-Refresh" not in response and "Computing" in response.content.decode()
    Report.objects.filter(pk=report.pk).update(state=Report.State.IDLE)
    response = client.get(_url(challenge), headers=headers)
    assert response["HX-Refresh"] == "true"


def test_a_stale_report_is_queued_on_view_and_says_what_is_new(
    client, challenge, staff, resident, django_capture_on_commit_callbacks
):
    store(challenge, _proposals(challenge, resident, 1))
    _proposals(challenge, resident, 1)  # one more on one: a change of 100%
    client.force_login(staff)
    with django_capture_on_commit_callbacks() as callbacks:
        page = parse(client.get(_url(challenge)))
    assert len(callbacks) == 1
    assert "1 new proposal since." in page.one("#insights-status").text
    assert Report.objects.get(challenge=challenge).state == Report.State.QUEUED


def test_a_failed_report_is_not_queued_again_by_a_view(
    client, challenge, staff, resident, django_capture_on_commit_callbacks
):
    store(challenge, [], state=Report.State.FAILED, error="ValueError: boom")
    _proposals(challenge, resident, 2)
    client.force_login(staff)
    with django_capture_on_commit_callbacks() as callbacks:
        page = parse(client.get(_url(challenge)))
    assert callbacks == []
    assert "ValueError: boom" in page.one("#insights-status").text


def test_consensus_opens_in_the_editor_as_a_draft(client, challenge, staff, resident):
    store(challenge, [])
    client.force_login(staff)
    response = client.post(f"/c/{challenge.slug}/insights/consensus/")
    assert response.status_code == 302 and response["Location"] == f"/c/{challenge.slug}/toolkit/"
    assert Draft.objects.get(challenge=challenge, user=staff).design == challenge.baseline
    client.force_login(resident)  # not public: nobody else
    assert client.post(f"/c/{challenge.slug}/insights/consensus/").status_code == 404
    Report.objects.filter(challenge=challenge).update(public=True)
    client.logout()  # public: anyone who may see the challenge, a visitor too
    response = client.post(f"/c/{challenge.slug}/insights/consensus/")
    assert response["Location"] == f"/c/{challenge.slug}/toolkit/"
    assert Draft.objects.filter(challenge=challenge, user=None).count() == 1


def test_staff_nav_links_the_page(client, challenge, staff):
    client.force_login(staff)
    page = parse(client.get(f"/manage/{challenge.organization.slug}/c/{challenge.slug}/board/"))
    assert page.link("Insights")["href"] == _url(challenge)


def test_the_challenge_page_links_the_summary_only_when_public(client, challenge, resident):
    page = f"/c/{challenge.slug}/"
    assert not parse(client.get(page)).select(".insights-link")  # no report at all
    report = store(challenge, _proposals(challenge, resident, 2))
    assert not parse(client.get(page)).select(".insights-link")  # computed, not public
    Report.objects.filter(pk=report.pk).update(public=True)
    [link] = parse(client.get(page)).select(".insights-link a")
    assert link["href"] == f"/c/{challenge.slug}/insights/"
