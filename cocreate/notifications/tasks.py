"""Background work on django-tasks: queued in the database, so it survives a restart. Each
task is safe to run twice: fan-out adds nothing new, and email is claimed before it is sent.
Each reads what it tells about through the query sets that own visibility, so news of
something moderation hid before the worker ran is never sent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from cocreate.community.models import Comment
from cocreate.decisions.models import Decision
from cocreate.proposals.models import Proposal, Support
from cocreate.tracking.models import ProgressEntry

from . import services

EMAIL_RETRIES = 5
EMAIL_RETRY_PAUSE = timedelta(minutes=1)  # then 2, 4, 8 and 16


def _email(ids: list[int]) -> int:
    """Queue one email task per notification; each sends at most once, however often it runs."""
    for pk in ids:
        email_notification.enqueue(pk)
    return len(ids)


@task()
def fanout_proposal(proposal_id: int) -> int:
    proposal = (
        Proposal.objects.listable()
        .select_related("author", "challenge", "parent")
        .filter(pk=proposal_id)
        .first()
    )
    return _email(services.fanout_proposal(proposal)) if proposal else 0


@task()
def fanout_comment(comment_id: int) -> int:
    comment = (
        Comment.objects.listable()
        .select_related("author", "proposal__challenge")
        .filter(pk=comment_id)
        .first()
    )
    return _email(services.fanout_comment(comment)) if comment else 0


@task()
def fanout_support(support_id: int) -> int:
    support = (
        Support.objects.filter(proposal__in=Proposal.objects.listable())
        .select_related("user", "proposal__challenge")
        .filter(pk=support_id)
        .first()
    )
    return _email(services.fanout_support(support)) if support else 0


@task()
def fanout_progress(entry_id: int) -> int:
    entry = (
        ProgressEntry.objects.filter(proposal__in=Proposal.objects.listable())
        .select_related("author", "proposal__challenge")
        .filter(pk=entry_id)
        .first()
    )
    return _email(services.fanout_progress(entry)) if entry else 0


@task()
def fanout_answer(decision_id: int) -> int:
    decision = (
        Decision.objects.select_related("status", "actor", "proposal__challenge__organization")
        .filter(pk=decision_id)
        .first()
    )
    return _email(services.fanout_answer(decision)) if decision else 0


@task()
def email_notification(notification_id: int, attempt: int = 0) -> bool:
    """Send one notification's email; when sending fails (the mail server is down, say), the
    service gives the notification back and this tries again later, EMAIL_RETRIES times with
    doubling pauses, before the failure is left in the task's result."""
    try:
        return services.notification_email(notification_id=notification_id)
    except Exception:
        if attempt < EMAIL_RETRIES:
            again = email_notification
            if again.get_backend().supports_defer:
                pause = EMAIL_RETRY_PAUSE * 2**attempt
                again = again.using(run_after=timezone.now() + pause)
            again.enqueue(notification_id, attempt + 1)
        raise


@task()
def send_digests(period: str) -> int:
    return services.digests_send(period=period)
