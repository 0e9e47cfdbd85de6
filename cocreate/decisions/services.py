"""Answering proposals (a change of status always comes with a public answer) and the
statuses an organization answers with."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.audit.services import audit_record
from cocreate.core.events import publish
from cocreate.core.markdown import render_markdown
from cocreate.core.text import control_character
from cocreate.organizations.models import Organization, ProposalStatus, Stage, StatusColour
from cocreate.proposals.models import Proposal, Status
from cocreate.proposals.services import supports_give_back

from .events import ProposalAnswered
from .models import Decision

MAX_ANSWER = 10_000
MAX_NAME = 60
MAX_POSITION = 32_767


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
    locked = Proposal.objects.select_related("answer_status").select_for_update(of=("self",))
    locked_proposal = locked.get(pk=proposal.pk)
    if locked_proposal.merged_into_id is not None:
        raise ValidationError(
            {"status": [_("This proposal is merged into another; unmerge it first.")]}
        )
    now = timezone.now()
    previous = locked_proposal.answer_status
    decision = Decision.objects.create(
        proposal=locked_proposal,
        status=status,
        previous=previous,
        answer=answer,
        answer_html=render_markdown(answer),
        actor=actor,
    )
    lifecycle = locked_proposal.status
    if status.closes and lifecycle in (Status.PUBLISHED, Status.UNDER_REVIEW):
        lifecycle = Status.CLOSED
        supports_give_back(proposal=locked_proposal)
    elif not status.closes and lifecycle == Status.CLOSED:
        lifecycle = Status.PUBLISHED
    Proposal.objects.filter(pk=locked_proposal.pk).update(
        status=lifecycle,
        answer_status=status,
        answered_at=now,
        first_answered_at=locked_proposal.first_answered_at or now,
    )
    proposal.refresh_from_db()
    audit_record(
        actor=actor,
        organization=status.organization_id,
        action="decisions.status_change",
        target=proposal,
        before={
            "status": previous.pk if previous else None,
            "status_name": previous.name if previous else None,
            "lifecycle": locked_proposal.status,
        },
        after={
            "status": status.pk,
            "status_name": status.name,
            "lifecycle": lifecycle,
            "answer": answer,
        },
    )
    publish(ProposalAnswered(decision.pk))
    return decision


# --- the statuses an organization answers with -------------------------------------------


def _fields(status: ProposalStatus) -> dict[str, Any]:
    """A status as the audit log keeps it."""
    return {
        "name": status.name,
        "colour": status.colour,
        "stage": status.stage,
        "closes": status.closes,
        "template": status.template,
        "position": status.position,
    }


def _check_status(
    organization: Organization, status: ProposalStatus | None, values: dict[str, Any]
) -> dict[str, Any]:
    """`values` (name, colour, stage, closes, template, position) cleaned, or a ValidationError
    naming each field that is wrong. `status` is the one being changed (None: a new one)."""
    errors: dict[str, list[str]] = {}
    name = str(values["name"]).strip()
    others = ProposalStatus.objects.filter(organization=organization)
    if status is not None:
        others = others.exclude(pk=status.pk)
    if not name:
        errors["name"] = [_("Give the status a name, such as “Planned”.")]
    elif len(name) > MAX_NAME:
        errors["name"] = [_("Keep the name under 60 characters.")]
    elif refused := control_character(name, _("name")):
        errors["name"] = [refused]
    elif others.filter(name__iexact=name).exists():
        errors["name"] = [_("“%(name)s” is already one of your statuses.") % {"name": name}]
    if values["colour"] not in StatusColour.values:
        errors["colour"] = [_("Choose one of the listed colours.")]
    if values["stage"] not in Stage.values:
        errors["stage"] = [_("Choose one of the listed stages.")]
    elif (
        status is not None
        and status.stage == Stage.MERGED
        and values["stage"] != Stage.MERGED
        and not others.filter(stage=Stage.MERGED).exists()
    ):
        errors["stage"] = [_("Merging needs a status at the “Merged” stage: keep this one there.")]
    template = str(values["template"]).replace("\r\n", "\n")
    if len(template) > MAX_ANSWER:
        errors["template"] = [_("Keep the answer template under 10,000 characters.")]
    elif refused := control_character(template, _("answer template"), lines=True):
        errors["template"] = [refused]
    position = values["position"]
    if not isinstance(position, int) or not 0 <= position <= MAX_POSITION:
        errors["position"] = [_("Give the position as a whole number from 0 to 32767.")]
    if errors:
        raise ValidationError(errors)
    return {**values, "name": name, "template": template, "closes": bool(values["closes"])}


def _saved(status: ProposalStatus) -> None:
    """Save, turning a name taken by a concurrent write into the same message as the check's."""
    try:
        with transaction.atomic():
            status.save()
    except IntegrityError:
        raise ValidationError(
            {"name": [_("“%(name)s” is already one of your statuses.") % {"name": status.name}]}
        ) from None


