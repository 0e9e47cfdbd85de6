"""Reports, hiding at the threshold, moderators' decisions and the audit log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from cocreate.challenges.models import Visibility
from cocreate.community.models import Comment
from cocreate.community.services import comment_create
from cocreate.moderation.models import REPORTS_TO_HIDE, AuditLog, Report
from cocreate.moderation.selectors import report_queue
from cocreate.moderation.services import moderation_decide, report_create
from cocreate.proposals.models import Proposal

from ..factories import UserFactory, make_challenge, make_proposal
from ..html import parse
from .conftest import OPEN


def test_threshold_is_decidims_three():
    assert REPORTS_TO_HIDE == 3


def test_one_open_report_per_person(proposal, other):
    report_create(actor=other, proposal=proposal, reason="spam")
    with pytest.raises(ValidationError, match="already reported"):
        report_create(actor=other, proposal=proposal, reason="abuse")
    assert Report.objects.count() == 1


def test_database_refuses_a_report_without_or_with_two_targets(proposal, other, resident):
    comment = comment_create(actor=resident, proposal=proposal, body="Hi")
    with pytest.raises(IntegrityError):
        Report.objects.create(
            organization=proposal.challenge.organization,
            reporter=other,
            proposal=proposal,
            comment=comment,
            reason="spam",
        )


def test_bad_reason_and_own_content_are_refused(proposal, other, resident):
    with pytest.raises(ValidationError) as error:
        report_create(actor=other, proposal=proposal, reason="boring")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError, match="wrote yourself"):
        report_create(actor=resident, proposal=proposal, reason="spam")


def test_anonymous_cannot_report(proposal):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        report_create(actor=AnonymousUser(), proposal=proposal, reason="spam")


def test_outsider_cannot_report_private_content(owner, organization, resident, other):
    secret = make_challenge(
        owner, organization, slug="secret", visibility=Visibility.PRIVATE, actions=OPEN
    )
    proposal = make_proposal(secret, owner)
    with pytest.raises(PermissionDenied):
        report_create(actor=other, proposal=proposal, reason="spam")


def _hidden(proposal: Proposal) -> bool:
    return Proposal.objects.filter(pk=proposal.pk, hidden=True).exists()


def test_proposal_hidden_at_three_reports(proposal, reporters):
    for reporter in reporters[:2]:
        report_create(actor=reporter, proposal=proposal, reason="spam")
    assert not _hidden(proposal)
    report_create(actor=reporters[2], proposal=proposal, reason="abuse")
    assert _hidden(proposal)
    entry = AuditLog.objects.get()
    assert (entry.action, entry.actor) == ("auto_hide", None)
    assert f"#{proposal.pk}" in entry.target_repr


def test_comment_hidden_at_three_reports(proposal, resident, reporters):
    comment = comment_create(actor=resident, proposal=proposal, body="Buy cheap pills")
    for reporter in reporters:
        report_create(actor=reporter, comment=comment, reason="spam")
    comment.refresh_from_db()
    assert comment.hidden
    assert AuditLog.objects.filter(action="auto_hide").count() == 1


def test_restore_unhides_and_closes_reports(proposal, reporters, moderator):
    for reporter in reporters:
        report_create(actor=reporter, proposal=proposal, reason="spam")
    moderation_decide(actor=moderator, proposal=proposal, decision="restore", note="Fine")
    assert not _hidden(proposal)
    assert set(Report.objects.values_list("resolution", flat=True)) == {"restore"}
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    entry = AuditLog.objects.order_by("-id").first()
    assert (entry.action, entry.actor, entry.note) == ("restore", moderator, "Fine")
    # Closed reports free the reporters to report again, and it takes three again to hide it.
    report_create(actor=reporters[0], proposal=proposal, reason="spam")
    assert not _hidden(proposal)


def test_dismiss_keeps_visibility_and_closes_reports(proposal, resident, other, moderator):
    comment = comment_create(actor=resident, proposal=proposal, body="Fair point")
    report_create(actor=other, comment=comment, reason="off_topic")
    moderation_decide(actor=moderator, comment=comment, decision="dismiss")
    comment.refresh_from_db()
    assert not comment.hidden
    assert Report.objects.get().resolution == "dismiss"
    assert report_queue(organization=proposal.challenge.organization) == []
    assert AuditLog.objects.get().action == "dismiss"


def test_hide_by_moderator(proposal, resident, moderator):
    comment = comment_create(actor=resident, proposal=proposal, body="Rude")
    moderation_decide(actor=moderator, comment=comment, decision="hide", note="Rude")
    assert Comment.objects.get().hidden
    moderation_decide(actor=moderator, proposal=proposal, decision="hide")
    assert _hidden(proposal)
    assert AuditLog.objects.filter(action="hide", actor=moderator).count() == 2
    assert AuditLog.objects.count() == 2


@pytest.mark.parametrize("who", ["resident", "other"])
def test_only_the_orgs_moderators_decide(proposal, request, who):
    with pytest.raises(PermissionDenied):
        moderation_decide(actor=request.getfixturevalue(who), proposal=proposal, decision="hide")
    assert not AuditLog.objects.exists()


def test_moderator_of_another_org_cannot_decide(proposal, other):
    from ..factories import make_organization

    make_organization(other, slug="elsewhere")  # other owns a different organization
    with pytest.raises(PermissionDenied):
        moderation_decide(actor=other, proposal=proposal, decision="hide")


def test_bad_decision(proposal, moderator):
    with pytest.raises(ValidationError):
        moderation_decide(actor=moderator, proposal=proposal, decision="delete")


def test_queue_groups_by_target(proposal, resident, reporters):
    comment = comment_create(actor=resident, proposal=proposal, body="Hmm")
    report_create(actor=reporters[0], comment=comment, reason="spam")
    report_create(actor=reporters[0], proposal=proposal, reason="spam")
    report_create(actor=reporters[1], proposal=proposal, reason="abuse")
    groups = report_queue(organization=proposal.challenge.organization)
    assert [(g.kind, len(g.reports)) for g in groups] == [("proposal", 2), ("comment", 1)]
    assert groups[0].reasons == ["Abusive or offensive", "Spam"]


def test_new_accounts_reports_wait_for_a_moderator(client, proposal, reporters, moderator):
    fresh = [UserFactory(username=f"fresh{i}") for i in range(REPORTS_TO_HIDE + 2)]
    for person in fresh:
        report_create(actor=person, proposal=proposal, reason="spam")
    assert not _hidden(proposal)  # five fresh accounts cannot hide it
    for reporter in reporters[: REPORTS_TO_HIDE - 1]:
        report_create(actor=reporter, proposal=proposal, reason="spam")
    assert not _hidden(proposal)  # nor two trusted people helped by them
    report_create(actor=reporters[-1], proposal=proposal, reason="spam")
    assert _hidden(proposal)
    client.force_login(moderator)
    page = parse(client.get(f"/o/{proposal.challenge.organization.slug}/moderation/"))
    flagged = [li for li in page.select("ul.reports > li") if li.select("span.new-account")]
    assert sorted(li.text.split(" · ")[1] for li in flagged) == sorted(
        f"{person.username} (new account)" for person in fresh
    )
    assert len(page.select("span.new-account")) == len(fresh)
