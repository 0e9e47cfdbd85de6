"""Publishing a challenge's as-built design: checked by the challenge's toolkit, drawn once,
crediting the proposals staff name."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.audit.services import audit_record
from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import check_design, toolkit_for
from cocreate.core.markdown import render_markdown
from cocreate.core.text import control_character
from cocreate.design import DesignError
from cocreate.proposals.models import Proposal

from .models import AsBuilt

MAX_NOTE = 10_000
MAX_CREDITED = 50


@transaction.atomic
def as_built_publish(
    *, actor: Actor, challenge: Challenge, design: object, note: str, credited: list[int]
) -> AsBuilt:
    """Publish (or replace) what was built: a design of the challenge's toolkit that breaks
    none of its rules, a note (Markdown) and the proposals whose ideas it took."""
    if not rules.has_perm("accountability.publish_as_built", actor, challenge):
        raise PermissionDenied
    actor = signed_in(actor)
    toolkit = toolkit_for(challenge)
    errors: dict[str, list[str]] = {}
    try:
        checked = check_design(toolkit, design)
    except DesignError as error:
        errors["design"] = [_("This is not a design of this challenge's toolkit: %s") % error]
    else:
        if checked.error_messages:
            errors["design"] = checked.error_messages
    note = note.strip()
    if len(note) > MAX_NOTE:
        errors["note"] = [_("Keep the note under 10,000 characters.")]
    elif refused := control_character(note, _("note"), lines=True):
        errors["note"] = [refused]
    ids = sorted(set(credited))
    found = set(
        Proposal.objects.listable()
        .filter(challenge=challenge, pk__in=ids)
        .values_list("pk", flat=True)
    )
    if len(ids) > MAX_CREDITED:
        errors["credited"] = [_("Credit at most 50 proposals.")]
    elif missing := [pk for pk in ids if pk not in found]:
        errors["credited"] = [
            _("Proposal(s) %(ids)s are not proposals of this challenge.")
            % {"ids": ", ".join(map(str, missing))}
        ]
    if errors:
        raise ValidationError(errors)
    previous = AsBuilt.objects.select_for_update().filter(challenge=challenge).first()
    before = (
        {"design": previous.design, "note": previous.note, "credited": _credited_ids(previous)}
        if previous
        else {}
    )
    as_built, _created = AsBuilt.objects.update_or_create(
        challenge=challenge,
        defaults={
            "design": checked.document,
            "toolkit_version": toolkit.version,
            "svg": checked.svg,
            "note": note,
            "note_html": render_markdown(note),
            "published_by": actor,
            "published_at": timezone.now(),
        },
    )
    as_built.credited.set(ids)
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="accountability.as_built_publish",
        target=challenge,
        before=before,
        after={"design": checked.document, "note": note, "credited": ids},
    )
    return as_built


def _credited_ids(as_built: AsBuilt) -> list[int]:
    return sorted(as_built.credited.values_list("pk", flat=True))
