"""Finding 7: text people type reaches email headers one line long, and an email that fails to
send is sent later, not marked sent. A title with a line break was once accepted; then every
email about it failed (a header with a line break is refused whole), and each was already
claimed as sent, so none was ever tried again."""

from __future__ import annotations

from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings

from cocreate.challenges.models import Action
from cocreate.challenges.services import challenge_create
from cocreate.notifications import services, tasks
from cocreate.notifications.models import Frequency, Kind, Notification
from cocreate.proposals.models import Proposal

from ..factories import make_challenge, make_proposal

BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x1b"]


class FlakyServer(EmailBackend):
    """The outbox of a mail server that is down for the next `down` sends."""

    down = 0

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        if FlakyServer.down > 0:
            FlakyServer.down -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


FLAKY = "tests.security.test_email.FlakyServer"


@pytest.fixture
def talk(owner, organization, resident):
    challenge = make_challenge(owner, organization, slug="talk", actions=[Action.SUBMIT])
    services.follow_add(actor=resident, target=challenge)
    services.preferences_set(
        actor=resident, choices={Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE: Frequency.IMMEDIATE}
    )
    return challenge


@pytest.fixture(autouse=True)
def _server_up():
    FlakyServer.down = 0
    yield
    FlakyServer.down = 0


@pytest.mark.parametrize("brk", BREAKS)
def test_a_title_with_a_line_break_is_refused_by_the_service(talk, owner, brk):
    with pytest.raises(ValidationError) as error:
        make_proposal(talk, owner, title=f"Bus lanes{brk}Bcc: everyone@example.org")
    assert "control character" in " ".join(error.value.message_dict["title"])
    assert not Proposal.objects.exists()


def test_a_challenge_title_with_a_line_break_is_refused(owner, organization):
    with pytest.raises(ValidationError) as error:
        challenge_create(
            actor=owner,
            organization=organization,
            slug="road",
            title="Road\nBcc: everyone@example.org",
            toolkit_id="dominion-road",
        )
    assert "title" in error.value.message_dict


@pytest.mark.parametrize("brk", BREAKS)
def test_every_email_subject_is_one_line(talk, owner, resident, brk):
    """A title stored before titles were checked (or a challenge titled in the admin) still
    makes a sendable email: its line breaks become spaces in the subject."""
    proposal = make_proposal(talk, owner, title="Bus lanes")
    Proposal.objects.filter(pk=proposal.pk).update(title=f"Bus lanes{brk}Bcc: x@example.org")
    talk.title = f"Talk{brk}about it"
    talk.save(update_fields=["title"])
    tasks.fanout_proposal.enqueue(proposal.pk)
    (email,) = mail.outbox
    assert email.subject == "New proposal in Talk about it: “Bus lanes Bcc: x@example.org”"
    assert email.to == [resident.email] and not email.bcc
    headers = email.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers
    assert Notification.objects.get().emailed_at is not None


@override_settings(EMAIL_BACKEND=FLAKY)
def test_an_email_that_fails_to_send_is_sent_on_the_next_try(talk, owner, resident):
    FlakyServer.down = 2
    tasks.fanout_proposal.enqueue(make_proposal(talk, owner).pk)
    (email,) = mail.outbox  # the third attempt went through, and only one was sent
    assert email.to == [resident.email]
    assert FlakyServer.down == 0
    assert Notification.objects.get().emailed_at is not None


@override_settings(EMAIL_BACKEND=FLAKY)
def test_an_email_that_never_sends_stays_unsent_for_later(talk, owner, resident):
    FlakyServer.down = 10**6
    tasks.fanout_proposal.enqueue(make_proposal(talk, owner).pk)
    assert not mail.outbox
    assert FlakyServer.down == 10**6 - 1 - tasks.EMAIL_RETRIES  # tried, then retried, then left
    notification = Notification.objects.get()
    assert notification.emailed_at is None  # not marked sent
    FlakyServer.down = 0
    tasks.email_notification.enqueue(notification.pk)
    assert len(mail.outbox) == 1
    tasks.email_notification.enqueue(notification.pk)
    assert len(mail.outbox) == 1  # and still at most once


@override_settings(
    EMAIL_BACKEND=FLAKY,
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
)
def test_a_queue_that_can_wait_retries_later(talk, owner, resident):
    """On the database queue the retry waits a while instead of hammering a server that is
    down."""
    from django.utils import timezone
    from django_tasks import default_task_backend

    FlakyServer.down = 1
    proposal = make_proposal(talk, owner)
    services.fanout_proposal(Proposal.objects.select_related("challenge").get(pk=proposal.pk))
    notification = Notification.objects.get()
    with pytest.raises(SMTPServerDisconnected):
        tasks.email_notification.call(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None
    (retry,) = [r for r in default_task_backend.results if r.task.name == "email_notification"]
    assert retry.args == [notification.pk, 1]
    assert retry.task.run_after > timezone.now()


@override_settings(EMAIL_BACKEND=FLAKY)
def test_a_digest_that_fails_to_send_is_sent_by_the_next_run(talk, owner, resident, other):
    for person in (resident, other):
        services.follow_add(actor=person, target=talk)
        services.preferences_set(
            actor=person, choices={Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE: Frequency.DAILY}
        )
    tasks.fanout_proposal.enqueue(make_proposal(talk, owner).pk)
    FlakyServer.down = 1  # the first person's digest fails; the second's goes out
    assert services.digests_send(period=Frequency.DAILY) == 1
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1
    assert services.digests_send(period=Frequency.DAILY) == 1
    assert services.digests_send(period=Frequency.DAILY) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, other.email])
