"""Writes: following, preferences, reading, and turning events into notifications and emails.

The product's write services publish events (``cocreate.core.events``); ``handlers.py`` turns
each into a fan-out task once the write commits, and the tasks call the ``fanout_*`` functions
here, so a rolled-back write tells nobody and a slow fan-out never slows the write."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.accounts.actors import Actor, signed_in
from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.community.models import Comment
from cocreate.core.text import one_line
from cocreate.decisions.models import Decision
from cocreate.decisions.selectors import overdue_proposals
from cocreate.organizations.models import Membership
from cocreate.organizations.roles import STAFF_ROLES
from cocreate.proposals.models import Pledge, Proposal, Support
from cocreate.tracking.models import ProgressEntry

from .models import (
    DEFAULT_FREQUENCY,
    KIND_RANK,
    Follow,
    Frequency,
    Kind,
    Notification,
    Preference,
)

Target = Challenge | Proposal | User
logger = logging.getLogger(__name__)


# --- following -------------------------------------------------------------------------------


def _target_field(target: Target) -> str:
    if isinstance(target, Challenge):
        return "challenge"
    if isinstance(target, Proposal):
        return "proposal"
    if isinstance(target, User):
        return "person"
    raise ValidationError(_("You can follow a challenge, a proposal or a person."))


@transaction.atomic
def follow_add(*, actor: Actor, target: Target) -> Follow:
    """Follow a challenge, proposal or person; following twice keeps the one follow. Callers
    resolve `target` through a view selector, so a private challenge is already a 404."""
    field = _target_field(target)
    if not rules.has_perm("notifications.follow", actor, target):
        raise PermissionDenied(_("Log in to follow what you can see."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    if field == "person" and target.pk == actor.pk:
        raise ValidationError(_("You can't follow yourself."))
    lookup: dict[str, Any] = {field: target}
    follow, _created = Follow.objects.get_or_create(user=actor, **lookup)
    return follow


@transaction.atomic
def follow_remove(*, actor: Actor, target: Target) -> None:
    field = _target_field(target)
    actor = signed_in(actor)
    Follow.objects.filter(user=actor, **{field: target}).delete()


# --- preferences and reading -----------------------------------------------------------------


@transaction.atomic
def preferences_set(*, actor: Actor, choices: dict[str, str]) -> None:
    """Set how often the person hears about each kind in `choices` ({kind: frequency}), all or
    nothing, in one upsert."""
    if not rules.has_perm("accounts.change_own_settings", actor):
        raise PermissionDenied
    actor = signed_in(actor)  # the rule refused anonymous visitors
    errors: dict[str, list[str]] = {}
    for kind, frequency in choices.items():
        if kind not in Kind.values:
            errors["kind"] = [_("Choose one of the listed kinds of notification.")]
        elif frequency not in Frequency.values:
            errors[kind] = [_("Choose immediately, daily digest, weekly digest or off.")]
    if errors:
        raise ValidationError(errors)
    Preference.objects.bulk_create(
        [Preference(user=actor, kind=k, frequency=f) for k, f in choices.items()],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["frequency"],
    )


@transaction.atomic
def notifications_mark_all_read(*, actor: Actor) -> int:
    if not rules.has_perm("accounts.change_own_settings", actor):
        raise PermissionDenied
    actor = signed_in(actor)  # the rule refused anonymous visitors
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def frequencies_for(user_ids: Iterable[int]) -> dict[tuple[int, str], str]:
    """Each (user, kind)'s chosen frequency, in one query; missing pairs mean the default."""
    return {
        (user_id, kind): frequency
        for user_id, kind, frequency in Preference.objects.filter(
            user_id__in=list(user_ids)
        ).values_list("user_id", "kind", "frequency")
    }


def frequency_of(chosen: dict[tuple[int, str], str], user_id: int, kind: str) -> str:
    return chosen.get((user_id, kind), DEFAULT_FREQUENCY[Kind(kind)])


# --- producing notifications -----------------------------------------------------------------


