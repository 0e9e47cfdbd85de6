"""Events from the product's writes, turned into fan-out tasks (subscribed in apps.ready)."""

from __future__ import annotations

from cocreate.community.events import CommentCreated
from cocreate.core.events import subscribe
from cocreate.decisions.events import ProposalAnswered
from cocreate.proposals.events import ProposalCreated, SupportAdded
from cocreate.tracking.events import ProgressPosted

from . import tasks


def on_proposal_created(event: ProposalCreated) -> None:
    tasks.fanout_proposal.enqueue(event.proposal_id)


def on_comment_created(event: CommentCreated) -> None:
    tasks.fanout_comment.enqueue(event.comment_id)


def on_support_added(event: SupportAdded) -> None:
    tasks.fanout_support.enqueue(event.support_id)


def on_progress_posted(event: ProgressPosted) -> None:
    tasks.fanout_progress.enqueue(event.entry_id)


def on_proposal_answered(event: ProposalAnswered) -> None:
    tasks.fanout_answer.enqueue(event.decision_id)


def subscribe_all() -> None:
    subscribe(ProposalCreated, on_proposal_created)
    subscribe(CommentCreated, on_comment_created)
    subscribe(SupportAdded, on_support_added)
    subscribe(ProgressPosted, on_progress_posted)
    subscribe(ProposalAnswered, on_proposal_answered)
