"""Writes on challenges and their phases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import IO, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.actors import Actor
from cocreate.audit.services import audit_record
from cocreate.core.events import publish as publish_event
from cocreate.core.images import image_store
from cocreate.core.markdown import render_markdown
from cocreate.core.text import control_character
from cocreate.design import DesignError, load_bundled
from cocreate.organizations.models import Organization

from .events import BaselineChanged
from .ladder import read_ladder
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
from .toolkits import CheckedDesign, check_design, toolkit_for

# Bounds of what staff type on the challenge's form: the columns' own limits, and promises a
# person can hold an organization to (ten years at most).
MAX_SUPPORT_BUDGET = 1000
MAX_ANSWER_DAYS = 3650
MAX_COVER_ALT = 300
SLUG_TAKEN = gettext_lazy("This address is taken by another challenge: choose another.")
# What `challenge_update` may change, besides the toolkit (which re-draws the baseline).
SETTINGS = (
    "title",
    "slug",
    "summary",
    "brief",
    "visibility",
    "support_budget",
    "support_ladder",
    "allow_oppose",
    "answer_days",
    "answer_trigger",
    "mode",
)


def _choice(kind: Callable[[Any], Any], value: Any, noun: str) -> str | None:
    try:
        kind(value)
    except ValueError:
        return _("Choose one of the listed %(noun)s.") % {"noun": noun}
    return None


def _refusals(values: dict[str, Any], *, challenge: Challenge | None = None) -> dict[str, str]:
    """Why each of the challenge's `values` (those given) is refused, by field: the one check
    behind creating and changing a challenge, whoever calls (a form, the demo, a command)."""
    refused: dict[str, str | None] = {}
    if "title" in values:
        title = values["title"]
        refused["title"] = control_character(title, _("title")) or (
            _("Give the challenge a title.") if not title.strip() else None
        )
    if "slug" in values:
        taken = Challenge.objects.filter(slug=values["slug"])
        if challenge is not None:
            taken = taken.exclude(pk=challenge.pk)
        refused["slug"] = str(SLUG_TAKEN) if taken.exists() else None
    budget = values.get("support_budget")
    if budget is not None and not 1 <= budget <= MAX_SUPPORT_BUDGET:
        refused["support_budget"] = _(
            "Supports per person: a whole number from 1 to %(n)s, or empty for no limit."
        ) % {"n": MAX_SUPPORT_BUDGET}
    if "answer_days" in values and not 1 <= values["answer_days"] <= MAX_ANSWER_DAYS:
        refused["answer_days"] = _("Promise an answer within 1 to %(n)s days.") % {
            "n": MAX_ANSWER_DAYS
        }
    if "support_ladder" in values:
        try:
            read_ladder(values["support_ladder"])
        except ValueError as error:
            refused["support_ladder"] = _("Support ladder: %(why)s.") % {"why": error}
    for name, kind, noun in (
        ("visibility", Visibility, _("visibilities")),
        ("answer_trigger", AnswerTrigger, _("starts of the promise")),
        ("mode", Mode, _("modes")),
    ):
        if name in values:
            refused[name] = _choice(kind, values[name], noun)
    return {name: message for name, message in refused.items() if message}


def _snapshot(challenge: Challenge, names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """The audit log's view of `names` on `challenge` (JSON values)."""
    return {name: getattr(challenge, name) for name in names}


def _store_baseline(challenge: Challenge, checked: CheckedDesign) -> list[str]:
    """Put a checked design on `challenge` as its baseline; the fields it changed."""
    if challenge.pk is not None:  # its proposals' summaries are recomputed once this commits
        publish_event(BaselineChanged(challenge.pk))
    challenge.baseline = checked.document
    challenge.baseline_svg = checked.svg
    challenge.baseline_thumbnail_svg = checked.thumbnail_svg
    return ["baseline", "baseline_svg", "baseline_thumbnail_svg"]


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
    settings = {
        "title": title,  # it names the challenge in emails: no control characters
        "slug": slug,
        "visibility": visibility,
        "support_budget": support_budget,
        "support_ladder": support_ladder or [],
        "answer_days": answer_days,
        "answer_trigger": answer_trigger,
        "mode": mode,
    }
    if refused := _refusals(settings):
        raise ValidationError(refused)
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
    challenge.save()
    audit_record(
        actor=actor,
        organization=organization,
        action="challenges.challenge_create",
        target=challenge,
        after={"title": title, "slug": slug, "published": publish},
    )
    return challenge


