"""Writes of moderation: reports, decisions and the audit log; and the rate checker that other
apps' services call first."""

from __future__ import annotations

import math
import time
from datetime import datetime
from typing import Any

import rules
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.community.models import Comment
from cocreate.proposals.models import Proposal

from . import limits
from .models import (
    REPORTS_TO_HIDE,
    AuditAction,
    AuditLog,
    Decision,
    HiddenContent,
    Reason,
    Report,
)

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


def _set_hidden(target: Proposal | Comment, *, hidden: bool, by: Any = None) -> bool:
    """Hide or show the target; True when that changed anything (idempotent under races)."""
    if isinstance(target, Comment):
        changed = Comment.objects.filter(pk=target.pk, hidden=not hidden).update(hidden=hidden)
        target.hidden = hidden
        return bool(changed)
    if hidden:
        _row, created = HiddenContent.objects.get_or_create(
            proposal=target, defaults={"challenge_id": target.challenge_id, "hidden_by": by}
        )
        return created
    deleted, _count = HiddenContent.objects.filter(proposal=target).delete()
    return bool(deleted)


def _open_reports(target: Proposal | Comment) -> Any:
    field = "comment" if isinstance(target, Comment) else "proposal"
    return Report.objects.filter(**{field: target, "resolved_at__isnull": True})


def _log(
    *, organization_id: int, actor: Any, action: str, target: Proposal | Comment, note: str
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
    actor: Any,
    proposal: Proposal | None = None,
    comment: Comment | None = None,
    reason: str,
    note: str = "",
) -> Report:
    """Flag a proposal or a comment for the organization's moderators. The REPORTS_TO_HIDE-th
    open report hides it until a moderator decides."""
    target = _target(proposal, comment)
    challenge = _proposal_of(target).challenge
    if not rules.has_perm("moderation.report", actor, challenge):
        raise PermissionDenied(_("Log in to report content on a challenge you can see."))
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
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have already reported this; the moderators will look at it.")
        ) from error
    if _open_reports(target).count() >= REPORTS_TO_HIDE and _set_hidden(target, hidden=True):
        _log(
            organization_id=challenge.organization_id,
            actor=None,
            action=AuditAction.AUTO_HIDE,
            target=target,
            note=_("Hidden pending a moderator after %(n)d reports.") % {"n": REPORTS_TO_HIDE},
        )
    return report


@transaction.atomic
def moderation_decide(
    *,
    actor: Any,
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
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Choose hide, restore or dismiss.")]})
    note = note.strip()
    if "\x00" in note or len(note) > 2000:
        raise ValidationError({"note": [_("Keep the note under 2,000 characters.")]})
    if decision == Decision.HIDE:
        _set_hidden(target, hidden=True, by=actor)
    elif decision == Decision.RESTORE:
        _set_hidden(target, hidden=False)
    _open_reports(target).update(resolved_at=timezone.now(), resolution=decision)
    return _log(
        organization_id=challenge.organization_id,
        actor=actor,
        action=decision,
        target=target,
        note=note,
    )


# --- Rate limits -------------------------------------------------------------------------------

TRUST_CACHE_SECONDS = 3600


def _accepted_contributions(actor: Any, enough: int) -> int:
    """Contributions moderation left standing: proposals not hidden and comments not hidden."""
    proposals = (
        Proposal.objects.filter(author=actor)
        .exclude(pk__in=HiddenContent.objects.values("proposal_id"))
        .values("pk")[:enough]
    )
    found = len(proposals)
    if found >= enough:
        return found
    comments = Comment.objects.filter(author=actor, hidden=False).values("pk")[: enough - found]
    return found + len(comments)


def is_new_account(actor: Any, *, now: datetime | None = None) -> bool:
    """New until 24 h old with 3 accepted contributions; earned trust is cached for an hour."""
    if actor is None or not actor.is_authenticated:
        return True
    key = f"trusted:{actor.pk}"
    if cache.get(key):
        return False
    now = now or timezone.now()
    joined = actor.date_joined.timestamp() if actor.date_joined else now.timestamp()
    if not limits.old_enough(joined_at=joined, now=now.timestamp()):
        return True
    count = _accepted_contributions(actor, limits.TRUSTED_AFTER_CONTRIBUTIONS)
    new = limits.is_new_account(joined_at=joined, now=now.timestamp(), accepted_contributions=count)
    if not new:
        cache.set(key, True, TRUST_CACHE_SECONDS)
    return new


def _try_again(retry_at: float, now: float) -> str:
    moment = timezone.localtime(
        datetime.fromtimestamp(retry_at, tz=timezone.get_current_timezone())
    )
    minutes = max(1, math.ceil((retry_at - now) / 60))
    return ngettext(
        "Try again after %(time)s (in %(n)d minute).",
        "Try again after %(time)s (in %(n)d minutes).",
        minutes,
    ) % {"time": time_format(moment, "H:i"), "n": minutes}


def _describe(limit: limits.Limit) -> str:
    messages = {
        "new_post": _(
            "While your account is new you can post at most %(n)d proposals or comments an hour."
        ),
        "proposal": _("You can submit at most %(n)d proposals an hour."),
        "comment": _("You can post at most %(n)d comments an hour."),
        "support": _("You can support at most %(n)d proposals an hour."),
        "signup": _("At most %(n)d accounts can be created from one address an hour."),
    }
    return messages[limit.bucket] % {"n": limit.most}


def check_rate(
    *, actor: Any, action: str, ip: str = "", text: str = "", now: float | None = None
) -> None:
    """Refuse, with a ValidationError naming when to try again, an action over its limit.
    Fixed windows counted in the shared cache (Redis when REDIS_URL is set), so every app
    server sees the same counts. Call it first thing in the service that does `action`
    ("proposal", "comment", "support"; "signup" with `ip`)."""
    if action not in limits.ACTIONS:
        raise ValueError(f"unknown rate-limited action {action!r}")
    new = action != "signup" and is_new_account(actor)
    if (
        action == "comment"
        and text
        and not limits.links_allowed(new_account=new)
        and limits.contains_link(text)
    ):
        raise ValidationError(
            {
                "body": [
                    _(
                        "New accounts can't post links yet: remove the link, or post it "
                        "after your first day and 3 contributions."
                    )
                ]
            }
        )
    subject = f"ip:{ip or 'unknown'}" if action == "signup" else f"user:{actor.pk}"
    now = time.time() if now is None else now
    for limit in limits.limits_for(action, new_account=new):
        start = limits.window_start(now, limit.window_seconds)
        key = f"rate:{limit.bucket}:{subject}:{start}"
        cache.add(key, 0, timeout=limit.window_seconds + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=limit.window_seconds + 60)
            used = 1
        if used > limit.most:
            raise ValidationError(
                f"{_describe(limit)} {_try_again(start + limit.window_seconds, now)}"
            )


__all__ = [
    "check_rate",
    "is_new_account",
    "moderation_decide",
    "report_create",
]
