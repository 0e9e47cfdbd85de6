"""Writes of moderation: reports, decisions and the audit log."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.accounts.models import User
from cocreate.audit.services import audit_record
from cocreate.community.models import Comment
from cocreate.proposals.models import Proposal

from .models import (
    REPORTS_TO_HIDE,
    AuditAction,
    AuditLog,
    Decision,
    Reason,
    Report,
)
from .rates import is_new_account

MAX_NOTE = 500


def _target(proposal: Proposal | None, comment: Comment | None) -> Proposal | Comment:
    if (proposal is None) == (comment is None):
        raise ValidationError(_("Choose one proposal or one comment to report."))
    return proposal if proposal is not None else comment  # type: ignore[return-value]


def _proposal_of(target: Proposal | Comment) -> Proposal:
    return target.proposal if isinstance(target, Comment) else target


def target_repr(target: Proposal | Comment) -> str:
    if isinstance(target, Comment):
        return _("Comment #%(id)s by %(who)s on “%(title)s”: %(text)s") % {
            "id": target.pk,
            "who": target.author.username,
            "title": target.proposal.title,
            "text": target.body[:80],
        }
    return _("Proposal #%(id)s “%(title)s” by %(who)s") % {
        "id": target.pk,
        "title": target.title,
        "who": target.author.username,
    }


def _target_url(target: Proposal | Comment) -> str:
    proposal = _proposal_of(target)
    url = reverse("proposal", args=[proposal.challenge.slug, proposal.pk])
    return f"{url}#comment-{target.pk}" if isinstance(target, Comment) else url


def _set_hidden(target: Proposal | Comment, *, hidden: bool) -> bool:
    """Hide or show the target; True when that changed anything (a conditional UPDATE, so
    two moderators or two reports at once change it once)."""
    model = type(target)
    changed = model.objects.filter(pk=target.pk, hidden=not hidden).update(hidden=hidden)
    target.hidden = hidden
    return bool(changed)


def _open_reports(target: Proposal | Comment) -> Any:
    field = "comment" if isinstance(target, Comment) else "proposal"
    return Report.objects.filter(**{field: target, "resolved_at__isnull": True})


def _log(
    *, organization_id: int, actor: User | None, action: str, target: Proposal | Comment, note: str
) -> AuditLog:
    return AuditLog.objects.create(
        organization_id=organization_id,
        actor=actor,
        action=action,
        target_repr=target_repr(target)[:300],
        target_url=_target_url(target)[:300],
        note=note,
    )


@transaction.atomic
def report_create(
    *,
    actor: Actor,
    proposal: Proposal | None = None,
    comment: Comment | None = None,
    reason: str,
    note: str = "",
) -> Report:
    """Flag a proposal or a comment for the organization's moderators. The REPORTS_TO_HIDE-th
    open report from a trusted account hides it until a moderator decides; reports from new
    accounts wait in the queue."""
    target = _target(proposal, comment)
    challenge = _proposal_of(target).challenge
    if not rules.has_perm("moderation.report", actor, challenge):
        raise PermissionDenied(_("Log in to report content on a challenge you can see."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    errors: dict[str, list[str]] = {}
    if reason not in Reason.values:
        errors["reason"] = [_("Choose why: spam, abuse, off-topic or something else.")]
    note = note.strip()
    if len(note) > MAX_NOTE or "\x00" in note:
        errors["note"] = [_("Keep the note under 500 characters.")]
    if target.author_id == actor.pk:
        errors["__all__"] = [_("You can't report what you wrote yourself.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                organization_id=challenge.organization_id,
                reporter=actor,
                proposal=proposal,
                comment=comment,
                reason=reason,
                note=note,
                trusted=not is_new_account(actor),
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have already reported this; the moderators will look at it.")
        ) from error
    trusted_reports = _open_reports(target).filter(trusted=True).count()
    if trusted_reports >= REPORTS_TO_HIDE and _set_hidden(target, hidden=True):
        note = _("Hidden pending a moderator after %(n)d reports.") % {"n": REPORTS_TO_HIDE}
        _log(
            organization_id=challenge.organization_id,
            actor=None,
            action=AuditAction.AUTO_HIDE,
            target=target,
            note=note,
        )
        audit_record(
            actor=None,
            organization=challenge.organization_id,
            action="moderation.auto_hide",
            target=target,
            label=target_repr(target),
            before={"hidden": False},
            after={"hidden": True, "trusted_reports": trusted_reports, "note": note},
        )
    return report


@transaction.atomic
def moderation_decide(
    *,
    actor: Actor,
    proposal: Proposal | None = None,
    comment: Comment | None = None,
    decision: str,
    note: str = "",
) -> AuditLog:
    """A moderator's call on a target: hide it, restore it (show it again), or dismiss its
    reports leaving it as it is. Closes every open report on it and writes the audit log."""
    target = _target(proposal, comment)
    challenge = _proposal_of(target).challenge
    if not rules.has_perm("moderation.moderate", actor, challenge.organization):
        raise PermissionDenied(_("Only this organization's moderators can do that."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Choose hide, restore or dismiss.")]})
    note = note.strip()
    if "\x00" in note or len(note) > 2000:
        raise ValidationError({"note": [_("Keep the note under 2,000 characters.")]})
    was_hidden = target.hidden
    if decision == Decision.HIDE:
        was_hidden = not _set_hidden(target, hidden=True)
    elif decision == Decision.RESTORE:
        was_hidden = _set_hidden(target, hidden=False)
    closed = _open_reports(target).update(resolved_at=timezone.now(), resolution=decision)
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action=f"moderation.{decision}",
        target=target,
        label=target_repr(target),
        before={"hidden": was_hidden, "open_reports": closed},
        after={"hidden": target.hidden, "open_reports": 0, "note": note},
    )
    return _log(
        organization_id=challenge.organization_id,
        actor=actor,
        action=decision,
        target=target,
        note=note,
    )


__all__ = [
    "moderation_decide",
    "report_create",
]
