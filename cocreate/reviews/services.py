"""Writes of the scorecard, reviewer assignments and scores: each checks its rule, validates,
and logs an audit entry in its own transaction."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.accounts.models import User
from cocreate.audit.services import audit_record
from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.text import control_character
from cocreate.organizations.models import Membership
from cocreate.organizations.roles import REVIEWING_ROLES
from cocreate.proposals.models import Proposal

from .models import Assignment, Criterion, CriterionKind, Score

MAX_CRITERIA = 20
MAX_WEIGHT = 100
MAX_NAME = 100
MAX_DESCRIPTION = 300
MAX_COMMENT = 2000
LOWEST, HIGHEST = 1, 5


def _lock(challenge: Challenge) -> None:
    """Serialise writes to one challenge's scorecard (positions are read, then written)."""
    Challenge.objects.select_for_update().filter(pk=challenge.pk).values_list("pk").get()


def _criterion_fields(
    challenge: Challenge,
    *,
    name: str,
    description: str,
    weight: int,
    kind: str,
    metric: str,
    higher_is_better: bool,
) -> dict[str, Any]:
    """The criterion's fields as stored, or a ValidationError naming each field refused."""
    errors: dict[str, str] = {}
    name, description, metric = name.strip(), description.strip(), metric.strip()
    if not name:
        errors["name"] = _("Name the criterion, e.g. “Safety for people walking”.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("Keep the name under %(n)s characters.") % {"n": MAX_NAME}
    elif refused := control_character(name, _("name")):
        errors["name"] = refused
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _("Keep the description under %(n)s characters.") % {
            "n": MAX_DESCRIPTION
        }
    elif refused := control_character(description, _("description")):
        errors["description"] = refused
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= MAX_WEIGHT:
        errors["weight"] = _("Give a weight from 1 to %(n)s.") % {"n": MAX_WEIGHT}
    if kind not in CriterionKind.values:
        errors["kind"] = _("Choose how the criterion is scored.")
    elif kind == CriterionKind.METRIC:
        metrics = toolkit_for(challenge).metrics
        if metric not in metrics:
            errors["metric"] = _("Choose one of the toolkit's metrics: %(names)s.") % {
                "names": ", ".join(m.label for m in metrics.values()) or _("it has none")
            }
    else:
        metric = ""
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "description": description,
        "weight": weight,
        "kind": kind,
        "metric": metric,
        "higher_is_better": bool(higher_is_better),
    }


def _as_audited(criterion: Criterion) -> dict[str, Any]:
    return {
        "name": criterion.name,
        "description": criterion.description,
        "weight": criterion.weight,
        "kind": criterion.kind,
        "metric": criterion.metric,
        "higher_is_better": criterion.higher_is_better,
        "position": criterion.position,
    }


@transaction.atomic
def criterion_add(
    *,
    actor: Actor,
    challenge: Challenge,
    name: str,
    description: str = "",
    weight: int = 1,
    kind: str = CriterionKind.SCORED,
    metric: str = "",
    higher_is_better: bool = True,
) -> Criterion:
    """Add a criterion at the end of the challenge's scorecard."""
    if not rules.has_perm("reviews.change_scorecard", actor, challenge):
        raise PermissionDenied
    actor = signed_in(actor)
    fields = _criterion_fields(
        challenge,
        name=name,
        description=description,
        weight=weight,
        kind=kind,
        metric=metric,
        higher_is_better=higher_is_better,
    )
    _lock(challenge)
    positions = list(
        Criterion.objects.filter(challenge=challenge).values_list("position", flat=True)
    )
    if len(positions) >= MAX_CRITERIA:
        raise ValidationError(
            {"name": _("A scorecard has at most %(n)s criteria.") % {"n": MAX_CRITERIA}}
        )
    criterion = Criterion.objects.create(
        challenge=challenge, position=max(positions, default=-1) + 1, **fields
    )
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="reviews.criterion_add",
        target=criterion,
        after=_as_audited(criterion),
    )
    return criterion


@transaction.atomic
def criterion_change(
    *,
    actor: Actor,
    criterion: Criterion,
    name: str,
    description: str,
    weight: int,
    kind: str,
    metric: str,
    higher_is_better: bool,
) -> Criterion:
    """Change a criterion. Scores already given on it stay; they count again only while it is
    scored by reviewers."""
    challenge = criterion.challenge
    if not rules.has_perm("reviews.change_scorecard", actor, challenge):
        raise PermissionDenied
    actor = signed_in(actor)
    fields = _criterion_fields(
        challenge,
        name=name,
        description=description,
        weight=weight,
        kind=kind,
        metric=metric,
        higher_is_better=higher_is_better,
    )
    _lock(challenge)
    before = _as_audited(criterion)
    for field, value in fields.items():
        setattr(criterion, field, value)
    criterion.save(update_fields=list(fields))
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="reviews.criterion_change",
        target=criterion,
        before=before,
        after=_as_audited(criterion),
    )
    return criterion