@transaction.atomic
def challenge_update(*, actor: Actor, challenge: Challenge, **changes: Any) -> Challenge:
    """Change a challenge's settings (`SETTINGS`) and its toolkit (`toolkit_id`,
    `toolkit_version`). A new toolkit brings its own baseline (the same toolkit at another
    version migrates the current one); it is refused once proposals exist, since they were made
    on the old one. The audit entry keeps the changed fields as they were and are."""
    if not rules.has_perm("challenges.change_challenge", actor, challenge):
        raise PermissionDenied
    unknown = set(changes) - {*SETTINGS, "toolkit_id", "toolkit_version"}
    if unknown:
        raise TypeError(f"challenge_update cannot change {', '.join(sorted(unknown))}")
    changed = [n for n in SETTINGS if n in changes and changes[n] != getattr(challenge, n)]
    refused = _refusals({n: changes[n] for n in changed}, challenge=challenge)
    toolkit_id = changes.get("toolkit_id", challenge.toolkit_id)
    version = changes.get("toolkit_version", challenge.toolkit_version)
    new_toolkit = (toolkit_id, version) != (challenge.toolkit_id, challenge.toolkit_version)
    checked = None
    if new_toolkit and challenge.proposals.exists():
        refused["toolkit"] = _(
            "People have made proposals on this toolkit: it can no longer be changed."
        )
    elif toolkit_id == challenge.toolkit_id and version < challenge.toolkit_version:
        refused["toolkit"] = _("A challenge moves to newer versions of its toolkit, never back.")
    elif new_toolkit:
        try:
            toolkit = load_bundled().get(toolkit_id, version)
            same = toolkit.id == challenge.toolkit_id
            checked = check_design(toolkit, challenge.baseline if same else toolkit.baseline)
        except DesignError as error:
            refused["toolkit"] = str(error)
    if refused:
        raise ValidationError(refused)
    before = _snapshot(challenge, changed)
    for name in changed:
        setattr(challenge, name, changes[name])
    fields = list(changed)
    if "brief" in changed:
        challenge.brief_html = render_markdown(challenge.brief)
        fields.append("brief_html")
    if checked is not None:
        before |= {"toolkit": f"{challenge.toolkit_id}@{challenge.toolkit_version}"}
        challenge.toolkit_id, challenge.toolkit_version = toolkit_id, version
        fields += ["toolkit_id", "toolkit_version", *_store_baseline(challenge, checked)]
        changed.append("toolkit")
    if not fields:
        return challenge
    challenge.save(update_fields=fields)
    after = _snapshot(challenge, [n for n in changed if n != "toolkit"])
    if checked is not None:
        after["toolkit"] = f"{challenge.toolkit_id}@{challenge.toolkit_version}"
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="challenges.challenge_update",
        target=challenge,
        before=before,
        after=after,
    )
    return challenge


@transaction.atomic
def challenge_baseline_set(
    *, actor: Actor, challenge: Challenge, design: dict[str, Any]
) -> Challenge:
    """Make `design` the challenge's baseline, checked by the engine (errors refuse it) and
    drawn once for the pages. Proposals already made keep the design they started from."""
    if not rules.has_perm("challenges.change_challenge", actor, challenge):
        raise PermissionDenied
    try:
        checked = check_design(toolkit_for(challenge), design)
    except DesignError as error:
        raise ValidationError({"baseline": str(error)}) from error
    if checked.error_messages:
        raise ValidationError({"baseline": checked.error_messages})
    before = challenge.baseline
    challenge.save(update_fields=_store_baseline(challenge, checked))
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="challenges.challenge_baseline_set",
        target=challenge,
        before={"baseline": before},
        after={"baseline": checked.document},
    )
    return challenge


@transaction.atomic
def challenge_publish(*, actor: Actor, challenge: Challenge) -> Challenge:
    """Open a draft to the people its visibility allows. It needs a dated phase first: without
    one nothing is ever open on it."""
    if not rules.has_perm("challenges.publish_challenge", actor, challenge):
        raise PermissionDenied
    if challenge.is_published:
        return challenge
    if not challenge.phases.exists():
        raise ValidationError(
            {"phases": _("Add at least one phase (its dates and what it opens) before publishing.")}
        )
    challenge.published_at = timezone.now()
    challenge.save(update_fields=["published_at"])
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="challenges.challenge_publish",
        target=challenge,
        before={"published_at": None},
        after={"published_at": challenge.published_at.isoformat()},
    )
    return challenge