@transaction.atomic
def notify(
    *,
    source: str,
    challenge: Challenge | None,
    proposal: Proposal | None = None,
    actor: User | None,
    url: str,
    texts: dict[str, str],
    recipients: list[tuple[str, Iterable[int]]],
) -> list[int]:
    """Tell each recipient about one event, once, as the most personal kind that applies.

    `recipients` lists (kind, user ids) most personal first: a person both mentioned and
    following the proposal gets one "mention". The actor is never told about their own act,
    nobody hears of a challenge they cannot see, and a kind set to "off" produces nothing.
    `proposal` is what the news is about: the inbox shows it only while its reader may open it.
    Running it again for the same `source` creates nothing new. Returns the ids of the
    notifications to email now (preference "immediate", not emailed yet); the fan-out task
    that called it enqueues one email task per id once this transaction has committed."""
    kind_of: dict[int, str] = {}
    for kind, user_ids in recipients:
        for user_id in user_ids:
            kind_of.setdefault(user_id, kind)
    if actor is not None:
        kind_of.pop(actor.pk, None)  # nobody hears of their own doing
    if challenge is not None:
        visible = challenge.audience(kind_of)
        kind_of = {u: k for u, k in kind_of.items() if u in visible}
    chosen = frequencies_for(kind_of)
    kind_of = {u: k for u, k in kind_of.items() if frequency_of(chosen, u, k) != Frequency.OFF}
    if not kind_of:
        return []
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=kind,
                actor=actor,
                challenge=challenge,
                proposal=proposal,
                source=source,
                url=url,
                text=texts[kind][:500],
            )
            for user_id, kind in kind_of.items()
        ],
        ignore_conflicts=True,  # the (recipient, source) constraint: a re-run adds nothing
    )
    immediate = [u for u, k in kind_of.items() if frequency_of(chosen, u, k) == Frequency.IMMEDIATE]
    ids = list(
        Notification.objects.filter(
            source=source, recipient_id__in=immediate, emailed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    return ids


def _proposal_url(proposal: Proposal) -> str:
    from django.urls import reverse

    return reverse("proposal", kwargs={"slug": proposal.challenge.slug, "pk": proposal.pk})


def fanout_proposal(proposal: Proposal) -> list[int]:
    """A new proposal: its parent's author (a remix), the author's and the challenge's followers.
    The author's followers hear only of challenges listed to them (an unlisted challenge is
    for those who have its link: their profile does not show it either)."""
    author = proposal.author
    parent_author = [proposal.parent.author_id] if proposal.parent_id else []  # type: ignore[union-attr]
    # Only those already following when it happened: a late worker must not tell people who
    # followed since about everything that came before.
    follows = Follow.objects.filter(
        Q(person=author) | Q(challenge=proposal.challenge_id), created_at__lte=proposal.created_at
    )
    person_followers = proposal.challenge.audience(
        (f.user_id for f in follows if f.person_id), listed=True
    )
    challenge_followers = [f.user_id for f in follows if f.challenge_id]
    who, title = author.username, proposal.title
    where = proposal.challenge.title
    return notify(
        source=f"proposal:{proposal.pk}",
        challenge=proposal.challenge,
        proposal=proposal,
        actor=author,
        url=_proposal_url(proposal),
        texts={
            Kind.REMIX_OF_OWN_PROPOSAL: _("%(who)s remixed your proposal as “%(title)s”")
            % {"who": who, "title": title},
            Kind.NEW_PROPOSAL_BY_FOLLOWED_PERSON: _("%(who)s proposed “%(title)s” in %(where)s")
            % {"who": who, "title": title, "where": where},
            Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE: _("New proposal in %(where)s: “%(title)s”")
            % {"where": where, "title": title},
        },
        recipients=[
            (Kind.REMIX_OF_OWN_PROPOSAL, parent_author),
            (Kind.NEW_PROPOSAL_BY_FOLLOWED_PERSON, sorted(person_followers)),
            (Kind.NEW_PROPOSAL_IN_FOLLOWED_CHALLENGE, challenge_followers),
        ],
    )


def fanout_comment(comment: Comment) -> list[int]:
    """A new comment: the people it mentions, the proposal's author, the proposal's followers."""
    proposal = comment.proposal
    mentioned = list(comment.mentions.values_list("pk", flat=True))
    followers = list(
        Follow.objects.filter(proposal=proposal, created_at__lte=comment.created_at).values_list(
            "user_id", flat=True
        )
    )
    who, title = comment.author.username, proposal.title
    return notify(
        source=f"comment:{comment.pk}",
        challenge=proposal.challenge,
        proposal=proposal,
        actor=comment.author,
        url=f"{_proposal_url(proposal)}#comment-{comment.pk}",
        texts={
            Kind.MENTION: _("%(who)s mentioned you on “%(title)s”") % {"who": who, "title": title},
            Kind.COMMENT_ON_OWN_PROPOSAL: _("%(who)s commented on your proposal “%(title)s”")
            % {"who": who, "title": title},
            Kind.COMMENT_ON_FOLLOWED_PROPOSAL: _("%(who)s commented on “%(title)s”")
            % {"who": who, "title": title},
        },
        recipients=[
            (Kind.MENTION, mentioned),
            (Kind.COMMENT_ON_OWN_PROPOSAL, [proposal.author_id]),
            (Kind.COMMENT_ON_FOLLOWED_PROPOSAL, followers),
        ],
    )


def fanout_support(support: Support) -> list[int]:
    proposal = support.proposal
    return notify(
        source=f"support:{support.pk}",
        challenge=proposal.challenge,
        proposal=proposal,
        actor=support.user,
        url=_proposal_url(proposal),
        texts={
            Kind.SUPPORT_ON_OWN_PROPOSAL: _("%(who)s supports your proposal “%(title)s”")
            % {"who": support.user.username, "title": proposal.title}
        },
        recipients=[(Kind.SUPPORT_ON_OWN_PROPOSAL, [proposal.author_id])],
    )


def fanout_progress(entry: ProgressEntry) -> list[int]:
    """A new step on an accepted proposal's timeline: its author, supporters, pledgers and
    followers hear of it, as one kind (they backed or follow the work it reports on)."""
    proposal = entry.proposal
    people = {proposal.author_id}
    people.update(Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    people.update(Support.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    people.update(Pledge.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    return notify(
        source=f"progress:{entry.pk}",
        challenge=proposal.challenge,
        proposal=proposal,
        actor=entry.author,
        url=f"{_proposal_url(proposal)}#progress-{entry.pk}",
        texts={
            Kind.PROGRESS_ON_FOLLOWED_PROPOSAL: _("Progress on “%(title)s”: %(step)s")
            % {"title": proposal.title, "step": entry.title}
        },
        recipients=[(Kind.PROGRESS_ON_FOLLOWED_PROPOSAL, sorted(people))],
    )


SNIPPET = 160  # characters of an answer quoted in a notification


def _snippet(html: str) -> str:
    """The start of an answer as one line of plain text."""
    text = " ".join(unescape(strip_tags(html)).split())
    return Truncator(text).chars(SNIPPET)


def fanout_answer(decision: Decision) -> list[int]:
    """The organization answered a proposal: its author, and the people who support it, pledged
    to it or follow it (as they were when it was answered), each told once, the author as the
    author. A proposal moderation hid is news for its author only: nobody else may open it."""
    proposal = decision.proposal
    at = decision.created_at
    backers: set[int] = set()
    if not proposal.hidden:
        for rows in (
            Support.objects.filter(proposal=proposal, created_at__lte=at),
            Pledge.objects.filter(proposal=proposal, created_at__lte=at),
            Follow.objects.filter(proposal=proposal, created_at__lte=at),
        ):
            backers.update(rows.values_list("user_id", flat=True))
    names = {
        "organization": proposal.challenge.organization.name,
        "title": proposal.title,
        "status": decision.status.name,
        "snippet": _snippet(decision.answer_html),
    }
    return notify(
        source=f"decision:{decision.pk}",
        challenge=proposal.challenge,
        proposal=proposal,
        actor=decision.actor,
        url=f"{_proposal_url(proposal)}#answer",
        texts={
            Kind.ANSWER_ON_OWN_PROPOSAL: _(
                "%(organization)s answered your proposal “%(title)s”: %(status)s. “%(snippet)s”"
            )
            % names,
            Kind.ANSWER_ON_BACKED_PROPOSAL: _(
                "%(organization)s answered “%(title)s”: %(status)s. “%(snippet)s”"
            )
            % names,
        },
        recipients=[
            (Kind.ANSWER_ON_OWN_PROPOSAL, [proposal.author_id]),
            (Kind.ANSWER_ON_BACKED_PROPOSAL, sorted(backers)),
        ],
    )


# --- email -----------------------------------------------------------------------------------


def _claim(ids: list[int], now: datetime, recipient: User) -> list[Notification]:
    """Mark `recipient`'s notifications emailed with a conditional UPDATE ... WHERE emailed_at
    IS NULL and return those this call claimed (a second run, a restarted worker, claims
    nothing) that are still in their inbox: news of something hidden since is not emailed."""
    with transaction.atomic():
        mine = Notification.objects.filter(pk__in=ids, recipient=recipient)
        mine.filter(emailed_at__isnull=True).update(emailed_at=now)
        return list(Notification.objects.in_inbox_of(recipient).filter(pk__in=ids, emailed_at=now))


def _unclaim(claimed: list[Notification], now: datetime) -> None:
    """Give back what `_claim` took at `now`, so a later run sends it."""
    Notification.objects.filter(pk__in=[n.pk for n in claimed], emailed_at=now).update(
        emailed_at=None
    )


def _send(
    subject: str, body: str, recipient: User, claimed: list[Notification], now: datetime
) -> None:
    """Email `recipient` about `claimed`; a send that fails gives them back unclaimed, and the
    error goes on to the caller (the subject is made one line first: it holds titles people
    typed, and a line break in a header refuses the whole email)."""
    try:
        send_mail(one_line(subject), body, None, [recipient.email])
    except Exception:
        _unclaim(claimed, now)
        raise


def notification_email(*, notification_id: int) -> bool:
    """Email one notification at most once. Returns whether this call sent it; a failed send
    raises, leaving the notification unclaimed for the task's retry."""
    recipient = User.objects.filter(notifications=notification_id).first()
    if recipient is None:
        return False
    now = timezone.now()
    claimed = _claim([notification_id], now, recipient)
    if not claimed or not recipient.email:
        return False
    notification = claimed[0]
    body = render_to_string(
        "notifications/email/immediate.txt",
        {"notification": notification, "site": _site()},
    )
    _send(notification.text, body, recipient, claimed, now)
    return True


def _site() -> str:
    """The address links in emails start with (COCREATE_SITE_URL); empty gives relative links."""
    return os.environ.get("COCREATE_SITE_URL", "").rstrip("/")


# --- digests ---------------------------------------------------------------------------------


@dataclass
class DigestGroup:
    challenge: Challenge | None
    kind: str
    label: str
    items: list[Notification] = field(default_factory=list)

    @property
    def latest(self) -> datetime:
        return max(n.created_at for n in self.items)


def digest_groups(notifications: Iterable[Notification]) -> list[DigestGroup]:
    """Group by challenge and kind; mentions first, then activity on one's own proposals, then
    followed activity; within a rank the most recent group first, and newest first inside."""
    groups: dict[tuple[int | None, str], DigestGroup] = {}
    for n in notifications:
        key = (n.challenge_id, n.kind)
        if key not in groups:
            groups[key] = DigestGroup(n.challenge, n.kind, str(Kind(n.kind).label))
        groups[key].items.append(n)
    for group in groups.values():
        group.items.sort(key=lambda n: (n.created_at, n.pk), reverse=True)
    return sorted(
        groups.values(),
        key=lambda g: (KIND_RANK[Kind(g.kind)], -g.latest.timestamp(), g.kind),
    )


def digests_send(*, period: str, now: datetime | None = None) -> int:
    """Email each person one digest of their unemailed notifications whose kind they want
    `period`ly. Notifications are claimed before sending, so a re-run sends nothing twice, and
    given back when sending fails, so the next run sends them. Returns the number sent."""
    if period not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValidationError({"period": [_("Choose daily or weekly.")]})
    now = now or timezone.now()
    pending = list(
        Notification.objects.filter(emailed_at__isnull=True).values_list(
            "pk", "recipient_id", "kind"
        )
    )
    chosen = frequencies_for({r for _pk, r, _k in pending})
    by_person: dict[int, list[int]] = {}
    for pk, recipient_id, kind in pending:
        if frequency_of(chosen, recipient_id, kind) == period:
            by_person.setdefault(recipient_id, []).append(pk)
    sent = 0
    subject = (
        _("Your daily Cocreate digest")
        if period == Frequency.DAILY
        else _("Your weekly Cocreate digest")
    )
    recipients = User.objects.in_bulk(by_person)
    for recipient_id, ids in by_person.items():
        recipient = recipients[recipient_id]
        claimed = _claim(ids, now, recipient)
        if not claimed or not recipient.email:
            continue
        challenges = {
            c.pk: c
            for c in Challenge.objects.filter(
                pk__in={n.challenge_id for n in claimed if n.challenge_id}
            ).only("pk", "title", "slug")
        }
        for n in claimed:
            n.challenge = challenges.get(n.challenge_id)  # type: ignore[arg-type]
        body = render_to_string(
            "notifications/email/digest.txt",
            {"recipient": recipient, "groups": digest_groups(claimed), "site": _site()},
        )
        try:
            _send(subject, body, recipient, claimed, now)
        except Exception:  # one person's failed digest waits for the next run, not everyone's
            logger.exception("Digest to user %s not sent; it stays pending", recipient_id)
            continue
        sent += 1
    return sent


# --- the staff's daily digest of overdue proposals ---------------------------------------


@dataclass(frozen=True, slots=True)
class Overdue:
    """One proposal past its promised answer date, as the staff's digest lists it."""

    proposal: Proposal
    days: int  # whole days past the promise

    @property
    def url(self) -> str:
        return _proposal_url(self.proposal)


def overdue_digests_send(*, now: datetime | None = None) -> int:
    """Email each organization's staff (owners and staff) one list of its proposals overdue
    for an answer, once a day: each email is a notification (`Kind.OVERDUE_PROPOSALS`, source
    "overdue:<organization>:<date>", unique per person) claimed before it is sent, so a second
    run the same day sends nothing; a person who set the kind to "off" gets none. Nothing is
    sent to an organization with nothing overdue. Returns the number of emails sent."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    by_org: dict[int, list[Overdue]] = {}
    for proposal in overdue_proposals(now=now):
        days = (now - proposal.review_due).days  # type: ignore[operator]
        by_org.setdefault(proposal.challenge.organization_id, []).append(Overdue(proposal, days))
    staff: dict[int, list[int]] = {}
    for org_id, user_id in Membership.objects.filter(
        organization_id__in=by_org, role__in=STAFF_ROLES
    ).values_list("organization_id", "user_id"):
        staff.setdefault(org_id, []).append(user_id)
    chosen = frequencies_for({u for people in staff.values() for u in people})
    people = User.objects.in_bulk({u for members in staff.values() for u in members})
    sent = 0
    for org_id, overdue in by_org.items():
        wanted = [
            u
            for u in staff.get(org_id, [])
            if frequency_of(chosen, u, Kind.OVERDUE_PROPOSALS) != Frequency.OFF
        ]
        if not wanted:
            continue
        organization = overdue[0].proposal.challenge.organization
        text = ngettext(
            "%(n)s proposal is overdue for an answer at %(organization)s",
            "%(n)s proposals are overdue for an answer at %(organization)s",
            len(overdue),
        ) % {"n": len(overdue), "organization": organization.name}
        source = f"overdue:{org_id}:{day.isoformat()}"
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=u,
                    kind=Kind.OVERDUE_PROPOSALS,
                    source=source,
                    url=overdue[0].url,
                    text=text[:500],
                )
                for u in wanted
            ],
            ignore_conflicts=True,  # today's is made once per person
        )
        pending = Notification.objects.filter(
            source=source, recipient_id__in=wanted, emailed_at__isnull=True
        ).values_list("pk", "recipient_id")
        for pk, recipient_id in pending:
            recipient = people[recipient_id]
            if not _claim([pk], now, recipient) or not recipient.email:
                continue
            body = render_to_string(
                "notifications/email/overdue.txt",
                {"recipient": recipient, "organization": organization, "overdue": overdue,
                 "site": _site()},
            )  # fmt: skip
            try:
                _send(text, body, recipient, [Notification(pk=pk)], now)
            except Exception:  # one failed email waits for tomorrow's run, not everyone's
                logger.exception("Overdue digest to user %s not sent", recipient_id)
                continue
            sent += 1
    return sent