@transaction.atomic
def criterion_remove(*, actor: Actor, criterion: Criterion) -> None:
    """Take a criterion off the scorecard, with the scores given on it."""
    challenge = criterion.challenge
    if not rules.has_perm("reviews.change_scorecard", actor, challenge):
        raise PermissionDenied
    actor = signed_in(actor)
    _lock(challenge)
    scores = Score.objects.filter(criterion=criterion).count()
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="reviews.criterion_remove",
        target=criterion,
        before={**_as_audited(criterion), "scores": scores},
    )
    criterion.delete()


@transaction.atomic
def criterion_move(*, actor: Actor, criterion: Criterion, offset: int) -> None:
    """Move a criterion up (`offset` -1) or down (+1) the scorecard; positions are renumbered
    0, 1, 2… so they stay distinct whatever came before."""
    challenge = criterion.challenge
    if not rules.has_perm("reviews.change_scorecard", actor, challenge):
        raise PermissionDenied
    actor = signed_in(actor)
    if offset not in (-1, 1):
        raise ValidationError({"offset": _("Move a criterion one place up or down.")})
    _lock(challenge)
    order = list(Criterion.objects.filter(challenge=challenge))
    at = next(i for i, c in enumerate(order) if c.pk == criterion.pk)
    to = at + offset
    if not 0 <= to < len(order):
        return
    before = [c.pk for c in order]
    order[at], order[to] = order[to], order[at]
    for position, row in enumerate(order):
        row.position = position
    Criterion.objects.bulk_update(order, ["position"])
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="reviews.criterion_move",
        target=criterion,
        before={"order": before},
        after={"order": [c.pk for c in order]},
    )


def _one_challenge(proposals: Sequence[Proposal]) -> Challenge:
    """The challenge every one of `proposals` belongs to."""
    if not proposals:
        raise ValidationError({"proposals": _("Choose at least one proposal.")})
    challenge = proposals[0].challenge
    if any(p.challenge_id != challenge.pk for p in proposals):
        raise ValidationError({"proposals": _("Choose proposals of one challenge at a time.")})
    return challenge


def _audit_target(challenge: Challenge, proposals: Sequence[Proposal]) -> Challenge | Proposal:
    """One proposal names itself in the audit log; a batch names its challenge."""
    return proposals[0] if len(proposals) == 1 else challenge


@transaction.atomic
def reviewer_assign(
    *, actor: Actor, reviewer: User, proposals: Sequence[Proposal]
) -> list[Proposal]:
    """Ask `reviewer` (a reviewer, staff or admin of the organization) to score `proposals`, all
    of one challenge; those already assigned to them stay as they are. The proposals newly
    assigned, in the order given."""
    challenge = _one_challenge(proposals)
    if not rules.has_perm("reviews.assign_reviewers", actor, challenge):
        raise PermissionDenied
    actor = signed_in(actor)
    reviewing = Membership.objects.filter(
        organization_id=challenge.organization_id, user=reviewer, role__in=REVIEWING_ROLES
    )
    if not reviewing.exists():
        raise ValidationError(
            {
                "reviewer": _(
                    "%(who)s is not a reviewer, staff or admin of %(org)s: give them the "
                    "reviewer role first."
                )
                % {"who": reviewer.username, "org": challenge.organization.name}
            }
        )
    held = set(
        Assignment.objects.filter(
            reviewer=reviewer, proposal__in=[p.pk for p in proposals]
        ).values_list("proposal_id", flat=True)
    )
    new = list({p.pk: p for p in proposals if p.pk not in held}.values())
    Assignment.objects.bulk_create(
        [Assignment(proposal=p, reviewer=reviewer, assigned_by=actor) for p in new],
        ignore_conflicts=True,  # a second click racing the first assigns nothing twice
    )
    if new:
        audit_record(
            actor=actor,
            organization=challenge.organization_id,
            action="reviews.reviewer_assign",
            target=_audit_target(challenge, new),
            after={
                "reviewer": reviewer.pk,
                "reviewer_name": reviewer.username,
                "proposals": [p.pk for p in new],
            },
        )
    return new


