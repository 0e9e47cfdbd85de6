"""Every form endpoint that writes: a query count that does not grow with rows (other proposals,
supports, comments, reports already there)."""

from __future__ import annotations

import pytest

from cocreate.challenges.models import Action
from cocreate.community.models import Comment
from cocreate.community.services import comment_create
from cocreate.moderation.models import AuditLog, Report
from cocreate.moderation.services import report_create
from cocreate.notifications.forms import follow_target
from cocreate.notifications.models import Follow, Kind, Preference
from cocreate.notifications.services import follow_add, preferences_set
from cocreate.organizations.models import Membership, Role
from cocreate.proposals.models import Draft, Opposition, Pledge, Proposal, Support
from cocreate.proposals.services import support_add

from ..factories import UserFactory, make_challenge, make_proposal
from ..proposals.test_toolkit import form_data

OPEN = [Action.SUBMIT, Action.SUPPORT, Action.COMMENT]
ROWS = pytest.mark.parametrize("rows", [1, 50])


@pytest.fixture
def talk(owner, organization):
    challenge = make_challenge(owner, organization, slug="talk", actions=OPEN)
    challenge.support_budget = 60
    challenge.allow_oppose = True
    challenge.save()
    return challenge


def _crowd(talk, resident, other, rows):
    """`rows` proposals by resident, supported and commented on by other; and one more proposal,
    untouched, which is returned."""
    for i in range(rows):
        proposal = make_proposal(talk, resident, title=f"Idea {i}")
        support_add(actor=other, proposal=proposal)
        comment_create(actor=other, proposal=proposal, body="Good")
    return make_proposal(talk, resident, title="This one")


def _at(proposal, tail):
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/{tail}"


@ROWS
def test_support_and_withdraw(client, talk, resident, other, django_assert_num_queries, rows):
    proposal = _crowd(talk, resident, other, rows)
    client.force_login(other)
    with django_assert_num_queries(18):
        assert client.post(_at(proposal, "support/")).status_code == 302
    with django_assert_num_queries(10):
        client.post(_at(proposal, "support/"), {"op": "withdraw"})
    assert not Support.objects.filter(proposal=proposal).exists()


@ROWS
def test_oppose(client, talk, resident, other, django_assert_num_queries, rows):
    proposal = _crowd(talk, resident, other, rows)
    client.force_login(other)
    with django_assert_num_queries(12):
        assert client.post(_at(proposal, "oppose/")).status_code == 302
    assert Opposition.objects.filter(proposal=proposal, user=other).exists()


@ROWS
def test_pledge(client, talk, resident, other, django_assert_num_queries, rows):
    proposal = _crowd(talk, resident, other, rows)
    client.force_login(other)
    with django_assert_num_queries(13):
        response = client.post(_at(proposal, "pledge/"), {"kind": "hours", "amount": "12"})
    assert response.status_code == 302
    assert Pledge.objects.get(proposal=proposal).amount == 12


@ROWS
def test_report_a_proposal_and_a_comment(
    client, talk, resident, other, django_assert_num_queries, rows
):
    proposal = _crowd(talk, resident, other, rows)
    comment = comment_create(actor=resident, proposal=proposal, body="Mine")
    client.force_login(other)
    with django_assert_num_queries(11):
        client.post(_at(proposal, "report/"), {"reason": "spam"})
    with django_assert_num_queries(13):
        client.post(_at(proposal, f"comments/{comment.pk}/report/"), {"reason": "abuse"})
    assert Report.objects.filter(reporter=other).count() == 2


@ROWS
def test_comment_edit(client, talk, resident, other, django_assert_num_queries, rows):
    proposal = _crowd(talk, resident, other, rows)
    comment = comment_create(actor=other, proposal=proposal, body="Frist")
    client.force_login(other)
    url = _at(proposal, f"comments/{comment.pk}/edit/")
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(9):
        assert client.post(url, {"body": "First"}).status_code == 302
    assert Comment.objects.get(pk=comment.pk).body == "First"


@ROWS
def test_moderation_decide(
    client, talk, organization, resident, other, django_assert_num_queries, rows
):
    proposal = _crowd(talk, resident, other, rows)
    for n in range(rows):
        report_create(actor=UserFactory(), proposal=proposal, reason="spam", note=f"#{n}")
    moderator = UserFactory(username="mod")
    Membership.objects.create(organization=organization, user=moderator, role=Role.MODERATOR)
    client.force_login(moderator)
    url = f"/o/{organization.slug}/moderation/decide/"
    # the decision, its reports closed, and its entry in the organization's audit log
    with django_assert_num_queries(11):
        response = client.post(
            url, {"kind": "proposal", "target": proposal.pk, "decision": "restore"}
        )
    assert response.status_code == 302
    assert AuditLog.objects.filter(actor=moderator, action="restore").exists()
    assert not Report.objects.filter(proposal=proposal, resolved_at__isnull=True).exists()


@ROWS
@pytest.mark.parametrize("kind", ["challenge", "proposal", "person"])
def test_follow_and_unfollow(client, talk, resident, other, django_assert_num_queries, rows, kind):
    proposal = _crowd(talk, resident, other, rows)
    for n in range(rows):  # other people already follow the same things
        follower = UserFactory(username=f"follower{n}")
        follow_add(actor=follower, target=talk)
        follow_add(actor=follower, target=proposal)
        follow_add(actor=follower, target=resident)
    pk = {"challenge": talk.pk, "proposal": proposal.pk, "person": resident.pk}[kind]
    client.force_login(other)
    follow, unfollow = {"challenge": (9, 6), "proposal": (9, 6), "person": (9, 6)}[kind]
    with django_assert_num_queries(follow):
        response = client.post("/notifications/follow/", {"target": follow_target(kind, pk)})
    assert response.status_code == 302
    assert Follow.objects.filter(user=other).count() == 1
    with django_assert_num_queries(unfollow):
        client.post(
            "/notifications/follow/", {"target": follow_target(kind, pk), "action": "unfollow"}
        )
    assert not Follow.objects.filter(user=other).exists()


@ROWS
def test_notification_settings_saved(client, resident, django_assert_num_queries, rows):
    for n in range(rows):
        preferences_set(actor=UserFactory(username=f"p{n}"), choices={Kind.MENTION: "daily"})
    client.force_login(resident)
    chosen = dict.fromkeys(Kind.values, "weekly")
    with django_assert_num_queries(5):
        assert client.post("/notifications/settings/", chosen).status_code == 302
    assert Preference.objects.filter(user=resident, frequency="weekly").count() == len(Kind)


@ROWS
def test_toolkit_edit_and_submit(client, talk, resident, other, django_assert_num_queries, rows):
    parent = _crowd(talk, resident, other, rows)
    client.force_login(other)
    url = f"/c/{talk.slug}/toolkit/"
    design = parent.design
    # Move half a metre from the first part to the last: still 21 m across.
    design["parts"][0]["width"] += 0.5
    design["parts"][-1]["width"] -= 0.5
    edit = form_data(design, op="update", parent=str(parent.pk))
    with django_assert_num_queries(7):
        assert client.post(url, edit, HTTP_HX_REQUEST="true").status_code == 200
    assert Draft.objects.get(challenge=talk).design["parts"][0]["width"] == pytest.approx(
        design["parts"][0]["width"]
    )
    submit = form_data(design, op="submit", title="Less", rationale="Room", parent=str(parent.pk))
    with django_assert_num_queries(9):
        response = client.post(url, submit)
    assert response.status_code == 302
    assert Proposal.objects.get(title="Less").parent == parent
