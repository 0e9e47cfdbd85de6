"""Writes of contests: staff set the jury, rounds, prizes, vote and results; jurors score,
declare conflicts and lock; residents vote. Every staff and juror write is audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.accounts.models import User
from cocreate.audit.services import audit_record
from cocreate.challenges.models import Challenge, Mode
from cocreate.core.markdown import render_markdown
from cocreate.core.text import control_character
from cocreate.organizations.models import Membership, Role
from cocreate.organizations.roles import forget_roles
from cocreate.proposals.models import Proposal, Status
from cocreate.reviews.models import CriterionKind

from . import scoring
from .models import (
    Conflict,
    Contest,
    Finalist,
    JudgeScore,
    Juror,
    Prize,
    PublicVote,
    Round,
    ScoreLock,
)
from .selectors import Judging, criteria_of, final_judging, judgings, jury_of, vote_counts

MAX_ANSWER = 10_000


def _allow(permission: str, actor: Actor, challenge: Challenge) -> User:
    if not rules.has_perm(permission, actor, challenge):
        raise PermissionDenied
    return signed_in(actor)


def _contest_mode(challenge: Challenge) -> None:
    if challenge.mode != Mode.CONTEST:
        raise ValidationError(_("This challenge is not run as a contest."))


def _saved(challenge: Challenge) -> Contest:
    """The challenge's contest row, made on its first write, locked for this transaction."""
    _contest_mode(challenge)
    Contest.objects.get_or_create(challenge=challenge)
    contest = Contest.objects.select_for_update().get(challenge=challenge)
    contest.challenge = challenge
    return contest


def _open(contest: Contest) -> None:
    if contest.results_published_at is not None:
        raise ValidationError(_("The results are published: the contest can't change any more."))


def _text(value: str, field: str, noun: str, *, required: bool = True, lines: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: [_("Fill in the %(noun)s.") % {"noun": noun}]})
    if refused := control_character(value, noun, lines=lines):
        raise ValidationError({field: [refused]})
    return value


def _audit(actor: User, contest: Contest, action: str, target: Any, **after: Any) -> None:
    audit_record(
        actor=actor,
        organization=contest.challenge.organization_id,
        action=f"contests.{action}",
        target=target,
        after=after,
    )


@transaction.atomic
def contest_settings_set(
    *,
    actor: Actor,
    challenge: Challenge,
    public_vote: bool,
    vote_opens: datetime | None,
    vote_closes: datetime | None,
    public_vote_share: int,
) -> Contest:
    """Staff decide whether the public votes, when, and what share of the result it has."""
    user = _allow("contests.change_contest", actor, challenge)
    contest = _saved(challenge)
    _open(contest)
    errors: dict[str, list[str]] = {}
    if not 0 <= public_vote_share <= 100:
        errors["public_vote_share"] = [_("Give the public vote's share as 0 to 100 per cent.")]
    if public_vote:
        if vote_opens is None:
            errors["vote_opens"] = [_("Say when the public vote opens.")]
        if vote_closes is None:
            errors["vote_closes"] = [_("Say when the public vote closes.")]
        elif vote_opens is not None and vote_closes <= vote_opens:
            errors["vote_closes"] = [_("The vote must close after it opens.")]
    if errors:
        raise ValidationError(errors)
    before = {
        "public_vote": contest.public_vote,
        "public_vote_share": contest.public_vote_share,
    }
    contest.public_vote = public_vote
    contest.vote_opens, contest.vote_closes = vote_opens, vote_closes
    contest.public_vote_share = public_vote_share
    contest.save()
    audit_record(
        actor=user,
        organization=challenge.organization_id,
        action="contests.settings_set",
        target=contest,
        before=before,
        after={
            "public_vote": public_vote,
            "vote_opens": vote_opens.isoformat() if vote_opens else None,
            "vote_closes": vote_closes.isoformat() if vote_closes else None,
            "public_vote_share": public_vote_share,
        },
    )
    return contest


@transaction.atomic
def juror_invite(*, actor: Actor, challenge: Challenge, who: str) -> Juror:
    """Seat an existing account (named by email or username) on the jury. Someone outside the
    organization becomes its member with the judge role; a member keeps the role they have."""
    user = _allow("contests.change_contest", actor, challenge)
    contest = _saved(challenge)
    _open(contest)
    who = _text(who, "who", _("email or username"))
    person = User.objects.filter(Q(username=who) | Q(email__iexact=who)).order_by("pk").first()
    if person is None:
        raise ValidationError({"who": [_("No account has that email or username.")]})
    if Juror.objects.filter(contest=contest, user=person).exists():
        raise ValidationError({"who": [_("%(name)s is on the jury already.") % {"name": person}]})
    _membership, joined = Membership.objects.get_or_create(
        organization_id=challenge.organization_id, user=person, defaults={"role": Role.JUDGE}
    )
    forget_roles(person)
    juror = Juror.objects.create(contest=contest, user=person)
    _audit(user, contest, "juror_invite", juror, user=person.username, judge_role_given=joined)
    return juror