@transaction.atomic
def reviewer_unassign(*, actor: Actor, reviewer: User, proposals: Sequence[Proposal]) -> int:
    """Stop asking `reviewer` to score `proposals`. Scores they already gave stay and count:
    they are the reviewer's judgement, and the audit log keeps who gave them. How many
    assignments ended."""
    challenge = _one_challenge(proposals)
    if not rules.has_perm("reviews.assign_reviewers", actor, challenge):
        raise PermissionDenied
    actor = signed_in(actor)
    held = Assignment.objects.filter(reviewer=reviewer, proposal__in=[p.pk for p in proposals])
    ended = list(held.values_list("proposal_id", flat=True))
    if not ended:
        return 0
    held.delete()
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="reviews.reviewer_unassign",
        target=_audit_target(challenge, [p for p in proposals if p.pk in set(ended)]),
        before={
            "reviewer": reviewer.pk,
            "reviewer_name": reviewer.username,
            "proposals": sorted(ended),
        },
    )
    return len(ended)


def score_field(criterion_id: int) -> str:
    """The form field (and error key) of a criterion's score; its comment's is `comment_<id>`."""
    return f"score_{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


def _checked_scores(
    criteria: Mapping[int, Criterion], scores: Mapping[int, tuple[Any, Any]]
) -> dict[int, tuple[int, str]]:
    """The scores to keep (value, comment) by criterion, or a ValidationError naming each
    field refused: a score that is not a whole number from 1 to 5, a criterion this scorecard
    does not score by hand, a comment too long, or one without a score."""
    errors: dict[str, str] = {}
    kept: dict[int, tuple[int, str]] = {}
    for criterion_id, (value, comment) in scores.items():
        criterion = criteria.get(criterion_id)
        field = score_field(criterion_id)
        if criterion is None or criterion.kind != CriterionKind.SCORED:
            errors[field] = _("This scorecard has no criterion %(id)s scored by reviewers.") % {
                "id": criterion_id
            }
            continue
        comment = comment if isinstance(comment, str) else ""
        comment = comment.replace("\r\n", "\n").strip()
        if len(comment) > MAX_COMMENT:
            errors[comment_field(criterion_id)] = _(
                "Keep the comment on “%(name)s” under %(n)s characters."
            ) % {"name": criterion.name, "n": f"{MAX_COMMENT:,}"}
        elif refused := control_character(comment, _("comment"), lines=True):
            errors[comment_field(criterion_id)] = refused
        if value is None:
            if comment:
                errors[field] = _("Choose a score for “%(name)s” to go with the comment.") % {
                    "name": criterion.name
                }
            continue
        if not _whole_score(value):
            errors[field] = _("Score “%(name)s” with a whole number from 1 to 5.") % {
                "name": criterion.name
            }
            continue
        kept[criterion_id] = (int(value), comment)
    if errors:
        raise ValidationError(errors)
    return kept


def _whole_score(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and value == int(value) and LOWEST <= value <= HIGHEST


@transaction.atomic
def score_set(*, actor: Actor, proposal: Proposal, scores: Mapping[int, tuple[Any, Any]]) -> int:
    """Record the actor's scores on a proposal: `scores` maps a criterion id to (value 1–5,
    comment); a criterion left out (or given no value and no comment) keeps what it had. How
    many scores changed; the audit entry holds each as it was and as it is."""
    if not rules.has_perm("reviews.score_proposal", actor, proposal):
        raise PermissionDenied
    actor = signed_in(actor)
    criteria = {c.pk: c for c in Criterion.objects.filter(challenge_id=proposal.challenge_id)}
    kept = _checked_scores(criteria, scores)
    mine = Score.objects.filter(proposal=proposal, reviewer=actor, criterion__in=list(kept))
    had = {s.criterion_id: (s.value, s.comment) for s in mine.select_for_update()}
    changed = {key: score for key, score in kept.items() if had.get(key) != score}
    if not changed:
        return 0
    Score.objects.bulk_create(
        [
            Score(criterion_id=key, proposal=proposal, reviewer=actor, value=v, comment=c)
            for key, (v, c) in changed.items()
        ],
        update_conflicts=True,
        unique_fields=["criterion", "proposal", "reviewer"],
        update_fields=["value", "comment", "updated_at"],
    )
    audit_record(
        actor=actor,
        organization=proposal.challenge.organization_id,
        action="reviews.score_set",
        target=proposal,
        before={
            str(key): {
                "criterion": criteria[key].name,
                "value": had[key][0],
                "comment": had[key][1],
            }
            for key in changed
            if key in had
        },
        after={
            str(key): {"criterion": criteria[key].name, "value": v, "comment": c}
            for key, (v, c) in changed.items()
        },
    )
    return len(changed)
