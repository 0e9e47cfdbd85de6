"""Background work on django-tasks: queued in the database, so it survives a restart. Each
task is safe to run twice: fan-out adds nothing new, and email is claimed before it is sent.
Each reads what it tells about through the query sets that own visibility, so news of
something moderation hid before the worker ran is never sent."""

from __future__ import annotations

from django_tasks import task

from cocreate.community.models import Comment
from cocreate.proposals.models import Proposal, Support

from . import services


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
def email_notification(notification_id: int) -> bool:
    return services.notification_email(notification_id=notification_id)


@task()
def send_digests(period: str) -> int:
    return services.digests_send(period=period)
