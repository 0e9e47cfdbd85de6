"""The reviews services: who may do what (roles × actions), validation, audit entries."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cocreate.audit.models import AuditEntry
from cocreate.organizations.roles import forget_roles
from cocreate.reviews.models import Assignment, Criterion, Score
from cocreate.reviews.services import (
    criterion_add,
    criterion_change,
    criterion_move,
    criterion_remove,
    reviewer_assign,
    reviewer_unassign,
    score_set,
)

from ..factories import make_proposal

ROLES = [
    "owner",
    "staff",
    "assigned reviewer",
    "unassigned reviewer",
    "judge",
    "moderator",
    "resident",
    "other organization",
]
STAFF = {"owner", "staff"}


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_write_the_scorecard(world, role):
    actor = world.people[role]
    if role in STAFF:
        added = criterion_add(actor=actor, challenge=world.challenge, name="Fits the street")
        assert added.position == 2
        return
    with pytest.raises(PermissionDenied):
        criterion_add(actor=actor, challenge=world.challenge, name="Fits the street")
    with pytest.raises(PermissionDenied):
        criterion_remove(actor=actor, criterion=world.safety)
    assert Criterion.objects.filter(challenge=world.challenge).count() == 2


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_assign_reviewers(world, role):
    actor = world.people[role]
    reviewer = world.people["unassigned reviewer"]
    if role in STAFF:
        assert reviewer_assign(actor=actor, reviewer=reviewer, proposals=[world.proposal])
        assert reviewer_unassign(actor=actor, reviewer=reviewer, proposals=[world.proposal]) == 1
        return
    with pytest.raises(PermissionDenied):
        reviewer_assign(actor=actor, reviewer=reviewer, proposals=[world.proposal])
    with pytest.raises(PermissionDenied):
        reviewer_unassign(
            actor=actor, reviewer=world.people["assigned reviewer"], proposals=[world.proposal]
        )
    assert Assignment.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_staff_and_the_assigned_reviewer_score(world, role):
    actor = world.people[role]
    scores = {world.safety.pk: (4, "Separated bike lanes.")}
    if role in STAFF | {"assigned reviewer"}:
        assert score_set(actor=actor, proposal=world.proposal, scores=scores) == 1
        assert Score.objects.get(reviewer=actor).value == 4
        return
    with pytest.raises(PermissionDenied):
        score_set(actor=actor, proposal=world.proposal, scores=scores)
    assert not Score.objects.exists()


def test_a_reviewer_who_lost_the_role_no_longer_scores(world):
    reviewer = world.people["assigned reviewer"]
    reviewer.memberships.update(role="moderator")
    forget_roles(reviewer)
    with pytest.raises(PermissionDenied):
        score_set(actor=reviewer, proposal=world.proposal, scores={world.safety.pk: (3, "")})


@pytest.mark.parametrize("role", ["judge", "moderator", "resident", "other organization"])
def test_assigning_someone_who_does_not_review_here_is_refused(world, role):
    with pytest.raises(ValidationError) as refused:
        reviewer_assign(
            actor=world.people["owner"], reviewer=world.people[role], proposals=[world.proposal]
        )
    assert "reviewer" in refused.value.message_dict
    assert "not a reviewer, staff or admin" in refused.value.message_dict["reviewer"][0]


def test_assigning_twice_assigns_once_and_logs_once(world):
    owner, reviewer = world.people["owner"], world.people["assigned reviewer"]
    second = make_proposal(world.challenge, world.people["resident"], title="Bus lanes")
    before = AuditEntry.objects.filter(action="reviews.reviewer_assign").count()
    new = reviewer_assign(actor=owner, reviewer=reviewer, proposals=[world.proposal, second])
    assert new == [second]
    assert reviewer_assign(actor=owner, reviewer=reviewer, proposals=[second]) == []
    assert Assignment.objects.filter(reviewer=reviewer).count() == 2
    entries = AuditEntry.objects.filter(action="reviews.reviewer_assign")
    assert entries.count() == before + 1
    entry = entries.first()
    assert entry.after["proposals"] == [second.pk] and entry.target_id == second.pk


def test_assignment_is_unique_per_pair(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            proposal=world.proposal, reviewer=world.people["assigned reviewer"]
        )


def test_proposals_of_another_challenge_are_refused(world):
    foreign = make_proposal(world.other_challenge, world.people["resident"], title="Elsewhere")
    with pytest.raises(ValidationError) as refused:
        reviewer_assign(
            actor=world.people["owner"],
            reviewer=world.people["staff"],
            proposals=[world.proposal, foreign],
        )
    assert "proposals" in refused.value.message_dict
    with pytest.raises(ValidationError):
        reviewer_assign(actor=world.people["owner"], reviewer=world.people["staff"], proposals=[])


def test_unassign_keeps_the_scores_given_and_logs(world):
    owner, reviewer = world.people["owner"], world.people["assigned reviewer"]
    score_set(actor=reviewer, proposal=world.proposal, scores={world.safety.pk: (5, "")})
    assert reviewer_unassign(actor=owner, reviewer=reviewer, proposals=[world.proposal]) == 1
    assert reviewer_unassign(actor=owner, reviewer=reviewer, proposals=[world.proposal]) == 0
    assert Score.objects.filter(reviewer=reviewer).count() == 1
    entry = AuditEntry.objects.get(action="reviews.reviewer_unassign")
    assert entry.before["proposals"] == [world.proposal.pk]
    assert entry.before["reviewer_name"] == "assigned"


@pytest.mark.parametrize(
    "value", [0, 6, -1, 10**30, 2.5, float("nan"), float("inf"), "4", None, True]
)
def test_score_values_other_than_whole_1_to_5_are_refused_per_field(world, value):
    reviewer = world.people["assigned reviewer"]
    with pytest.raises(ValidationError) as refused:
        score_set(actor=reviewer, proposal=world.proposal, scores={world.safety.pk: (value, "Why")})
    assert list(refused.value.message_dict) == [f"score_{world.safety.pk}"]
    assert not Score.objects.exists()


def test_a_blank_score_without_comment_leaves_the_criterion_as_it_was(world):
    reviewer = world.people["assigned reviewer"]
    score_set(actor=reviewer, proposal=world.proposal, scores={world.safety.pk: (3, "ok")})
    assert (
        score_set(actor=reviewer, proposal=world.proposal, scores={world.safety.pk: (None, "")})
        == 0
    )
    assert Score.objects.get().value == 3


def test_scores_only_on_this_scorecards_scored_criteria(world):
    reviewer = world.people["assigned reviewer"]
    elsewhere = criterion_add(
        actor=world.people["other organization"], challenge=world.other_challenge, name="Other"
    )
    for criterion in (world.capacity, elsewhere):
        with pytest.raises(ValidationError) as refused:
            score_set(actor=reviewer, proposal=world.proposal, scores={criterion.pk: (3, "")})
        assert f"score_{criterion.pk}" in refused.value.message_dict


def test_comment_too_long_or_with_control_characters_is_refused(world):
    reviewer = world.people["assigned reviewer"]
    for comment in ("x" * 2001, "bad\x07bell"):
        with pytest.raises(ValidationError) as refused:
            score_set(
                actor=reviewer, proposal=world.proposal, scores={world.safety.pk: (3, comment)}
            )
        assert f"comment_{world.safety.pk}" in refused.value.message_dict


def test_score_set_updates_in_place_and_audits_before_and_after(world):
    reviewer = world.people["assigned reviewer"]
    key = world.safety.pk
    assert score_set(actor=reviewer, proposal=world.proposal, scores={key: (2, "Narrow")}) == 1
    assert score_set(actor=reviewer, proposal=world.proposal, scores={key: (2, "Narrow")}) == 0
    assert score_set(actor=reviewer, proposal=world.proposal, scores={key: (4, "Better")}) == 1
    score = Score.objects.get()
    assert (score.value, score.comment) == (4, "Better")
    entries = list(AuditEntry.objects.filter(action="reviews.score_set").order_by("pk"))
    assert len(entries) == 2
    assert entries[0].before == {} and entries[0].after[str(key)]["value"] == 2
    assert entries[1].before[str(key)] == {
        "criterion": world.safety.name,
        "value": 2,
        "comment": "Narrow",
    }
    assert entries[1].after[str(key)]["value"] == 4


def test_the_database_refuses_scores_outside_1_to_5(world):
    for value in (0, 6):
        with pytest.raises(IntegrityError), transaction.atomic():
            Score.objects.create(
                criterion=world.safety,
                proposal=world.proposal,
                reviewer=world.people["staff"],
                value=value,
            )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"description": "x" * 301}, "description"),
        ({"weight": 0}, "weight"),
        ({"weight": 101}, "weight"),
        ({"weight": -3}, "weight"),
        ({"weight": True}, "weight"),
        ({"kind": "vibes"}, "kind"),
        ({"kind": "metric", "metric": "cost"}, "metric"),
        ({"kind": "metric", "metric": ""}, "metric"),
    ],
)
def test_criterion_fields_are_checked(world, fields, field):
    values = {"name": "Fits the street", "weight": 1, **fields}
    with pytest.raises(ValidationError) as refused:
        criterion_add(actor=world.people["owner"], challenge=world.challenge, **values)
    assert field in refused.value.message_dict


def test_criterion_change_move_remove_are_audited(world):
    owner = world.people["owner"]
    criterion_change(
        actor=owner,
        criterion=world.capacity,
        name="Moves more people",
        description="Capacity in people per hour",
        weight=4,
        kind="metric",
        metric="capacity",
        higher_is_better=True,
    )
    world.capacity.refresh_from_db()
    assert world.capacity.weight == 4
    criterion_move(actor=owner, criterion=world.capacity, offset=-1)
    assert list(Criterion.objects.filter(challenge=world.challenge)) == [
        world.capacity,
        world.safety,
    ]
    criterion_move(actor=owner, criterion=world.capacity, offset=-1)  # already first: no change
    criterion_remove(actor=owner, criterion=world.safety)
    assert list(Criterion.objects.filter(challenge=world.challenge)) == [world.capacity]
    actions = list(
        AuditEntry.objects.filter(action__startswith="reviews.criterion").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        ["reviews.criterion_add"] * 2
        + ["reviews.criterion_change", "reviews.criterion_move", "reviews.criterion_remove"]
    )
    change = AuditEntry.objects.get(action="reviews.criterion_change")
    assert change.before["weight"] == 2 and change.after["weight"] == 4


def test_changing_a_metric_criterion_to_scored_clears_its_metric(world):
    changed = criterion_change(
        actor=world.people["owner"],
        criterion=world.capacity,
        name="Moves people",
        description="",
        weight=1,
        kind="scored",
        metric="capacity",
        higher_is_better=True,
    )
    assert changed.metric == "" and changed.kind == "scored"
