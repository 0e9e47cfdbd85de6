"""Merging a duplicate proposal into another, and undoing it.

Merge B (the source) into A (the target): B is closed with the organization's Merged status
and a public answer, and its backing moves to A, so nobody supports A twice or exceeds a
budget:

- a support of B moves to A as it is (the row keeps its id and `holds_budget`: the person's
  budget is unchanged), unless the person already supports A, opposes A or wrote A: then the
  support is given back instead (its budget too, when it held one) and not moved;
- a pledge to B moves to A, unless the person pledged the same kind to A: both pledges then
  stay where they are (nothing is summed: the same money may have been offered to two versions
  of one idea, and an unmerge has nothing to take apart);
- B's followers follow A too (B's follows stay); oppositions and comments stay on B, whose
  page stays readable and links to A, as A's links back.

Every moved row is recorded (`MergedSupport`, `MergedPledge`, `MergedFollow`) so that the unmerge
puts back exactly what moved: a moved support that still exists goes back to B with the budget
state it had; a support given back is made again on B. A support that held budget and no
longer does (it was given back, or A was closed since) takes one of the person's supports again
if they have one left, and is otherwise restored without budget: nothing is lost and no budget
is exceeded. A support the person withdrew since stays withdrawn; one whose person supports or
opposes B again since (the person's later word) stays on A.

Locks. Support writes take supports, then budgets, then the proposal. A merge takes them in the
same order, each with NOWAIT: when a row is busy (a resident's support being written), the
attempt rolls back, releasing what it took, and starts again after a short pause. Some waits
have no NOWAIT: a resident's new support is in the unique index before its foreign-key check
waits for our lock on the proposal, so moving a support onto it would wait for that resident
while they wait for us. Every attempt therefore also runs with a lock timeout of LOCK_WAIT_MS,
far below PostgreSQL's deadlock check: the merge gives way and tries again, so a resident never
sees a deadlock. Once a merge holds both proposals, no new support, pledge or follow can be
added to them until it commits (their foreign-key checks wait for it).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.accounts.models import User
from cocreate.audit.services import audit_record
from cocreate.challenges.models import Challenge
from cocreate.core.events import publish
from cocreate.core.markdown import render_markdown
from cocreate.core.text import control_character
from cocreate.decisions.events import ProposalAnswered
from cocreate.decisions.models import Decision
from cocreate.notifications.models import Follow
from cocreate.organizations.models import ProposalStatus, Stage
from cocreate.proposals.models import Opposition, Pledge, Proposal, Status, Support, SupportBudget
from cocreate.proposals.services import proposal_ladder_update

from .models import Merge, MergedFollow, MergedPledge, MergedSupport, Outcome
from .selectors import merged_status

OPEN = (Status.PUBLISHED, Status.UNDER_REVIEW)
MAX_ANSWER = 10_000
ATTEMPTS = 40  # tries at taking every lock at once before telling staff to try again
PAUSE = 0.05  # seconds between tries (times a random factor from 0.5 to 1.5)
LOCK_WAIT_MS = 50  # the longest a merge waits for a row that NOWAIT can't name (see above)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's answer to NOWAIT on a busy row, or a lock timeout

T = TypeVar("T")


class Busy(Exception):
    """A row the write needs is locked by another transaction right now."""


def _nowait(run: Callable[[], T]) -> T:
    """`run()` in a savepoint, tried again while PostgreSQL says a row it needs is busy."""
    postgresql = connection.vendor == "postgresql"
    for _attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                if postgresql:  # rolled back with the savepoint, reset below when it succeeds
                    with connection.cursor() as cursor:
                        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
                result = run()
                if postgresql:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout TO DEFAULT")
                return result
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
        time.sleep(PAUSE * (0.5 + random.random()))
    raise ValidationError(
        _("These proposals are being supported right now. Try again in a moment."),
        code="busy",
    )


@dataclass(frozen=True)
class _Held:
    """What a merge or unmerge holds: both proposals, and their supports as
    {pk: (proposal id, user id, holds budget)}."""

    proposals: dict[int, Proposal]
    supports: dict[int, tuple[int, int, bool]]


def _lock(challenge: Challenge, proposal_ids: list[int], also_users: set[int]) -> _Held:
    """Supports, then budgets, then the proposals, each with NOWAIT (see the module's note).
    The supports are read again once the proposals are held: any added in between committed
    before the proposals' lock was granted, and are locked now with their people's budgets."""

    def supports() -> dict[int, tuple[int, int, bool]]:
        rows = (
            Support.objects.select_for_update(nowait=True)
            .filter(proposal_id__in=proposal_ids)
            .order_by("pk")
            .values_list("pk", "proposal_id", "user_id", "holds_budget")
        )
        return {pk: (proposal, user, holds) for pk, proposal, user, holds in rows}

    def budgets(users: set[int]) -> None:
        list(
            SupportBudget.objects.select_for_update(nowait=True)
            .filter(challenge=challenge, user_id__in=users)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    first = supports()
    people = {user for _p, user, _h in first.values()} | also_users
    budgets(people)
    proposals = {
        proposal.pk: proposal
        for proposal in Proposal.objects.select_for_update(nowait=True)
        .filter(pk__in=proposal_ids)
        .order_by("pk")
    }
    held = supports()
    if newcomers := {user for _p, user, _h in held.values()} - people:
        budgets(newcomers)
    for proposal in proposals.values():
        proposal.challenge = challenge
    return _Held(proposals, held)


def _checked_answer(answer: str) -> str:
    answer = answer.strip()
    if not answer:
        raise ValidationError(
            {"answer": [_("Write the public answer: it tells the author and backers why.")]}
        )
    if len(answer) > MAX_ANSWER:
        raise ValidationError({"answer": [_("Keep the answer under 10,000 characters.")]})
    if refused := control_character(answer, _("answer"), lines=True):
        raise ValidationError({"answer": [refused]})
    return answer


def _merged_status(challenge: Challenge) -> ProposalStatus:
    found = merged_status(organization_id=challenge.organization_id)
    if found is None:
        raise ValidationError(
            _(
                "Your organization has no status of the “Merged” stage: add one in its statuses "
                "to merge proposals."
            )
        )
    return found


def _recount(proposal_ids: list[int]) -> None:
    """Set both counts from the rows, exactly, in one statement."""

    def counted(model: type[Support] | type[Opposition]) -> Coalesce:
        rows = (
            model.objects.filter(proposal_id=OuterRef("pk"))
            .order_by()
            .values("proposal_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows), Value(0))

    Proposal.objects.filter(pk__in=proposal_ids).update(
        support_count=counted(Support), oppose_count=counted(Opposition)
    )


def _give_back(challenge: Challenge, users: list[int]) -> None:
    """One support back to each of these people (their supports that held budget are gone)."""
    if users:
        SupportBudget.objects.filter(challenge=challenge, user_id__in=users, used__gt=0).update(
            used=F("used") - 1
        )


def _spend(challenge: Challenge, users: set[int]) -> set[int]:
    """Take one support from each of these people who has one left; those it was taken from.
    One statement (their budget rows are locked already, `_lock`)."""
    if challenge.support_budget is None or not users:
        return set()
    SupportBudget.objects.bulk_create(
        [SupportBudget(challenge=challenge, user_id=user) for user in sorted(users)],
        ignore_conflicts=True,
    )
    table = SupportBudget._meta.db_table
    marks = ", ".join(["%s"] * len(users))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET used = used + 1 "  # noqa: S608 - names are ours, values params
            f"WHERE challenge_id = %s AND used < %s AND user_id IN ({marks}) RETURNING user_id",
            [challenge.pk, challenge.support_budget, *sorted(users)],
        )
        return {row[0] for row in cursor.fetchall()}


@transaction.atomic
def proposal_merge(*, actor: Actor, source: Proposal, target: Proposal, answer: str) -> Merge:
    """Merge `source` (B) into `target` (A) with a public `answer` (Markdown) on B: see the
    module's note for what moves. Staff of the challenge's organization only; both open
    proposals of the same challenge, neither merged, and B with nothing merged into it."""
    challenge = source.challenge
    if not rules.has_perm("merges.merge_proposals", actor, challenge):
        raise PermissionDenied
    user = signed_in(actor)
    if target.challenge_id != source.challenge_id:
        raise ValidationError({"target": [_("Choose one of this challenge's proposals.")]})
    if target.pk == source.pk:
        raise ValidationError({"target": [_("A proposal can't be merged into itself.")]})
    answer = _checked_answer(answer)
    status = _merged_status(challenge)
    return _nowait(lambda: _merge(user, challenge, source.pk, target.pk, status, answer))


def _refusals(source: Proposal, target: Proposal) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if source.merged_into_id is not None:
        errors["__all__"] = [_("This proposal is already merged into another.")]
    elif Merge.objects.filter(target=source, undone_at=None).exists():
        errors["__all__"] = [
            _(
                "Other proposals are merged into this one: unmerge them first, or merge them "
                "into the other proposal directly."
            )
        ]
    elif source.status not in OPEN:
        errors["__all__"] = [
            _("Only an open proposal can be merged: this one is “%(status)s”.")
            % {"status": source.get_status_display()}
        ]
    if target.merged_into_id is not None:
        errors["target"] = [
            _("That proposal is itself merged into another: merge into that one instead.")
        ]
    elif target.status not in OPEN:
        errors["target"] = [
            _("Merge into an open proposal: that one is “%(status)s”.")
            % {"status": target.get_status_display()}
        ]
    elif target.hidden:
        errors["target"] = [_("That proposal is hidden by moderation: choose another.")]
    return errors


def _merge(
    user: User,
    challenge: Challenge,
    source_pk: int,
    target_pk: int,
    status: ProposalStatus,
    answer: str,
) -> Merge:
    held = _lock(challenge, [source_pk, target_pk], set())
    source, target = held.proposals[source_pk], held.proposals[target_pk]
    if errors := _refusals(source, target):
        raise ValidationError(errors)
    merge = Merge.objects.create(
        source=source,
        target=target,
        actor=user,
        previous_status_id=source.answer_status_id,
        previous_lifecycle=source.status,
    )
    supports = _move_supports(merge, held)
    pledges = _move_pledges(merge)
    follows = _add_follows(merge)
    now = timezone.now()
    Proposal.objects.filter(pk=source_pk).update(
        status=Status.CLOSED,
        answer_status=status,
        answered_at=now,
        first_answered_at=source.first_answered_at or now,
        merged_into=target,
    )
    decision = Decision.objects.create(
        proposal=source,
        status=status,
        previous_id=source.answer_status_id,
        answer=answer,
        answer_html=render_markdown(answer),
        actor=user,
    )
    _recount([source_pk, target_pk])
    target.refresh_from_db(fields=["support_count", "oppose_count"])
    proposal_ladder_update(proposal=target)  # its new backers may carry it up the ladder
    audit_record(
        actor=user,
        organization=challenge.organization_id,
        action="merges.merge",
        target=source,
        before={
            "status": source.answer_status_id,
            "lifecycle": source.status,
            "merged_into": None,
            "support_count": source.support_count,
        },
        after={
            "status": status.pk,
            "status_name": status.name,
            "lifecycle": Status.CLOSED,
            "merged_into": target.pk,
            "merged_into_title": target.title,
            "answer": answer,
            "supports_moved": supports[Outcome.MOVED],
            "supports_given_back": sum(supports.values()) - supports[Outcome.MOVED],
            "pledges_moved": pledges,
            "follows_added": follows,
        },
    )
    publish(ProposalAnswered(decision.pk))
    return merge


def _move_supports(merge: Merge, held: _Held) -> dict[str, int]:
    """B's supports to A, or given back (see the module's note); how many had each outcome."""
    source, target = merge.source, merge.target
    on_target = {user for proposal, user, _h in held.supports.values() if proposal == target.pk}
    opposing = set(Opposition.objects.filter(proposal=target).values_list("user_id", flat=True))
    records: list[MergedSupport] = []
    for pk, (proposal, user, holds) in held.supports.items():
        if proposal != source.pk:
            continue
        outcome = Outcome.MOVED
        if user in on_target:
            outcome = Outcome.BOTH
        elif user in opposing:
            outcome = Outcome.OPPOSES
        elif user == target.author_id:
            outcome = Outcome.AUTHOR
        records.append(
            MergedSupport(
                merge=merge, user_id=user, support_pk=pk, holds_budget=holds, outcome=outcome
            )
        )
    MergedSupport.objects.bulk_create(records)
    moved = [r.support_pk for r in records if r.outcome == Outcome.MOVED]
    dropped = [r for r in records if r.outcome != Outcome.MOVED]
    Support.objects.filter(pk__in=moved).update(proposal=target)
    Support.objects.filter(pk__in=[r.support_pk for r in dropped]).delete()
    _give_back(source.challenge, [r.user_id for r in dropped if r.holds_budget])
    counts = dict.fromkeys(Outcome.values, 0)
    for record in records:
        counts[record.outcome] += 1
    return counts


def _move_pledges(merge: Merge) -> int:
    """B's pledges to A, but for a kind the person already pledged to A; how many moved."""
    target_kinds = set(Pledge.objects.filter(proposal=merge.target).values_list("user_id", "kind"))
    rows = (
        Pledge.objects.select_for_update(nowait=True)
        .filter(proposal=merge.source)
        .order_by("pk")
        .values_list("pk", "user_id", "kind")
    )
    records = [
        MergedPledge(merge=merge, pledge_pk=pk, user_id=user, kind=kind)
        for pk, user, kind in rows
        if (user, kind) not in target_kinds
    ]
    MergedPledge.objects.bulk_create(records)
    Pledge.objects.filter(pk__in=[r.pledge_pk for r in records]).update(proposal=merge.target)
    return len(records)


