"""Writes on proposals and supports: the only places these rows change."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.accounts.models import User
from cocreate.challenges.ladder import ladder_state
from cocreate.challenges.models import AnswerTrigger, Challenge
from cocreate.challenges.toolkits import check_design, toolkit_for
from cocreate.core.events import publish
from cocreate.core.numbers import MAX_MAGNITUDE
from cocreate.core.text import control_character
from cocreate.design import DesignError
from cocreate.design.summary import change_summary

from .events import ProposalCreated, SupportAdded
from .models import (
    Draft,
    DraftOwner,
    Opposition,
    Pledge,
    PledgeKind,
    Proposal,
    Status,
    Support,
    SupportBudget,
)


@transaction.atomic
def proposal_create(
    *,
    actor: Actor,
    challenge: Challenge,
    design: object,
    title: str,
    rationale: str,
    parent: Proposal | None = None,
) -> Proposal:
    """Submit a design as a proposal; refused with the findings' messages while an error remains."""
    if not rules.has_perm("challenges.submit_proposal", actor, challenge):
        raise PermissionDenied(_("Submitting is not open on this challenge."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    errors: dict[str, list[str]] = {}
    title, rationale = title.strip(), rationale.strip()
    if not title:
        errors["title"] = [_("Give your proposal a title.")]
    elif len(title) > Proposal._meta.get_field("title").max_length:  # type: ignore[operator]
        errors["title"] = [_("Keep the title under 140 characters.")]
    elif refused := control_character(title, _("title")):  # a title is one line, in emails too
        errors["title"] = [refused]
    if not rationale:
        errors["rationale"] = [_("Say why: what does your version do better?")]
    elif refused := control_character(rationale, _("reason"), lines=True):
        errors["rationale"] = [refused]
    if parent is not None and parent.challenge_id != challenge.pk:
        errors["parent"] = [_("A remix must come from the same challenge.")]
    toolkit = toolkit_for(challenge)
    if isinstance(design, dict) and "length" in challenge.baseline:
        # The site is the challenge's: a proposal cannot make the street wider by saying so.
        design = {**design, "length": challenge.baseline["length"]}
    try:
        checked = check_design(toolkit, design)
    except DesignError as error:
        raise ValidationError({"design": [str(error)], **errors}) from error
    if checked.error_messages:
        errors["design"] = checked.error_messages
    if errors:
        raise ValidationError(errors)
    promise: dict[str, datetime] = {}
    if challenge.answer_trigger == AnswerTrigger.SUBMISSION:
        now = timezone.now()
        promise = {
            "answer_requested_at": now,
            "review_due": now + timedelta(days=challenge.answer_days),
        }
    proposal = Proposal.objects.create(
        challenge=challenge,
        author=actor,
        parent=parent,
        title=title,
        rationale=rationale,
        design=checked.document,
        toolkit_version=toolkit.version,
        evaluation=checked.evaluation,
        warning_count=checked.warning_count,
        svg=checked.svg,
        thumbnail_svg=checked.thumbnail_svg,
        change_summary=change_summary(toolkit, challenge.baseline, checked.document),
        **promise,
    )
    publish(ProposalCreated(proposal.pk))  # news of it goes out after commit
    return proposal


SUMMARY_BATCH = 500  # proposals read and written at a time when a baseline changes


def proposal_summaries_refresh(*, challenge_id: int) -> int:
    """Recompute the change summaries of a challenge's proposals against its baseline as it is
    now; how many changed. A batch of rows at a time, so memory stays bounded whatever the
    count; a design its toolkit can no longer read keeps its summary."""
    challenge = Challenge.objects.only("toolkit_id", "toolkit_version", "baseline").get(
        pk=challenge_id
    )
    toolkit = toolkit_for(challenge)
    rows = Proposal.objects.filter(challenge_id=challenge_id).only("design", "change_summary")
    changed: list[Proposal] = []
    count = 0
    for proposal in rows.order_by("pk").iterator(chunk_size=SUMMARY_BATCH):
        try:
            summary = change_summary(toolkit, challenge.baseline, proposal.design)
        except DesignError:
            continue
        if summary != proposal.change_summary:
            proposal.change_summary = summary
            changed.append(proposal)
        if len(changed) == SUMMARY_BATCH:
            count += Proposal.objects.bulk_update(changed, ["change_summary"])
            changed = []
    return count + Proposal.objects.bulk_update(changed, ["change_summary"])


@transaction.atomic
def support_add(*, actor: Actor, proposal: Proposal) -> Support:
    """Back a proposal once; a second click is refused by the database, not by luck."""
    if not rules.has_perm("proposals.back_proposal", actor, proposal):
        raise PermissionDenied(_("Supporting is not open on this proposal."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    if proposal.author_id == actor.pk:
        raise ValidationError(_("You can't support your own proposal."))
    if Opposition.objects.filter(proposal=proposal, user=actor).exists():
        raise ValidationError(_("You oppose this proposal: withdraw that first to support it."))
    # The status as it is now, not as the caller last saw it (the ladder may have moved it).
    proposal.refresh_from_db(fields=["status", "support_count"])
    if proposal.status != Status.PUBLISHED:
        raise ValidationError(_("This proposal no longer takes supports."))
    rungs = proposal.challenge.rungs()
    if rungs and (
        ladder_state(rungs, proposal.support_count, proposal.created_at, timezone.now()).outcome
        == "expired"
    ):
        # Closing it (and refunding its supporters) is the daily sweep's job: doing it here
        # would lock budgets after the proposal, the reverse of every other write's order.
        raise ValidationError(_("This proposal missed a support target and is closing."))
    budgeted = proposal.challenge.support_budget is not None
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, user=actor, holds_budget=budgeted)
    except IntegrityError as error:
        raise ValidationError(_("You already support this proposal.")) from error
    if budgeted:
        _spend_budget(actor, proposal.challenge)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    # Our UPDATE holds the row until commit, so this count is exact and includes this support.
    proposal.refresh_from_db(fields=["support_count"])
    proposal_ladder_update(proposal=proposal)  # can only send it to review: it was not expired
    publish(SupportAdded(support.pk))
    return support


def _spend_budget(actor: User, challenge: Challenge) -> None:
    """Take one of the person's supports in this challenge, or refuse (rolling the support back).
    The conditional UPDATE is atomic in the database: two supports at once cannot both pass."""
    budget = challenge.support_budget
    SupportBudget.objects.get_or_create(challenge=challenge, user=actor)
    spent = SupportBudget.objects.filter(challenge=challenge, user=actor, used__lt=budget).update(
        used=F("used") + 1
    )
    if not spent:
        raise ValidationError(
            _(
                "You have used all %(n)d of your supports in this challenge. "
                "Withdraw one to back another."
            )
            % {"n": budget}
        )


@transaction.atomic
def support_remove(*, actor: Actor, proposal: Proposal) -> None:
    """Withdraw one's support; nothing to withdraw is not an error."""
    if not rules.has_perm("proposals.withdraw_support", actor, proposal):
        raise PermissionDenied(_("Supporting is not open on this challenge."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    # One statement deletes the row and says whether it still held budget: a concurrent withdraw
    # or ladder sweep waits for it, then finds the row gone or already given back.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM proposals_support WHERE proposal_id = %s AND user_id = %s "
            "RETURNING holds_budget",
            [proposal.pk, actor.pk],
        )
        deleted = cursor.fetchone()
    if deleted is None:
        return
    if deleted[0]:  # a support the ladder already gave back is not given back again
        _give_back(proposal.challenge_id, [actor.pk])
    # Budget before proposal, the order support_add takes them in: no deadlock between them.
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)


def _give_back(challenge_id: int, user_ids: list[int]) -> None:
    """One support back to each of these people, for supports that held one and no longer do."""
    SupportBudget.objects.filter(
        challenge_id=challenge_id, user_id__in=user_ids, used__gt=0
    ).update(used=F("used") - 1)


MAX_PLEDGE = Decimal("1000000")
CENT = Decimal("0.01")


@transaction.atomic
def pledge_set(
    *, actor: Actor, proposal: Proposal, kind: str, amount: Decimal, note: str = ""
) -> Pledge:
    """Pledge money, hours or a pilot site to a proposal; pledging the same kind again replaces
    the earlier amount. Open whenever supporting is."""
    if not rules.has_perm("proposals.back_proposal", actor, proposal):
        raise PermissionDenied(_("Pledging is not open on this proposal."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    errors: dict[str, list[str]] = {}
    if kind not in PledgeKind.values:
        errors["kind"] = [_("Choose money, volunteer hours or a pilot site.")]
    # Judged as it will be stored, in cents: 0.004 is no pledge, though it is more than 0.
    if amount.is_finite() and abs(amount) < MAX_MAGNITUDE:
        amount = amount.quantize(CENT)  # half to even, as the form's reader rounds
    if not amount.is_finite() or not Decimal(0) < amount <= MAX_PLEDGE:
        errors["amount"] = [_("Pledge an amount more than 0 and at most 1,000,000.")]
    elif kind == PledgeKind.SITE and amount != amount.to_integral_value():
        errors["amount"] = [_("Count pilot sites in whole numbers.")]
    note = note.strip()
    if len(note) > 200 or "\x00" in note:
        errors["note"] = [_("Keep the note under 200 characters.")]
    if proposal.status != Status.PUBLISHED:
        errors["__all__"] = [_("This proposal no longer takes pledges.")]
    if errors:
        raise ValidationError(errors)
    pledge, _created = Pledge.objects.update_or_create(
        proposal=proposal,
        user=actor,
        kind=kind,
        defaults={"amount": amount, "note": note},
    )
    return pledge


@transaction.atomic
def pledge_withdraw(*, actor: Actor, proposal: Proposal, kind: str) -> None:
    """Take a pledge back; nothing to take back is not an error."""
    if not rules.has_perm("proposals.withdraw_pledge", actor, proposal):
        raise PermissionDenied(_("Log in to take a pledge back."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    Pledge.objects.filter(proposal=proposal, user=actor, kind=kind).delete()


@transaction.atomic
def proposal_ladder_update(*, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """Move a published proposal along its challenge's support ladder: the last rung reached puts
    it in the organization's review queue with a promised answer date; a missed rung closes it,
    says why, and gives its supporters their supports back. Run on every support and daily
    (`cocreate ladders`)."""
    challenge = proposal.challenge
    rungs = challenge.rungs()
    if not rungs or proposal.status != Status.PUBLISHED:
        return proposal
    now = now or timezone.now()
    state = ladder_state(rungs, proposal.support_count, proposal.created_at, now)
    if state.outcome == "review":
        proposal.status = Status.UNDER_REVIEW
        if challenge.answer_trigger == AnswerTrigger.LAST_RUNG:  # the promise starts now
            proposal.answer_requested_at = now
            proposal.review_due = now + timedelta(days=challenge.answer_days)
    elif state.outcome == "expired" and state.rung is not None:
        proposal.status = Status.EXPIRED
        proposal.closed_reason = _(
            "Reached %(have)d of the %(need)d supporters needed within %(days)d days."
        ) % {"have": state.supporters, "need": state.rung.supporters, "days": state.rung.days}
        supports_give_back(proposal=proposal)
    else:
        return proposal
    # Only from published, as the database has it now: a second sweep holding a stale copy
    # changes nothing (and found no support left to give back above).
    Proposal.objects.filter(pk=proposal.pk, status=Status.PUBLISHED).update(
        status=proposal.status,
        answer_requested_at=proposal.answer_requested_at,
        review_due=proposal.review_due,
        closed_reason=proposal.closed_reason,
    )
    return proposal


def supports_give_back(*, proposal: Proposal) -> None:
    """Give its supporters back the supports they spent on a proposal that no longer takes them
    (the ladder closed it). Each support is given back once: the rows that still hold budget are
    locked and turned off here, so a concurrent withdraw or sweep finds nothing left to give.
    Supports before budgets before the proposal, the order every support write takes them in."""
    held = list(
        Support.objects.select_for_update()
        .filter(proposal=proposal, holds_budget=True)
        .values_list("pk", "user_id")
    )
    if not held:
        return
    Support.objects.filter(pk__in=[pk for pk, _user in held]).update(holds_budget=False)
    _give_back(proposal.challenge_id, [user for _pk, user in held])


@transaction.atomic
def oppose_add(*, actor: Actor, proposal: Proposal) -> Opposition:
    """Say one opposes a proposal, where the challenge allows it; never alongside a support."""
    if not rules.has_perm("proposals.back_proposal", actor, proposal):
        raise PermissionDenied(_("Supporting and opposing are not open on this proposal."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    if not proposal.challenge.allow_oppose:
        raise ValidationError(_("This challenge does not count oppositions."))
    if proposal.author_id == actor.pk:
        raise ValidationError(_("You can't oppose your own proposal."))
    if Support.objects.filter(proposal=proposal, user=actor).exists():
        raise ValidationError(_("You support this proposal: withdraw that first to oppose it."))
    try:
        with transaction.atomic():
            opposition = Opposition.objects.create(proposal=proposal, user=actor)
    except IntegrityError as error:
        raise ValidationError(_("You already oppose this proposal.")) from error
    Proposal.objects.filter(pk=proposal.pk).update(oppose_count=F("oppose_count") + 1)
    return opposition


@transaction.atomic
def oppose_remove(*, actor: Actor, proposal: Proposal) -> None:
    """Withdraw one's opposition; nothing to withdraw is not an error."""
    if not rules.has_perm("proposals.withdraw_support", actor, proposal):
        raise PermissionDenied(_("Supporting and opposing are not open on this challenge."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    deleted, _count = Opposition.objects.filter(proposal=proposal, user=actor).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk).update(oppose_count=F("oppose_count") - 1)


class DraftConflict(Exception):
    """An autosave from a copy older than the stored draft: `current` is the stored one, for the
    editor to merge; nothing was written."""

    def __init__(self, current: Draft) -> None:
        super().__init__(f"the stored draft is at version {current.version}")
        self.current = current


def draft_save(
    *,
    actor: Actor,
    owner: DraftOwner,
    challenge: Challenge,
    design: object,
    parent_pk: int | None,
    title: str,
    rationale: str,
    version: int | None = None,
) -> int:
    """Keep the draft `owner` works on for `challenge`; its new version. `version` is the one the
    copy was based on (0: none was stored): when another save came first (an older tab, another
    device), nothing is written and DraftConflict carries the stored draft. Without a version (a
    Streetmix import, which replaces the design on purpose) the save always applies.

    One conditional UPDATE (or one INSERT) in the common case, and no read-modify-write: two
    saves at once cannot both apply to the same version."""
    if not rules.has_perm("challenges.open_toolkit", actor, challenge):
        raise PermissionDenied
    fields = {
        "design": design,
        "parent_pk": parent_pk,
        "title": title.replace("\x00", ""),  # kept as typed, but PostgreSQL stores no NUL
        "rationale": rationale.replace("\x00", ""),
    }
    rows = Draft.objects.owned_by(owner, challenge)
    if version:
        if rows.filter(version=version).update(**fields, version=version + 1):
            return version + 1
        if (stored := rows.first()) is not None:
            raise DraftConflict(stored)
    try:
        with transaction.atomic():
            Draft.objects.create(
                challenge=challenge, user=owner.user, visitor=owner.visitor, **fields
            )
        return 1
    except IntegrityError:
        if version is not None:  # one was stored since this copy was shown
            raise DraftConflict(rows.get()) from None
    rows.update(**fields, version=F("version") + 1)
    return rows.values_list("version", flat=True).get()


def draft_discard(*, owner: DraftOwner, challenge: Challenge, version: int | None) -> None:
    """Forget the draft that became a proposal: the stored `version` it was, or whatever is
    stored when the post named none. A draft saved since (another tab) is newer work: it stays."""
    rows = Draft.objects.owned_by(owner, challenge)
    (rows if version is None else rows.filter(version=version)).delete()


@transaction.atomic
def drafts_adopt(*, visitor: str, user: User) -> None:
    """A visitor who logs in keeps their drafts: each becomes the person's, replacing the one they
    kept for that challenge before (what they were just working on is the newer work), one
    version further so a tab holding the replaced draft is refused, not applied over it."""
    for draft in Draft.objects.select_for_update().filter(user=None, visitor=visitor):
        replaced = Draft.objects.filter(user=user, challenge_id=draft.challenge_id)
        previous = replaced.values_list("version", flat=True).first() or 0
        replaced.delete()
        draft.user, draft.visitor = user, ""
        draft.version = max(draft.version, previous) + 1
        draft.save()
