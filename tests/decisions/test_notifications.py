"""An answer tells the author, supporters, pledgers and followers, once each; the staff's
daily digest of overdue proposals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cocreate.challenges.models import Visibility
from cocreate.notifications.models import Follow, Frequency, Kind, Notification, Preference
from cocreate.notifications.services import overdue_digests_send
from cocreate.organizations.models import Role
from cocreate.proposals.models import PledgeKind, Proposal, Status
from cocreate.proposals.services import pledge_set, support_add

from ..factories import UserFactory, make_challenge, make_member, make_proposal
from ..html import parse
from .helpers import answer, place


@pytest.fixture
def audience(challenge, resident):
    """A proposal by `resident` with a supporter, a pledger, a follower, and a person who does
    all three."""
    proposal = make_proposal(challenge, resident)
    people = {name: UserFactory(username=name) for name in ("sam", "pat", "flo", "all")}
    support_add(actor=people["sam"], proposal=proposal)
    pledge_set(actor=people["pat"], proposal=proposal, kind=PledgeKind.HOURS, amount=Decimal(2))
    Follow.objects.create(user=people["flo"], proposal=proposal)
    support_add(actor=people["all"], proposal=proposal)
    pledge_set(actor=people["all"], proposal=proposal, kind=PledgeKind.MONEY, amount=Decimal(5))
    Follow.objects.create(user=people["all"], proposal=proposal)
    Follow.objects.create(user=resident, proposal=proposal)  # the author follows it too
    return proposal


def _answered(
    owner, proposal, capture, name="Planned", text="We will build it.\n\nNext: **design**."
):
    with capture(execute=True):
        return answer(owner, proposal, name, text)


def test_each_person_is_told_once_the_author_as_the_author(
    owner, audience, django_capture_on_commit_callbacks
):
    _answered(owner, audience, django_capture_on_commit_callbacks)
    kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == {
        "resident": Kind.ANSWER_ON_OWN_PROPOSAL,
        "sam": Kind.ANSWER_ON_BACKED_PROPOSAL,
        "pat": Kind.ANSWER_ON_BACKED_PROPOSAL,
        "flo": Kind.ANSWER_ON_BACKED_PROPOSAL,
        "all": Kind.ANSWER_ON_BACKED_PROPOSAL,
    }
    assert Notification.objects.count() == 5
    own = Notification.objects.get(recipient__username="resident")
    assert own.text == (
        "Auckland Transport answered your proposal “Wider footpaths”: Planned. "
        "“We will build it. Next: design.”"
    )
    assert own.url == f"/c/{audience.challenge.slug}/p/{audience.pk}/#answer"


def test_the_author_is_emailed_at_once_with_status_and_snippet(
    owner, audience, django_capture_on_commit_callbacks
):
    _answered(owner, audience, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["resident@example.org"]]  # backers: a daily digest
    assert "Planned" in mail.outbox[0].subject and "We will build it." in mail.outbox[0].body


def test_the_inbox_shows_the_answer(
    client, owner, audience, resident, django_capture_on_commit_callbacks
):
    _answered(owner, audience, django_capture_on_commit_callbacks)
    client.force_login(resident)
    item = parse(client.get("/notifications/")).one("li.notification a")
    assert "Planned" in item.text and "We will build it." in item.text


def test_an_outsider_of_a_private_challenge_hears_nothing(
    owner, organization, resident, django_capture_on_commit_callbacks
):
    private = make_challenge(owner, organization, slug="private", visibility=Visibility.PRIVATE)
    member = make_member(organization, Role.REVIEWER)
    proposal = make_proposal(private, member)
    outsider = UserFactory()
    Follow.objects.create(user=outsider, proposal=proposal)  # followed while it was public
    Follow.objects.create(user=resident, proposal=proposal)
    _answered(owner, proposal, django_capture_on_commit_callbacks)
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [member.pk]


def test_a_hidden_proposal_is_news_for_its_author_only(
    owner, audience, resident, django_capture_on_commit_callbacks
):
    Proposal.objects.filter(pk=audience.pk).update(hidden=True)
    _answered(owner, audience, django_capture_on_commit_callbacks)
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [resident.pk]


def test_preferences_off_are_honoured(owner, audience, django_capture_on_commit_callbacks):
    sam = audience.supports.get(user__username="sam").user
    Preference.objects.create(
        user=sam, kind=Kind.ANSWER_ON_BACKED_PROPOSAL, frequency=Frequency.OFF
    )
    _answered(owner, audience, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=sam).exists()
    assert Notification.objects.count() == 4


def test_a_second_answer_is_news_again(owner, audience, django_capture_on_commit_callbacks):
    _answered(owner, audience, django_capture_on_commit_callbacks)
    _answered(owner, audience, django_capture_on_commit_callbacks, "Declined", "Too narrow.")
    assert Notification.objects.filter(recipient=audience.author).count() == 2


# --- the staff's daily digest of overdue proposals ---------------------------------------


def _overdue(challenge, author, title, days_overdue):
    proposal = make_proposal(challenge, author, title=title)
    place(proposal, requested=timezone.now() - timedelta(days=30 + days_overdue), days=30)
    return proposal


def test_staff_get_one_digest_of_overdue_proposals_a_day(owner, organization, challenge, resident):
    staff = make_member(organization, Role.STAFF)
    make_member(organization, Role.REVIEWER)  # not staff: no digest
    _overdue(challenge, resident, "Old idea", 12)
    _overdue(challenge, resident, "Older idea", 20)
    answered = _overdue(challenge, resident, "Answered idea", 5)
    answer(owner, answered, "Declined", "No.")
    make_proposal(challenge, resident, title="Fresh idea")  # due in 90 days
    withdrawn = _overdue(challenge, resident, "Withdrawn idea", 3)
    Proposal.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    assert overdue_digests_send() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, staff.email])
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "2 proposals are overdue for an answer at Auckland Transport"
    assert body.index("Older idea") < body.index("Old idea (")
    assert "Older idea (Challenge dominion-road): 20 days overdue" in body
    assert "Answered idea" not in body and "Fresh idea" not in body and "Withdrawn" not in body
    assert overdue_digests_send() == 0  # never twice on the same day
    assert len(mail.outbox) == 2
    tomorrow = timezone.now() + timedelta(days=1)
    assert overdue_digests_send(now=tomorrow) == 2


def test_no_digest_when_nothing_is_overdue(owner, organization, challenge, resident):
    make_proposal(challenge, resident)
    call_command("send_overdue_digest", stdout=__import__("io").StringIO())
    assert mail.outbox == []


def test_staff_who_turned_it_off_get_none(owner, organization, challenge, resident):
    Preference.objects.create(user=owner, kind=Kind.OVERDUE_PROPOSALS, frequency=Frequency.OFF)
    _overdue(challenge, resident, "Old idea", 2)
    assert overdue_digests_send() == 0
    assert mail.outbox == []