def _add_follows(merge: Merge) -> int:
    """B's followers follow A too; how many follows were added."""
    following = Follow.objects.filter(proposal=merge.target).values("user_id")
    newcomers = (
        Follow.objects.filter(proposal=merge.source)
        .exclude(user_id__in=following)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    added = Follow.objects.bulk_create(
        [Follow(user_id=user, proposal=merge.target) for user in newcomers]
    )
    MergedFollow.objects.bulk_create(
        [MergedFollow(merge=merge, user_id=f.user_id, follow_pk=f.pk) for f in added]
    )
    return len(added)


@transaction.atomic
def proposal_unmerge(*, actor: Actor, merge: Merge, answer: str) -> Merge:
    """Undo `merge` with a public `answer` on B: B takes back what moved (see the module's
    note), its lifecycle and its answer status as they were before the merge (a proposal that
    had no answer yet returns to the organization's first status of the review stage, since
    the organization has now answered it twice in public), and A loses what it gained."""
    challenge = merge.source.challenge
    if not rules.has_perm("merges.merge_proposals", actor, challenge):
        raise PermissionDenied
    user = signed_in(actor)
    answer = _checked_answer(answer)
    return _nowait(lambda: _unmerge(user, challenge, merge.pk, answer))


def _returning_status(merge: Merge, challenge: Challenge) -> ProposalStatus:
    if merge.previous_status is not None:
        return merge.previous_status
    found = ProposalStatus.objects.filter(
        organization_id=challenge.organization_id, stage=Stage.REVIEW
    ).first()
    if found is None:
        raise ValidationError(
            _(
                "This proposal had no answer before the merge and your organization has no "
                "status of the “Still being considered” stage to return it to: add one first."
            )
        )
    return found


def _unmerge(user: User, challenge: Challenge, merge_pk: int, answer: str) -> Merge:
    merge = (
        Merge.objects.select_for_update(nowait=True, of=("self",))
        .select_related("previous_status")
        .get(pk=merge_pk)
    )
    if merge.undone_at is not None:
        raise ValidationError(_("This merge was undone already."))
    records = list(merge.supports.all())
    held = _lock(challenge, [merge.source_id, merge.target_id], {r.user_id for r in records})
    source, target = held.proposals[merge.source_id], held.proposals[merge.target_id]
    returning = _returning_status(merge, challenge)
    restored = _restore_supports(challenge, merge, records, held)
    pledges = _return_pledges(merge)
    follows = list(merge.follows.values_list("follow_pk", flat=True))
    Follow.objects.filter(pk__in=follows, proposal=target).delete()
    now = timezone.now()
    Proposal.objects.filter(pk=source.pk).update(
        status=merge.previous_lifecycle,
        answer_status=returning,
        answered_at=now,
        merged_into=None,
    )
    decision = Decision.objects.create(
        proposal=source,
        status=returning,
        previous_id=source.answer_status_id,
        answer=answer,
        answer_html=render_markdown(answer),
        actor=user,
    )
    _recount([source.pk, target.pk])
    merge.undone_at, merge.undone_by = now, user
    merge.save(update_fields=["undone_at", "undone_by"])
    audit_record(
        actor=user,
        organization=challenge.organization_id,
        action="merges.unmerge",
        target=source,
        before={
            "status": source.answer_status_id,
            "lifecycle": source.status,
            "merged_into": target.pk,
        },
        after={
            "status": returning.pk,
            "status_name": returning.name,
            "lifecycle": merge.previous_lifecycle,
            "merged_into": None,
            "answer": answer,
            "supports_restored": restored["restored"],
            "supports_restored_without_budget": restored["without_budget"],
            "supports_left_on_target": restored["left"],
            "pledges_returned": pledges,
            "follows_removed": len(follows),
        },
    )
    publish(ProposalAnswered(decision.pk))
    return merge


def _restore_supports(
    challenge: Challenge, merge: Merge, records: list[MergedSupport], held: _Held
) -> dict[str, int]:
    """Put B's supports back; counts of those restored, restored without the budget they had,
    and left on A (withdrawn since, or the person's later word on B stands)."""
    source_pk, target_pk = merge.source_id, merge.target_id
    on_source = {user for proposal, user, _h in held.supports.values() if proposal == source_pk}
    opposing = set(
        Opposition.objects.filter(proposal_id=source_pk).values_list("user_id", flat=True)
    )
    back: list[MergedSupport] = []  # moved supports still on A, and supports given back
    for record in records:
        row = held.supports.get(record.support_pk)
        withdrawn = record.outcome == Outcome.MOVED and (row is None or row[0] != target_pk)
        if not withdrawn and record.user_id not in on_source | opposing:
            back.append(record)
    holding = {  # moved supports that still hold their budget keep it
        r.support_pk for r in back if r.outcome == Outcome.MOVED and held.supports[r.support_pk][2]
    }
    spent = _spend(
        challenge, {r.user_id for r in back if r.holds_budget and r.support_pk not in holding}
    )

    def holds(record: MergedSupport) -> bool:
        return record.support_pk in holding or record.user_id in spent

    moved = [r for r in back if r.outcome == Outcome.MOVED]
    for flag in (True, False):
        Support.objects.filter(pk__in=[r.support_pk for r in moved if holds(r) == flag]).update(
            proposal_id=source_pk, holds_budget=flag
        )
    Support.objects.bulk_create(
        [
            Support(proposal_id=source_pk, user_id=r.user_id, holds_budget=holds(r))
            for r in back
            if r.outcome != Outcome.MOVED
        ]
    )
    return {
        "restored": len(back),
        "without_budget": sum(r.holds_budget and not holds(r) for r in back),
        "left": len(records) - len(back),
    }


def _return_pledges(merge: Merge) -> int:
    """The pledges the merge moved, back to B (unless the person pledged that kind to B since);
    how many went back."""
    on_source = set(
        Pledge.objects.filter(proposal_id=merge.source_id).values_list("user_id", "kind")
    )
    moved = [
        record.pledge_pk
        for record in merge.pledges.all()
        if (record.user_id, record.kind) not in on_source
    ]
    return Pledge.objects.filter(pk__in=moved, proposal_id=merge.target_id).update(
        proposal_id=merge.source_id
    )
