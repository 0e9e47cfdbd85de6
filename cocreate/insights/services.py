"""Writes of a challenge's insights: asking for a computation, publishing the summary, and
opening the consensus design in the editor."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.proposals.models import DraftOwner
from cocreate.proposals.services import draft_save

from . import tasks
from .models import Report

BUSY = (Report.State.QUEUED, Report.State.RUNNING)


def _check(actor: Actor, challenge: Challenge) -> None:
    if not rules.has_perm("insights.change_insights", actor, challenge):
        raise PermissionDenied


@transaction.atomic
def insights_request(*, actor: Actor, challenge: Challenge) -> Report:
    """Queue the computation of `challenge`'s insights, once: a report already queued or
    running is left as it is (a double click or two staff at once queue one task)."""
    _check(actor, challenge)
    report, _ = Report.objects.get_or_create(challenge=challenge)
    queued = (
        Report.objects.filter(pk=report.pk)
        .exclude(state__in=BUSY)
        .update(state=Report.State.QUEUED, progress=0, error="")
    )
    if queued:
        transaction.on_commit(lambda: tasks.compute_insights.enqueue(challenge.pk))
    report.refresh_from_db()
    return report


@transaction.atomic
def insights_publish(*, actor: Actor, challenge: Challenge, public: bool) -> Report:
    """Show (or stop showing) the insights' public summary on the challenge."""
    _check(actor, challenge)
    report, _ = Report.objects.get_or_create(challenge=challenge)
    Report.objects.filter(pk=report.pk).update(public=public)
    report.public = public
    return report


def consensus_open(
    *, actor: Actor, owner: DraftOwner, challenge: Challenge, design: dict[str, Any]
) -> None:
    """Keep the consensus design as `owner`'s draft of `challenge`, so the editor opens it as a
    new proposal (it is no proposal, so there is nothing to remix: its parent is the
    baseline). It replaces the draft kept before, as a Streetmix import does."""
    draft_save(
        actor=actor,
        owner=owner,
        challenge=challenge,
        design=design,
        parent_pk=None,
        title="",
        rationale="",
    )
