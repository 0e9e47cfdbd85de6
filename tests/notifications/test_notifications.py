"""Follow, fan-out, preferences, idempotent email, digests and pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cocreate.community.services import comment_create
from cocreate.notifications import selectors, services, tasks
from cocreate.notifications.forms import follow_target
from cocreate.notifications.models import Follow, Frequency, Kind, Notification, Preference
from cocreate.notifications.selectors import INBOX_PAGE
from cocreate.proposals.services import support_add

from ..factories import UserFactory, make_proposal


def _proposal_event(proposal):
    return tasks.fanout_proposal.enqueue(proposal.pk)


def test_follow_and_unfollow(resident, challenge):
    services.follow_add(actor=resident, target=challenge)
    services.follow_add(actor=resident, target=challenge)
    assert Follow.objects.filter(user=resident).count() == 1
    assert selectors.following(user=resident, challenges=[challenge]) == {
        f"challenge:{challenge.pk}"
    }
    services.follow_remove(actor=resident, target=challenge)
    assert not Follow.objects.exists()


def test_cannot_follow_self(resident):
    with pytest.raises(ValidationError, match="yourself"):
        services.follow_add(actor=resident, target=resident)


def test_new_proposal_notifies_followers_once(resident, other, owner, challenge):
    services.follow_add(actor=resident, target=challenge)
    services.follow_add(actor=other, target=challenge)
    services.follow_add(actor=other, target=owner)
    proposal = make_proposal(challenge, owner)
    _proposal_event(proposal)
    _proposal_event(proposal)  # a restarted worker runs it again
    kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == {
        "resident": Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE,
        "other": Kind.NEW_PROPOSAL_BY_FOLLOWED_PERSON,
    }


def test_a_late_worker_tells_only_those_following_when_it_happened(
    resident, other, owner, challenge
):
    services.follow_add(actor=resident, target=challenge)
    proposal = make_proposal(challenge, owner)
    services.follow_add(actor=other, target=challenge)  # after the proposal, before the worker
    _proposal_event(proposal)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["resident"]


def test_a_late_worker_tells_only_those_following_the_author_when_it_happened(
    resident, other, owner, challenge
):
    services.follow_add(actor=resident, target=owner)
    proposal = make_proposal(challenge, owner)
    services.follow_add(actor=other, target=owner)
    _proposal_event(proposal)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["resident"]


def test_a_late_worker_tells_only_those_following_the_proposal_when_commented(
    resident, other, owner, organization
):
    from cocreate.challenges.models import Action

    from ..factories import make_challenge

    talk = make_challenge(owner, organization, slug="talk", actions=[Action.SUBMIT, Action.COMMENT])
    proposal = make_proposal(talk, owner)
    services.follow_add(actor=resident, target=proposal)
    comment = comment_create(actor=owner, proposal=proposal, body="An update")
    services.follow_add(actor=other, target=proposal)
    tasks.fanout_comment.enqueue(comment.pk)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["resident"]


def test_remix_notifies_parent_author(resident, other, challenge):
    original = make_proposal(challenge, resident)
    remix = make_proposal(challenge, other, title="Remix", parent=original)
    _proposal_event(remix)
    n = Notification.objects.get()
    assert (n.recipient, n.kind, n.actor) == (resident, Kind.REMIX_OF_OWN_PROPOSAL, other)


def test_a_proposal_write_publishes_an_event_that_fans_out_after_commit(
    resident, other, owner, challenge, django_capture_on_commit_callbacks
):
    services.follow_add(actor=other, target=challenge)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        make_proposal(challenge, owner)  # the service publishes ProposalCreated
        assert not Notification.objects.exists()  # nothing before the commit
    assert Notification.objects.get().recipient == other


def test_comment_mentions_author_and_followers(resident, other, owner, challenge):
    from django.utils import timezone

    from cocreate.challenges.models import Action
    from cocreate.challenges.services import phase_add

    challenge.phases.all().delete()
    now = timezone.now()
    phase_add(
        actor=owner,
        challenge=challenge,
        name="Talk",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=3),
        actions=[Action.SUBMIT, Action.COMMENT, Action.SUPPORT],
    )
    proposal = make_proposal(challenge, owner)
    follower = UserFactory()
    services.follow_add(actor=follower, target=proposal)
    services.follow_add(actor=other, target=proposal)
    comment = comment_create(actor=resident, proposal=proposal, body="Nice, @other and @owner")
    tasks.fanout_comment.enqueue(comment.pk)
    tasks.fanout_comment.enqueue(comment.pk)
    kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == {
        "other": Kind.MENTION,  # mentioned beats following
        "owner": Kind.MENTION,
        follower.username: Kind.COMMENT_ON_FOLLOWED_PROPOSAL,
    }
    assert "resident" not in kinds  # never told about one's own comment
    # mentions and comments on one's own proposal are immediate by default: emailed once each
    assert sorted(m.to[0] for m in mail.outbox) == ["other@example.org", "owner@example.org"]


def test_preference_off_means_nothing(resident, owner, challenge):
    services.follow_add(actor=resident, target=challenge)
    services.preferences_set(
        actor=resident, choices={Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE: Frequency.OFF}
    )
    _proposal_event(make_proposal(challenge, owner))
    assert not Notification.objects.exists()


def test_bad_preference_is_refused(resident):
    with pytest.raises(ValidationError, match="Choose"):
        services.preferences_set(actor=resident, choices={Kind.MENTION: "hourly"})


def test_immediate_email_sent_once_even_if_task_reruns(resident, owner, challenge):
    services.follow_add(actor=resident, target=challenge)
    services.preferences_set(
        actor=resident, choices={Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE: Frequency.IMMEDIATE}
    )
    proposal = make_proposal(challenge, owner)
    _proposal_event(proposal)
    n = Notification.objects.get()
    assert n.emailed_at is not None
    assert len(mail.outbox) == 1
    # a worker restart re-runs both the fan-out and the email task
    _proposal_event(proposal)
    tasks.email_notification.enqueue(n.pk)
    assert len(mail.outbox) == 1
    assert proposal.title in mail.outbox[0].subject


def test_private_challenge_followers_outside_org_hear_nothing(resident, owner, organization):
    from cocreate.challenges.models import Visibility

    from ..factories import make_challenge

    private = make_challenge(owner, organization, slug="secret", visibility=Visibility.PRIVATE)
    Follow.objects.create(user=resident, challenge=private)  # followed before it went private
    _proposal_event(make_proposal(private, owner))
    assert not Notification.objects.exists()


def test_digest_groups_and_ranks(resident, other, owner, challenge):
    services.follow_add(actor=resident, target=challenge)
    mine = make_proposal(challenge, resident, title="Mine")
    services.preferences_set(actor=resident, choices=dict.fromkeys(Kind.values, Frequency.DAILY))
    support = support_add(actor=other, proposal=mine)
    tasks.fanout_support.enqueue(support.pk)
    for title in ("First", "Second"):
        _proposal_event(make_proposal(challenge, owner, title=title))
    services.notify(
        source="test:mention",
        challenge=challenge,
        actor=other,
        url="/x/",
        texts={Kind.MENTION: "other mentioned you"},
        recipients=[(Kind.MENTION, [resident.pk])],
    )
    assert mail.outbox == []
    groups = services.digest_groups(Notification.objects.filter(recipient=resident))
    assert [g.kind for g in groups] == [
        Kind.MENTION,
        Kind.SUPPORT_ON_OWN_PROPOSAL,
        Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE,
    ]
    assert ["Second" in n.text for n in groups[2].items] == [True, False]
    assert services.digests_send(period="weekly") == 0
    call_command("send_digests", "--period", "daily")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.index("mentioned") < body.index("supports") < body.index("Second")
    assert body.index("Second") < body.index("First")
    assert services.digests_send(period="daily") == 0  # all emailed once
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def _notes(user, count, start=0):
    """`count` mentions for `user`, "note 0" the oldest."""
    for i in range(start, start + count):
        services.notify(
            source=f"test:{i}",
            challenge=None,
            actor=None,
            url="/",
            texts={Kind.MENTION: f"note {i}"},
            recipients=[(Kind.MENTION, [user.pk])],
        )


def _inbox(client, query=""):
    """The notes on an inbox page, top to bottom, and its Newer / Older links."""
    response = client.get(f"/notifications/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    notes = [int(n) for n in re.findall(r'<a href="/">note (\d+)</a>', html)]
    newer = re.search(r'<a rel="prev" href="(\?after=\d+)">Newer notifications</a>', html)
    older = re.search(r'<a rel="next" href="(\?before=\d+)">Older notifications</a>', html)
    return notes, newer and newer.group(1), older and older.group(1), html


@pytest.mark.parametrize("rows", [1, 50])
def test_notification_page_in_constant_queries(client, resident, django_assert_num_queries, rows):
    _notes(resident, rows)
    client.force_login(resident)
    with django_assert_num_queries(4):  # session, user, unread count (shared by the badge), page
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert response.content.count(b'class="notification unread"') == min(rows, INBOX_PAGE)
    assert b"Mark all read" in response.content
    oldest = Notification.objects.last().pk
    for query in (f"?before={oldest}", f"?after={oldest}"):
        with django_assert_num_queries(4):  # a cursor page costs the same: it is a subquery
            assert client.get(f"/notifications/{query}").status_code == 200
    with django_assert_num_queries(5):
        assert client.post("/notifications/read/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


@pytest.mark.parametrize("rows", [INBOX_PAGE - 1, INBOX_PAGE])
def test_one_page_of_notifications_has_no_pager(client, resident, rows):
    _notes(resident, rows)
    client.force_login(resident)
    notes, newer, older, html = _inbox(client)
    assert notes == list(reversed(range(rows)))
    assert newer is None and older is None and 'class="pager"' not in html


def test_paging_older_and_newer_covers_every_notification_once(client, resident):
    total = 2 * INBOX_PAGE + 1
    _notes(resident, total)
    client.force_login(resident)
    first, newer, older, _html = _inbox(client)
    assert first == list(range(total - 1, total - 1 - INBOX_PAGE, -1)) and newer is None
    second, newer_2, older_2, _html = _inbox(client, older)
    assert second == list(range(INBOX_PAGE, 0, -1)) and newer_2 and older_2
    last, newer_3, older_3, _html = _inbox(client, older_2)
    assert last == [0] and older_3 is None
    # and back up: the same pages, the newest one without a Newer link
    assert _inbox(client, newer_3)[0] == second
    back, newer_top, older_top, _html = _inbox(client, newer_2)
    assert back == first and newer_top is None and older_top == older


def test_a_new_notification_does_not_shift_the_older_pages(client, resident):
    _notes(resident, INBOX_PAGE + 5)
    client.force_login(resident)
    _notes_before, _newer, older, _html = _inbox(client)
    _notes(resident, 3, start=100)  # arrives while the first page is open
    notes, _newer, _older, _html = _inbox(client, older)
    assert notes == [4, 3, 2, 1, 0]
    assert _inbox(client)[0][:3] == [102, 101, 100]


def test_notifications_created_at_the_same_instant_page_by_id(client, resident):
    _notes(resident, INBOX_PAGE + 10)
    Notification.objects.update(created_at=timezone.now())
    client.force_login(resident)
    first, _newer, older, _html = _inbox(client)
    second, newer, _older, _html = _inbox(client, older)
    assert sorted(first + second) == list(range(INBOX_PAGE + 10))
    assert _inbox(client, newer)[0] == first


def test_odd_or_foreign_cursors(client, resident, other):
    _notes(resident, 3)
    _notes(other, 1, start=50)
    client.force_login(resident)
    assert _inbox(client, "?before=abc")[0] == [2, 1, 0]  # not a cursor: the newest page
    assert _inbox(client, "?after=99999999999999999999")[0] == [2, 1, 0]
    foreign = Notification.objects.get(recipient=other).pk
    for query in (f"?before={foreign}", f"?after={foreign}"):
        notes, newer, older, html = _inbox(client, query)
        assert notes == [] and newer is None and older is None
        assert "note 50" not in html and "Go to the newest notifications" in html


def test_mark_all_read_reads_every_page(client, resident):
    _notes(resident, INBOX_PAGE + 1)
    client.force_login(resident)
    Notification.objects.exclude(pk=Notification.objects.latest("created_at", "id").pk).update(
        read_at=timezone.now()
    )
    _first, _newer, older, html = _inbox(client)
    assert "Mark all read" in html
    assert "Mark all read" in _inbox(client, older)[3]  # an unread one waits on the first page
    assert client.post("/notifications/read/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "Mark all read" not in _inbox(client)[3]


def test_badge_is_one_query(resident, django_assert_num_queries):
    from django.template import Context, Template

    services.notify(
        source="test:b",
        challenge=None,
        actor=None,
        url="/",
        texts={Kind.MENTION: "hi"},
        recipients=[(Kind.MENTION, [resident.pk])],
    )
    template = Template("{% load notifications %}{% notification_badge %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"user": resident}))
    assert ">1<" in html.replace(" <span", "<span").replace("1<span", "1<") or "1" in html


def test_settings_page(client, resident, django_assert_num_queries):
    client.force_login(resident)
    with django_assert_num_queries(4):
        response = client.get("/notifications/settings/")
    assert response.content.count(b"<select") == len(Kind)
    response = client.post("/notifications/settings/", {Kind.MENTION: "weekly"})
    assert response.status_code == 302
    assert (
        dict(
            selectors.preference_rows(user=resident)
            and [(k, f) for k, _l, f in selectors.preference_rows(user=resident)]
        )[Kind.MENTION]
        == "weekly"
    )
    response = client.post("/notifications/settings/", {Kind.MENTION: "hourly"})
    assert response.status_code == 400


def test_follow_button_and_endpoint(client, resident, challenge, owner, organization):
    from django.template import RequestContext, Template
    from django.test import RequestFactory

    client.force_login(resident)
    response = client.post(
        "/notifications/follow/",
        {"target": follow_target("challenge", challenge.pk), "next": "/c/dominion-road/"},
    )
    assert response.status_code == 302
    following = selectors.following(user=resident, challenges=[challenge])
    request = RequestFactory().get("/c/dominion-road/")
    request.user = resident
    html = Template("{% load notifications %}{% follow_button challenge following %}").render(
        RequestContext(request, {"challenge": challenge, "following": following})
    )
    assert ">Following</button>" in html
    client.post(
        "/notifications/follow/",
        {"target": follow_target("challenge", challenge.pk), "action": "unfollow"},
    )
    assert not Follow.objects.exists()
    from cocreate.challenges.models import Visibility

    from ..factories import make_challenge

    private = make_challenge(owner, organization, slug="secret", visibility=Visibility.PRIVATE)
    response = client.post(
        "/notifications/follow/", {"target": follow_target("challenge", private.pk)}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_following_is_one_query(resident, challenge, owner, django_assert_num_queries, rows):
    proposals = [make_proposal(challenge, owner, title=f"P{i}") for i in range(rows)]
    for p in proposals:
        services.follow_add(actor=resident, target=p)
    with django_assert_num_queries(1):
        found = selectors.following(
            user=resident, challenges=[challenge], proposals=proposals, people=[owner]
        )
    assert len(found) == rows


def test_preferences_are_all_or_nothing(client, resident):
    client.force_login(resident)
    response = client.post(
        "/notifications/settings/", {Kind.MENTION: "weekly", Kind.SUPPORT_ON_OWN_PROPOSAL: "hourly"}
    )
    assert response.status_code == 400
    assert "Choose immediately, daily digest, weekly digest or off." in response.content.decode()
    assert not Preference.objects.filter(user=resident).exists()
    client.post("/notifications/settings/", {Kind.MENTION: "weekly"})
    client.post("/notifications/settings/", {Kind.MENTION: "off"})  # changes it in place
    assert list(Preference.objects.filter(user=resident).values_list("kind", "frequency")) == [
        (Kind.MENTION, "off")
    ]
