"""Answering proposals: a change of status always comes with a public answer."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.audit.services import audit_record
from cocreate.core.events import publish
from cocreate.core.markdown import render_markdown
from cocreate.core.text import control_character
from cocreate.organizations.models import ProposalStatus, Stage
from cocreate.proposals.models import Proposal, Status
from cocreate.proposals.services import supports_give_back

from .events import ProposalAnswered
from .models import Decision

MAX_ANSWER = 10_000


def _check_answer(proposal: Proposal, status: ProposalStatus, answer: str) -> str:
    errors: dict[str, list[str]] = {}
    if status.organization_id != proposal.challenge.organization_id:
        errors["status"] = [_("Choose one of this organization's statuses.")]
    elif status.stage == Stage.MERGED:
        errors["status"] = [_("To merge a proposal, use “Merge into” and pick the other one.")]
    answer = answer.strip()
    if not answer:
        errors["answer"] = [_("Write the public answer: it tells the author and backers why.")]
    elif len(answer) > MAX_ANSWER:
        errors["answer"] = [_("Keep the answer under 10,000 characters.")]
    elif refused := control_character(answer, _("answer"), lines=True):
        errors["answer"] = [refused]
    if errors:
        raise ValidationError(errors)
    return answer


@transaction.atomic
def proposal_status_change(
    *, actor: Actor, proposal: Proposal, status: ProposalStatus, answer: str
) -> Decision:
    """Answer a proposal in public: move it to `status` with a written `answer` (Markdown). A
    closing status gives its supports back and stops it taking more; answering a closed
    proposal with an open status reopens it. The author, backers and followers are told."""
    if not rules.has_perm("decisions.answer_proposal", actor, proposal):
        raise PermissionDenied
    actor = signed_in(actor)
    answer = _check_answer(proposal, status, answer)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.merged_into_id is not None:
        raise ValidationError(
            {"status": [_("This proposal is merged into another; unmerge it first.")]}
        )
    now = timezone.now()
    previous = locked.answer_status_id
    decision = Decision.objects.create(
        proposal=locked,
        status=status,
        previous_id=previous,
        answer=answer,
        answer_html=render_markdown(answer),
        actor=actor,
    )
    lifecycle = locked.status
    if status.closes and lifecycle in (Status.PUBLISHED, Status.UNDER_REVIEW):
        lifecycle = Status.CLOSED
        supports_give_back(proposal=locked)
    elif not status.closes and lifecycle == Status.CLOSED:
        lifecycle = Status.PUBLISHED
    Proposal.objects.filter(pk=locked.pk).update(
        status=lifecycle,
        answer_status=status,
        answered_at=now,
        first_answered_at=locked.first_answered_at or now,
    )
    proposal.refresh_from_db()
    audit_record(
        actor=actor,
        organization=status.organization_id,
        action="decisions.status_change",
        target=proposal,
        before={"status": previous, "lifecycle": locked.status},
        after={"status": status.pk, "status_name": status.name, "answer": answer},
    )
    publish(ProposalAnswered(decision.pk))
    return decision