@transaction.atomic
def juror_remove(*, actor: Actor, juror: Juror) -> None:
    """Take a juror off the jury with their scores, locks and conflicts (their membership and
    role in the organization stay: an admin changes those)."""
    contest = juror.contest
    user = _allow("contests.change_contest", actor, contest.challenge)
    contest = _saved(contest.challenge)
    _open(contest)
    _audit(user, contest, "juror_remove", juror, user=juror.user.username)
    juror.delete()


@transaction.atomic
def round_add(
    *,
    actor: Actor,
    challenge: Challenge,
    name: str,
    opens: datetime,
    closes: datetime,
    finalists: int | None = None,
) -> Round:
    """Add a judging round after the others. It takes every listed proposal, or, with
    `finalists`, the top `finalists` of the round before it."""
    user = _allow("contests.change_contest", actor, challenge)
    contest = _saved(challenge)
    _open(contest)
    name = _text(name, "name", _("round's name"))
    position = contest.rounds.count()
    errors: dict[str, list[str]] = {}
    if closes <= opens:
        errors["closes"] = [_("The round must close after it opens.")]
    if finalists is not None and position == 0:
        errors["finalists"] = [
            _("The first round takes every proposal: leave the finalists empty.")
        ]
    elif finalists is not None and not 1 <= finalists <= 1000:
        errors["finalists"] = [_("Take between 1 and 1,000 finalists.")]
    if errors:
        raise ValidationError(errors)
    round_ = Round.objects.create(
        contest=contest,
        name=name,
        opens=opens,
        closes=closes,
        finalists=finalists,
        position=position,
    )
    _audit(
        user,
        contest,
        "round_add",
        round_,
        name=name,
        opens=opens.isoformat(),
        closes=closes.isoformat(),
        finalists=finalists,
    )
    return round_


@transaction.atomic
def round_lock(*, actor: Actor, round_: Round) -> Round:
    """Staff close a round's scoring for every juror at once (some jurors never lock)."""
    challenge = round_.contest.challenge
    user = _allow("contests.change_contest", actor, challenge)
    contest = _saved(challenge)
    _open(contest)
    if round_.locked_at is not None:
        raise ValidationError(_("This round is locked already."))
    round_.locked_at = timezone.now()
    round_.save(update_fields=["locked_at"])
    _audit(user, contest, "round_lock", round_)
    return round_


@transaction.atomic
def prize_add(
    *, actor: Actor, challenge: Challenge, title: str, description: str = "", amount: str = ""
) -> Prize:
    """Add a prize after the others (the first is the first prize)."""
    user = _allow("contests.change_contest", actor, challenge)
    contest = _saved(challenge)
    _open(contest)
    prize = Prize.objects.create(
        contest=contest,
        title=_text(title, "title", _("prize's title")),
        description=_text(description, "description", _("description"), required=False),
        amount=_text(amount, "amount", _("amount"), required=False),
        position=contest.prizes.count(),
    )
    _audit(user, contest, "prize_add", prize, title=prize.title, amount=prize.amount)
    return prize


def _juror_round(actor: Actor, round_: Round) -> tuple[User, Juror, Judging]:
    """The juror acting on `round_` and where the round stands, if they may still score it:
    it has opened, the round before it is decided, and neither they nor staff locked it."""
    contest = round_.contest
    user = _allow("contests.judge", actor, contest.challenge)
    _open(contest)
    juror = Juror.objects.select_for_update().get(contest=contest, user=user)
    jury = jury_of(contest)
    found = judgings(contest, jury, criteria_of(contest.challenge), upto=round_)
    judging = found[-1]
    if timezone.now() < round_.opens:
        raise ValidationError(_("This round opens on %(when)s.") % {"when": round_.opens})
    if len(found) > 1 and not found[-2].is_locked:
        raise ValidationError(_("The round before this one is still being judged."))
    if judging.has_locked(juror):
        raise ValidationError(_("Your scores of this round are locked: they can't change."))
    return user, juror, judging