@transaction.atomic
def challenge_cover_set(
    *, actor: Actor, challenge: Challenge, upload: IO[bytes] | None, alt: str = ""
) -> Challenge:
    """Show the picture `upload` (JPEG, PNG or WebP, described by `alt` for screen readers) on
    the challenge's page and cards; without one, the baseline drawing stands in again."""
    if not rules.has_perm("challenges.change_challenge", actor, challenge):
        raise PermissionDenied
    alt = alt.strip()
    if upload is not None and not alt:
        message = _("Describe the cover picture for people who can't see it.")
        raise ValidationError({"cover_alt": message})
    if refused := control_character(alt, _("description")) or (
        len(alt) > MAX_COVER_ALT and _("Keep the description under 300 characters.")
    ):
        raise ValidationError({"cover_alt": refused})
    before = challenge.cover_image_id
    challenge.cover_image = None if upload is None else image_store(upload, alt=alt, field="cover")
    challenge.save(update_fields=["cover_image"])
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="challenges.challenge_cover_set",
        target=challenge,
        before={"cover_image": before},
        after={"cover_image": challenge.cover_image_id},
    )
    return challenge


def _phase_refusals(
    challenge: Challenge,
    *,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
    actions: list[Action] | list[str],
    phase: Phase | None = None,
) -> dict[str, str]:
    """Why a phase with these values is refused on `challenge` (besides `phase`, being changed)."""
    refused: dict[str, str] = {}
    if not name.strip():
        refused["name"] = _("Name the phase, e.g. Ideas.")
    elif problem := control_character(name, _("phase name")):
        refused["name"] = problem
    if any(_choice(Action, action, "") for action in actions):
        refused["actions"] = _("Choose among the listed actions.")
    if ends_at <= starts_at:
        refused["ends_at"] = _("A phase must end after it starts.")
        return refused
    others = challenge.phases.all() if phase is None else challenge.phases.exclude(pk=phase.pk)
    if overlapping([*others.values_list("starts_at", "ends_at"), (starts_at, ends_at)]):
        refused["starts_at"] = str(OVERLAP_MESSAGE)
    return refused


def _phase_audit(phase: Phase) -> dict[str, Any]:
    return {
        "name": phase.name,
        "starts_at": phase.starts_at.isoformat(),
        "ends_at": phase.ends_at.isoformat(),
        "actions": list(phase.actions),
    }


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
    refused = _phase_refusals(
        challenge, name=name, starts_at=starts_at, ends_at=ends_at, actions=actions
    )
    if refused:
        raise ValidationError(refused)
    phase = Phase.objects.create(
        challenge=challenge,
        name=name,
        starts_at=starts_at,
        ends_at=ends_at,
        actions=[Action(a).value for a in actions],
    )
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="challenges.phase_add",
        target=phase,
        after=_phase_audit(phase),
    )
    return phase


@transaction.atomic
def phase_update(
    *,
    actor: Actor,
    challenge: Challenge,
    phase: Phase,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
    actions: list[Action],
) -> Phase:
    """Change a phase's name, dates and what it opens; the phases still must not overlap."""
    if not rules.has_perm("challenges.change_challenge", actor, challenge):
        raise PermissionDenied
    if phase.challenge_id != challenge.pk:
        raise PermissionDenied
    refused = _phase_refusals(
        challenge, name=name, starts_at=starts_at, ends_at=ends_at, actions=actions, phase=phase
    )
    if refused:
        raise ValidationError(refused)
    before = _phase_audit(phase)
    phase.name, phase.starts_at, phase.ends_at = name, starts_at, ends_at
    phase.actions = [Action(a).value for a in actions]
    phase.save(update_fields=["name", "starts_at", "ends_at", "actions"])
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="challenges.phase_update",
        target=phase,
        before=before,
        after=_phase_audit(phase),
    )
    return phase


@transaction.atomic
def phase_remove(*, actor: Actor, challenge: Challenge, phase: Phase) -> None:
    """Remove a phase; what it opened closes with it."""
    if not rules.has_perm("challenges.change_challenge", actor, challenge):
        raise PermissionDenied
    if phase.challenge_id != challenge.pk:
        raise PermissionDenied
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="challenges.phase_remove",
        target=phase,
        before=_phase_audit(phase),
    )
    phase.delete()


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
    challenge.save(update_fields=["toolkit_version", *_store_baseline(challenge, checked)])
    return challenge
