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
    for value in Reason.values:
        assert f'value="{value}"' in html
    assert ">Report</button>" in html
    assert "style=" not in html and "<script" not in html


def test_report_by_form(client, proposal, other, resident):
    client.force_login(other)
    url = f"/c/talk/p/{proposal.pk}/report/"
    response = client.post(url, {"reason": "spam", "note": "ads"})
    assert response.status_code == 302
    assert Report.objects.get().note == "ads"
    again = client.post(url, {"reason": "spam"})
    assert again.status_code == 400
    assert "already reported" in again.content.decode()
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
    html = client.get(QUEUE).content.decode()
    assert proposal.title in html and "pills" in html and 'value="hide"' in html


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
    html = client.get(LOG).content.decode()
    assert "Looks fine" in html and "Hidden after reports" in html and "mod" in html


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
    assert response.content.decode().count('class="report-group') == 2 * rows


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
    assert response.content.decode().count('class="action-dismiss"') == 2 * rows


def test_moderators_find_the_queue_from_the_challenge_page(client, talk, moderator, resident):
    queue = f"/o/{talk.organization.slug}/moderation/"
    client.force_login(moderator)
    assert f'href="{queue}">Moderation queue</a>' in client.get(f"/c/{talk.slug}/").content.decode()
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
