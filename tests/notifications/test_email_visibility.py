"""Email reads the inbox's rule: news of a proposal that moderation hid before the email went out
is not emailed, in a digest or on its own."""

from __future__ import annotations

from django.core import mail

from cocreate.moderation.services import moderation_decide
from cocreate.notifications import services, tasks
from cocreate.notifications.models import Frequency, Kind, Notification

from ..factories import make_proposal


def _hide(proposal, owner) -> None:
    moderation_decide(actor=owner, proposal=proposal, decision="hide")


def test_a_digest_leaves_out_news_of_a_proposal_hidden_since(resident, owner, challenge):
    services.follow_add(actor=resident, target=challenge)
    services.preferences_set(actor=resident, choices=dict.fromkeys(Kind.values, Frequency.DAILY))
    shown = make_proposal(challenge, owner, title="Benches by the stop")
    hidden = make_proposal(challenge, owner, title="Buy cheap pills here")
    for proposal in (shown, hidden):
        tasks.fanout_proposal.enqueue(proposal.pk)  # as the commit hook would
    assert Notification.objects.filter(recipient=resident).count() == 2  # both fanned out
    _hide(hidden, owner)
    assert services.digests_send(period="daily") == 1
    body = mail.outbox[0].body
    assert shown.title in body and hidden.title not in body
    assert f"/p/{hidden.pk}/" not in body


def test_an_email_about_a_proposal_hidden_before_it_left_is_not_sent(resident, owner, challenge):
    services.follow_add(actor=resident, target=challenge)
    services.preferences_set(actor=resident, choices=dict.fromkeys(Kind.values, Frequency.DAILY))
    proposal = make_proposal(challenge, owner, title="Buy cheap pills here")
    tasks.fanout_proposal.enqueue(proposal.pk)
    notification = Notification.objects.get(recipient=resident)
    _hide(proposal, owner)
    assert not services.notification_email(notification_id=notification.pk)
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is not None  # claimed: a rerun will not send it later