@transaction.atomic
def scores_set(
    *,
    actor: Actor,
    round_: Round,
    proposal: Proposal,
    scores: dict[int, tuple[int | None, str]],
) -> list[JudgeScore]:
    """A juror's scores of one proposal: per scored criterion id, a value 1–5 (None leaves the
    criterion unscored) and a comment."""
    user, juror, judging = _juror_round(actor, round_)
    if judging.entry(proposal.pk) is None:
        raise ValidationError({"proposal": [_("This proposal is not in this round.")]})
    if Conflict.objects.filter(juror=juror, proposal=proposal).exists():
        raise ValidationError({"proposal": [_("You declared a conflict with this proposal.")]})
    criteria = {
        c.pk: c for c in criteria_of(round_.contest.challenge) if c.kind == CriterionKind.SCORED
    }
    errors: dict[str, list[str]] = {}
    for criterion_id, (value, comment) in scores.items():
        if criterion_id not in criteria:
            errors[f"score_{criterion_id}"] = [_("Score only this challenge's scored criteria.")]
        elif value is not None and not 1 <= value <= 5:
            errors[f"score_{criterion_id}"] = [
                _("Score %(name)s from 1 to 5.") % {"name": criteria[criterion_id]}
            ]
        elif refused := control_character(comment, _("comment"), lines=True):
            errors[f"comment_{criterion_id}"] = [refused]
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion_id, (value, comment) in scores.items():
        if value is None:
            JudgeScore.objects.filter(
                round=round_, proposal=proposal, juror=juror, criterion_id=criterion_id
            ).delete()
            continue
        score, _created = JudgeScore.objects.update_or_create(
            round=round_,
            proposal=proposal,
            juror=juror,
            criterion_id=criterion_id,
            defaults={"value": value, "comment": comment.strip()},
        )
        saved.append(score)
    _audit(
        user,
        round_.contest,
        "scores_set",
        proposal,
        round=round_.pk,
        scores={str(k): v for k, (v, _c) in scores.items()},
    )
    return saved


@transaction.atomic
def conflict_declare(*, actor: Actor, round_: Round, proposal: Proposal, reason: str) -> Conflict:
    """A juror steps away from a proposal: it leaves their list in every round, and their
    scores of it in rounds not yet locked are dropped (locked rounds were decided before the
    conflict was known)."""
    user, juror, judging = _juror_round(actor, round_)
    if judging.entry(proposal.pk) is None:
        raise ValidationError({"proposal": [_("This proposal is not in this round.")]})
    reason = _text(reason, "reason", _("reason"))
    if len(reason) > 500:
        raise ValidationError({"reason": [_("Keep the reason under 500 characters.")]})
    conflict, created = Conflict.objects.get_or_create(
        juror=juror, proposal=proposal, defaults={"reason": reason}
    )
    if not created:
        raise ValidationError({"proposal": [_("You declared a conflict with it already.")]})
    jury = jury_of(round_.contest)
    open_rounds = [
        r.pk
        for r in jury.rounds
        if r.locked_at is None and juror.pk not in jury.locks.get(r.pk, set())
    ]
    dropped, _kinds = JudgeScore.objects.filter(
        juror=juror, proposal=proposal, round__in=open_rounds
    ).delete()
    _audit(
        user, round_.contest, "conflict_declare", proposal, reason=reason, scores_dropped=dropped
    )
    return conflict


@transaction.atomic
def scores_lock(*, actor: Actor, round_: Round) -> ScoreLock:
    """A juror locks their scores of the round: every proposal they judge scored on every
    scored criterion, and no change after. When every juror has, the round is decided."""
    user, juror, judging = _juror_round(actor, round_)
    conflicts = set(Conflict.objects.filter(juror=juror).values_list("proposal", flat=True))
    criteria = [
        c.pk for c in criteria_of(round_.contest.challenge) if c.kind == CriterionKind.SCORED
    ]
    done = set(
        JudgeScore.objects.filter(round=round_, juror=juror).values_list("proposal", "criterion")
    )
    missing = sum(
        (e.proposal.pk, c) not in done
        for e in judging.entries
        if e.proposal.pk not in conflicts
        for c in criteria
    )
    if missing:
        raise ValidationError(
            _("Score every proposal on every criterion before locking (%(n)s scores to go).")
            % {"n": missing}
        )
    lock = ScoreLock.objects.create(round=round_, juror=juror)
    _audit(user, round_.contest, "scores_lock", round_, juror=user.username)
    return lock


def _finalist_proposal(contest: Contest, proposal: Proposal) -> Judging:
    final = final_judging(contest, jury_of(contest), criteria_of(contest.challenge))
    if final is None or final.entry(proposal.pk) is None:
        raise ValidationError({"proposal": [_("Only the final round's proposals are finalists.")]})
    return final


