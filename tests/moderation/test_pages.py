"""Report button, queue and log pages: who sees them, what they do, and pinned query counts."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from cocreate.challenges.models import Visibility
from cocreate.community.services import comment_create
from cocreate.moderation.models import AuditLog, Reason, Report
from cocreate.moderation.services import report_create
from cocreate.proposals.models import Proposal

from ..factories import UserFactory, make_challenge, make_proposal
from ..html import parse
from .conftest import OPEN

QUEUE = "/o/auckland-transport/moderation/"
LOG = "/o/auckland-transport/moderation/log/"


def test_button_lists_every_reason(proposal, other):
    request = RequestFactory().get("/")
    request.user = other
    html = render_to_string(
        "moderation/report_button.html",
        {"challenge": proposal.challenge, "proposal": proposal, "user": other},
        request=request,
    )
    form = parse(html).one("details.report > form.report-form")
    reasons = form.one("select[name=reason]")
    assert [option["value"] for option in reasons.select("option")] == list(Reason.values)
    assert form.button("Report")["type"] == "submit"
    assert "style=" not in html and "<script" not in html


def test_report_by_form(client, proposal, other, resident):
    client.force_login(other)
    url = f"/c/talk/p/{proposal.pk}/report/"
    response = client.post(url, {"reason": "spam", "note": "ads"})
    assert response.status_code == 302
    assert Report.objects.get().note == "ads"
    again = client.post(url, {"reason": "spam"})
    assert again.status_code == 400
    errors = [li.text for li in parse(again).select("ul.errors[role=alert] > li")]
    assert any("already reported" in error for error in errors)
    comment = comment_create(actor=resident, proposal=proposal, body="Hi")
    response = client.post(
        f"/c/talk/p/{proposal.pk}/comments/{comment.pk}/report/", {"reason": "abuse"}
    )
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_anonymous_report_goes_to_login(client, proposal):
    response = client.post(f"/c/talk/p/{proposal.pk}/report/", {"reason": "spam"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_private_content_is_404_to_outsiders(client, owner, organization, other):
    secret = make_challenge(
        owner, organization, slug="secret", visibility=Visibility.PRIVATE, actions=OPEN
    )
    proposal = make_proposal(secret, owner)
    client.force_login(other)
    assert client.post(f"/c/secret/p/{proposal.pk}/report/", {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", [None, "resident", "other"])
def test_queue_and_log_are_404_to_non_moderators(client, organization, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(QUEUE).status_code == 404
    assert client.get(LOG).status_code == 404


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_queue_shows_open_reports_to_moderators(client, proposal, other, request, who):
    report_create(actor=other, proposal=proposal, reason="spam", note="pills")
    client.force_login(request.getfixturevalue(who))
    [group] = parse(client.get(QUEUE)).select("ol.report-queue > li.report-group")
    assert group.one("h2 a").text == f"Proposal “{proposal.title}” by resident"
    assert group.one("ul.reports > li").text.endswith(": pills")
    hide = group.button("Hide")
    assert (hide["name"], hide["value"]) == ("decision", "hide")
    assert hide.parent is not None and hide.parent.classes == {"decide-form"}


def test_decide_by_form_and_log(client, proposal, reporters, moderator):
    for reporter in reporters:
        report_create(actor=reporter, proposal=proposal, reason="spam")
    client.force_login(moderator)
    response = client.post(
        f"{QUEUE}decide/",
        {"kind": "proposal", "target": proposal.pk, "decision": "restore", "note": "Looks fine"},
    )
    assert response.status_code == 302
    assert not Proposal.objects.filter(hidden=True).exists()
    log = parse(client.get(LOG)).select("table.audit-log > tbody > tr")
    rows = [[td.text for td in tr.select("td")][1:] for tr in log]
    content = f"Proposal #{proposal.pk} “{proposal.title}” by resident"
    assert ["mod", "Restored", content, "Looks fine"] in rows
    assert any(row[1:3] == ["Hidden after reports", content] for row in rows)


def test_decide_on_another_orgs_content_is_404(client, moderator, other):
    from ..factories import make_organization

    elsewhere = make_organization(other, slug="elsewhere")
    theirs = make_proposal(make_challenge(other, elsewhere, slug="theirs"), other)
    client.force_login(moderator)
    response = client.post(
        f"{QUEUE}decide/", {"kind": "proposal", "target": theirs.pk, "decision": "hide"}
    )
    assert response.status_code == 404
    assert not AuditLog.objects.exists()


def _reports(proposal, resident, n):
    for i in range(n):
        reporter = UserFactory(username=f"r{n}-{i}")
        target = make_proposal(proposal.challenge, resident, title=f"P{i}")
        report_create(actor=reporter, proposal=target, reason="spam")
        comment = comment_create(actor=resident, proposal=proposal, body=f"c{i}")
        report_create(actor=reporter, comment=comment, reason="abuse")


@pytest.mark.parametrize("rows", [1, 50])
def test_queue_query_count_is_constant(
    client, proposal, resident, moderator, django_assert_num_queries, rows
):
    _reports(proposal, resident, rows)
    client.force_login(moderator)
    # session, user, roles, organization, reports, hidden proposals
    with django_assert_num_queries(6):
        response = client.get(QUEUE)
    groups = parse(response).select("ol.report-queue > li.report-group")
    assert len(groups) == 2 * rows


@pytest.mark.parametrize("rows", [1, 50])
def test_log_query_count_is_constant(
    client, proposal, resident, moderator, django_assert_num_queries, rows
):
    _reports(proposal, resident, rows)
    from cocreate.moderation.services import moderation_decide

    for report in Report.objects.select_related("proposal", "comment"):
        moderation_decide(
            actor=moderator, proposal=report.proposal, comment=report.comment, decision="dismiss"
        )
    client.force_login(moderator)
    # session, user, roles, organization, log entries
    with django_assert_num_queries(6):
        response = client.get(LOG)
    entries = parse(response).select("table.audit-log > tbody > tr.action-dismiss")
    assert len(entries) == 2 * rows


def test_moderators_find_the_queue_from_the_challenge_page(client, talk, moderator, resident):
    queue = f"/o/{talk.organization.slug}/moderation/"
    client.force_login(moderator)
    assert parse(client.get(f"/c/{talk.slug}/")).link("Moderation queue")["href"] == queue
    client.force_login(resident)
    assert queue not in client.get(f"/c/{talk.slug}/").content.decode()


def test_the_report_that_hides_a_proposal_sends_its_reporter_to_the_challenge(
    client, proposal, reporters
):
    for reporter in reporters[:2]:
        report_create(actor=reporter, proposal=proposal, reason="spam")
    client.force_login(reporters[2])
    response = client.post(f"/c/talk/p/{proposal.pk}/report/", {"reason": "spam"}, follow=True)
    assert response.redirect_chain == [("/c/talk/", 302)]
    assert "the proposal is hidden while the moderators look" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).hidden
    assert client.get(f"/c/talk/p/{proposal.pk}/").status_code == 404