@transaction.atomic
def status_create(
    *,
    actor: Actor,
    organization: Organization,
    name: str,
    colour: str,
    stage: str,
    closes: bool,
    template: str,
    position: int | None = None,
) -> ProposalStatus:
    """Add a status the organization's staff may answer with (last, without a `position`)."""
    if not rules.has_perm("decisions.configure_statuses", actor, organization):
        raise PermissionDenied
    if position is None:
        last = ProposalStatus.objects.filter(organization=organization).aggregate(Max("position"))
        position = min((last["position__max"] or 0) + 1, MAX_POSITION)
    values = _check_status(
        organization,
        None,
        {"name": name, "colour": colour, "stage": stage, "closes": closes,
         "template": template, "position": position},
    )  # fmt: skip
    status = ProposalStatus(organization=organization, **values)
    _saved(status)
    audit_record(
        actor=actor,
        organization=organization,
        action="decisions.status_create",
        target=status,
        after=_fields(status),
    )
    return status


@transaction.atomic
def status_update(
    *,
    actor: Actor,
    status: ProposalStatus,
    name: str,
    colour: str,
    stage: str,
    closes: bool,
    template: str,
    position: int,
) -> ProposalStatus:
    """Rename, recolour, restage or reorder a status, or change its template. What it changes
    shows at once on every proposal answered with it: their cached cards and headings are
    invalidated with one UPDATE that the activity triggers see (core/activity.py)."""
    organization = status.organization
    if not rules.has_perm("decisions.configure_statuses", actor, organization):
        raise PermissionDenied
    values = _check_status(
        organization,
        status,
        {"name": name, "colour": colour, "stage": stage, "closes": closes,
         "template": template, "position": position},
    )  # fmt: skip
    before = _fields(status)
    for field, value in values.items():
        setattr(status, field, value)
    after = _fields(status)
    if before == after:
        return status
    _saved(status)
    if (before["name"], before["colour"]) != (after["name"], after["colour"]):
        Proposal.objects.filter(answer_status=status).update(answer_status=status)
    changed = [field for field in after if before[field] != after[field]]
    audit_record(
        actor=actor,
        organization=organization,
        action="decisions.status_update",
        target=status,
        before={field: before[field] for field in changed},
        after={field: after[field] for field in changed},
    )
    return status


@transaction.atomic
def status_remove(*, actor: Actor, status: ProposalStatus) -> None:
    """Remove a status nobody was ever answered with. One that a proposal shows, or an answer
    used, stays (the public record names it): rename it instead."""
    organization = status.organization
    if not rules.has_perm("decisions.configure_statuses", actor, organization):
        raise PermissionDenied
    locked = ProposalStatus.objects.select_for_update().filter(pk=status.pk).first()
    if locked is None:
        return  # already removed: a second click removes nothing more
    used = Proposal.objects.filter(answer_status=locked).count()
    in_use = ValidationError(
        {
            "status": [
                _(
                    "“%(name)s” has been used to answer proposals (%(n)s show it now), so it "
                    "stays in the public record: rename it instead of removing it."
                )
                % {"name": locked.name, "n": used}
            ]
        }
    )
    if used or Decision.objects.filter(Q(status=locked) | Q(previous=locked)).exists():
        raise in_use
    others = ProposalStatus.objects.filter(organization=organization).exclude(pk=locked.pk)
    if locked.stage == Stage.MERGED and not others.filter(stage=Stage.MERGED).exists():
        raise ValidationError(
            {"status": [_("Merging needs a status at the “Merged” stage: keep this one.")]}
        )
    audit_record(
        actor=actor,
        organization=organization,
        action="decisions.status_remove",
        target=locked,
        before=_fields(locked),
    )
    try:
        with transaction.atomic():
            locked.delete()
    except ProtectedError:  # another room's rows name it (an answer kept elsewhere)
        raise in_use from None
