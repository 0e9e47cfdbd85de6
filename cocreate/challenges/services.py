"""Writes on challenges and their phases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor
from cocreate.core.markdown import render_markdown
from cocreate.core.text import control_character
from cocreate.design import DesignError, load_bundled
from cocreate.organizations.models import Organization

from .models import (
    OVERLAP_MESSAGE,
    Action,
    AnswerTrigger,
    Challenge,
    Mode,
    Phase,
    Visibility,
    overlapping,
)
from .toolkits import check_design


@transaction.atomic
def challenge_create(
    *,
    actor: Actor,
    organization: Organization,
    slug: str,
    title: str,
    toolkit_id: str,
    toolkit_version: int | None = None,
    baseline: dict[str, Any] | None = None,
    summary: str = "",
    brief: str = "",
    visibility: Visibility = Visibility.PUBLIC,
    support_budget: int | None = None,
    support_ladder: list[dict[str, int]] | None = None,
    allow_oppose: bool = False,
    answer_days: int = 90,
    answer_trigger: AnswerTrigger = AnswerTrigger.SUBMISSION,
    mode: Mode = Mode.IDEAS,
    publish: bool = True,
) -> Challenge:
    """Open a challenge (or, without `publish`, keep it a draft only the organization's members
    see); the baseline defaults to the toolkit's own and must be valid."""
    if not rules.has_perm("organizations.add_challenge", actor, organization):
        raise PermissionDenied
    if refused := control_character(title, _("title")):  # it names the challenge in emails
        raise ValidationError({"title": [refused]})
    try:
        toolkit = load_bundled().get(toolkit_id, toolkit_version)
        checked = check_design(toolkit, baseline if baseline is not None else toolkit.baseline)
    except DesignError as error:
        raise ValidationError({"baseline": str(error)}) from error
    if checked.error_messages:
        raise ValidationError({"baseline": checked.error_messages})
    challenge = Challenge(
        organization=organization,
        slug=slug,
        title=title,
        summary=summary,
        brief=brief,
        brief_html=render_markdown(brief),
        toolkit_id=toolkit.id,
        toolkit_version=toolkit.version,
        baseline=checked.document,
        baseline_svg=checked.svg,
        baseline_thumbnail_svg=checked.thumbnail_svg,
        visibility=visibility,
        support_budget=support_budget,
        support_ladder=support_ladder or [],
        allow_oppose=allow_oppose,
        answer_days=answer_days,
        answer_trigger=answer_trigger,
        mode=mode,
        published_at=timezone.now() if publish else None,
    )
    challenge.clean()  # the ladder
    challenge.save()
    return challenge


@transaction.atomic
def phase_add(
    *,
    actor: Actor,
    challenge: Challenge,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
    actions: list[Action],
) -> Phase:
    """Phases are dated and must not overlap, so exactly one (or none) is current at any time."""
    if not rules.has_perm("challenges.change_challenge", actor, challenge):
        raise PermissionDenied
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A phase must end after it starts.")})
    spans = list(challenge.phases.values_list("starts_at", "ends_at"))
    if overlapping([*spans, (starts_at, ends_at)]):
        raise ValidationError({"starts_at": OVERLAP_MESSAGE})
    return Phase.objects.create(
        challenge=challenge,
        name=name,
        starts_at=starts_at,
        ends_at=ends_at,
        actions=[Action(a).value for a in actions],
    )


@transaction.atomic
def challenge_toolkit_upgrade(*, actor: Actor, challenge: Challenge) -> Challenge:
    """Move a challenge to the latest published version of its toolkit. The baseline is migrated
    and re-drawn; proposals keep the version they were made on and open migrated, with a notice."""
    if not rules.has_perm("challenges.change_challenge", actor, challenge):
        raise PermissionDenied
    toolkit = load_bundled().get(challenge.toolkit_id)
    if toolkit.version == challenge.toolkit_version:
        return challenge
    checked = check_design(toolkit, challenge.baseline)
    if checked.error_messages:
        raise ValidationError({"baseline": checked.error_messages})
    challenge.toolkit_version = toolkit.version
    challenge.baseline = checked.document
    challenge.baseline_svg = checked.svg
    challenge.baseline_thumbnail_svg = checked.thumbnail_svg
    challenge.save(
        update_fields=["toolkit_version", "baseline", "baseline_svg", "baseline_thumbnail_svg"]
    )
    return challenge