@transaction.atomic
def finalist_set(
    *,
    actor: Actor,
    challenge: Challenge,
    proposal: Proposal,
    prize: Prize | None,
    jury_answer: str,
) -> Finalist:
    """Staff give a finalist a prize (or none) and write the jury's answer to its author."""
    user = _allow("contests.change_contest", actor, challenge)
    contest = _saved(challenge)
    _finalist_proposal(contest, proposal)
    jury_answer = _text(jury_answer, "jury_answer", _("jury's answer"), required=False, lines=True)
    if len(jury_answer) > MAX_ANSWER:
        raise ValidationError({"jury_answer": [_("Keep the answer under 10,000 characters.")]})
    if prize is not None:
        if prize.contest_id != contest.pk:
            raise ValidationError({"prize": [_("Choose one of this contest's prizes.")]})
        holder = Finalist.objects.filter(prize=prize).exclude(proposal=proposal).first()
        if holder is not None:
            raise ValidationError(
                {"prize": [_("“%(prize)s” went to another finalist already.") % {"prize": prize}]}
            )
    finalist, _created = Finalist.objects.update_or_create(
        contest=contest,
        proposal=proposal,
        defaults={
            "prize": prize,
            "jury_answer": jury_answer,
            "jury_answer_html": render_markdown(jury_answer),
        },
    )
    _audit(
        user,
        contest,
        "finalist_set",
        proposal,
        prize=prize.title if prize else None,
        jury_answer=jury_answer,
    )
    return finalist


@transaction.atomic
def results_publish(*, actor: Actor, challenge: Challenge) -> Contest:
    """Publish the results once the final round is decided: each of its proposals' scores are
    frozen (`scoring` explains the arithmetic), ranked, and shown on the results page with the
    prizes and answers staff gave. Publishing ends the public vote."""
    user = _allow("contests.change_contest", actor, challenge)
    contest = _saved(challenge)
    _open(contest)
    criteria = criteria_of(challenge)
    final = final_judging(contest, jury_of(contest), criteria)
    if final is None:
        raise ValidationError(_("Add a judging round first."))
    if not final.is_locked:
        raise ValidationError(
            _("The final round is still being judged: every juror locks, or staff lock it.")
        )
    ids = [e.proposal.pk for e in final.entries]
    votes = vote_counts(contest, ids) if contest.public_vote else dict.fromkeys(ids, 0)
    vote_score = scoring.vote_scores(votes)
    finals = {
        e.proposal.pk: scoring.blend(e.total, vote_score[e.proposal.pk], contest.vote_share)
        for e in final.entries
    }
    ranks = scoring.ranking(finals)
    Finalist.objects.bulk_create(
        [
            Finalist(
                contest=contest,
                proposal_id=e.proposal.pk,
                rank=ranks[e.proposal.pk],
                criteria={str(k): v for k, v in e.means.items()},
                jury_total=e.total,
                votes=votes[e.proposal.pk],
                vote_score=vote_score[e.proposal.pk],
                final=finals[e.proposal.pk],
            )
            for e in final.entries
        ],
        update_conflicts=True,
        unique_fields=["contest", "proposal"],
        update_fields=["rank", "criteria", "jury_total", "votes", "vote_score", "final"],
    )
    Finalist.objects.filter(contest=contest).exclude(proposal__in=ids).delete()
    contest.results_published_at = timezone.now()
    contest.save(update_fields=["results_published_at"])
    _audit(
        user,
        contest,
        "results_publish",
        contest,
        ranking={str(pk): ranks[pk] for pk in ids},
        finals={str(pk): finals[pk] for pk in ids},
    )
    return contest


@transaction.atomic
def vote_cast(*, actor: Actor, challenge: Challenge, proposal: Proposal) -> PublicVote:
    """A resident's one vote, for one listed proposal of the contest; voting again moves it."""
    user = _allow("contests.vote", actor, challenge)
    _contest_mode(challenge)
    contest = Contest.objects.filter(challenge=challenge).first()
    if contest is None or not contest.vote_is_open(timezone.now()):
        raise ValidationError({"proposal": [_("The public vote is not open.")]})
    if (
        proposal.challenge_id != challenge.pk
        or proposal.hidden
        or proposal.status == Status.WITHDRAWN
    ):
        raise ValidationError({"proposal": [_("Vote for one of this contest's proposals.")]})
    vote, _created = PublicVote.objects.update_or_create(
        contest=contest, user=user, defaults={"proposal": proposal}
    )
    return vote
