"""Writes: a proposal's public progress record (percentage, timeline, CSV import) and its
private notes and checklist. Each checks its rule, writes an audit entry in its transaction,
and a new timeline entry tells the proposal's followers and backers (ProgressPosted)."""

from __future__ import annotations

from datetime import date
from typing import IO

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.audit.services import audit_record
from cocreate.challenges.models import Challenge
from cocreate.core.events import publish
from cocreate.core.images import image_store
from cocreate.core.markdown import render_markdown
from cocreate.core.text import control_character
from cocreate.proposals.models import Proposal

from .events import ProgressPosted
from .models import ChecklistItem, Progress, ProgressEntry, StaffNote
from .selectors import entry_errors, is_accepted, percent_error, progress_import_preview

MAX_NOTE = 5_000
MAX_ITEM = 200
MAX_ALT = 300


def _may_track(actor: Actor, proposal: Proposal) -> None:
    if not rules.has_perm("tracking.manage_progress", actor, proposal):
        raise PermissionDenied
    if not is_accepted(proposal):
        raise ValidationError(
            {"proposal": [_("Only an accepted proposal has a progress record: answer it first.")]}
        )


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})


def _photo(photo: IO[bytes] | None, alt: str) -> dict[str, str]:
    """What is wrong with a photo's description: a photo needs one."""
    alt = alt.strip()
    if photo is None and not alt:
        return {}
    if not alt:
        return {"photo_alt": _("Describe the photo for people who can't see it.")}
    if len(alt) > MAX_ALT:
        return {"photo_alt": _("Keep the description under 300 characters.")}
    if refused := control_character(alt, _("description")):
        return {"photo_alt": refused}
    return {}


def _entry_audit(entry: ProgressEntry) -> dict[str, object]:
    return {
        "date": entry.date.isoformat(),
        "title": entry.title,
        "text": entry.text,
        "photo": entry.photo_id,
        "built": entry.built,
    }


@transaction.atomic
def progress_set(*, actor: Actor, proposal: Proposal, percent: int | None) -> Progress:
    """Set how far the work on an accepted proposal has come (0–100, whole)."""
    _may_track(actor, proposal)
    actor = signed_in(actor)
    if refused := percent_error(percent):
        raise ValidationError({"percent": [refused]})
    assert percent is not None
    progress, _created = Progress.objects.select_for_update().get_or_create(proposal=proposal)
    before = progress.percent
    progress.percent = percent
    progress.save(update_fields=["percent", "updated_at"])
    audit_record(
        actor=actor,
        organization=proposal.challenge.organization_id,
        action="tracking.progress_set",
        target=proposal,
        before={"percent": before},
        after={"percent": percent},
    )
    return progress


@transaction.atomic
def progress_entry_add(
    *,
    actor: Actor,
    proposal: Proposal,
    day: date | None,
    title: str,
    text: str = "",
    photo: IO[bytes] | None = None,
    photo_alt: str = "",
    built: bool = False,
) -> ProgressEntry:
    """Post a dated step on an accepted proposal's public timeline (Markdown text, an optional
    photo with its description); its followers, author and backers are told."""
    _may_track(actor, proposal)
    actor = signed_in(actor)
    title, text = title.strip(), text.strip()
    _refuse({**entry_errors(day=day, title=title, text=text), **_photo(photo, photo_alt)})
    assert day is not None
    picture = image_store(photo, alt=photo_alt.strip(), field="photo") if photo else None
    entry = ProgressEntry.objects.create(
        proposal=proposal,
        date=day,
        title=title,
        text=text,
        text_html=render_markdown(text),
        photo=picture,
        built=built,
        author=actor,
    )
    audit_record(
        actor=actor,
        organization=proposal.challenge.organization_id,
        action="tracking.entry_add",
        target=entry,
        after=_entry_audit(entry),
    )
    publish(ProgressPosted(entry.pk))
    return entry


@transaction.atomic
def progress_entry_edit(
    *,
    actor: Actor,
    entry: ProgressEntry,
    day: date | None,
    title: str,
    text: str,
    built: bool,
    photo: IO[bytes] | None = None,
    photo_alt: str = "",
    drop_photo: bool = False,
) -> ProgressEntry:
    """Correct a timeline entry; a new photo replaces the old, `drop_photo` removes it, and a
    description alone re-describes the photo kept."""
    _may_track(actor, entry.proposal)
    actor = signed_in(actor)
    title, text = title.strip(), text.strip()
    _refuse({**entry_errors(day=day, title=title, text=text), **_photo(photo, photo_alt)})
    assert day is not None
    before = _entry_audit(entry)
    if photo is not None:
        entry.photo = image_store(photo, alt=photo_alt.strip(), field="photo")
    elif drop_photo:
        entry.photo = None
    elif entry.photo is not None and photo_alt.strip():
        entry.photo.alt = photo_alt.strip()
        entry.photo.save(update_fields=["alt"])
    entry.date, entry.title, entry.text, entry.built = day, title, text, built
    entry.text_html = render_markdown(text)
    entry.save()
    audit_record(
        actor=actor,
        organization=entry.proposal.challenge.organization_id,
        action="tracking.entry_edit",
        target=entry,
        before=before,
        after=_entry_audit(entry),
    )
    return entry


@transaction.atomic
def progress_entry_remove(*, actor: Actor, entry: ProgressEntry) -> None:
    """Take a step off the public timeline (the audit log keeps what it said)."""
    if not rules.has_perm("tracking.manage_progress", actor, entry.proposal):
        raise PermissionDenied
    actor = signed_in(actor)
    audit_record(
        actor=actor,
        organization=entry.proposal.challenge.organization_id,
        action="tracking.entry_remove",
        target=entry,
        before=_entry_audit(entry),
    )
    entry.delete()


@transaction.atomic
def progress_import(*, actor: Actor, challenge: Challenge, text: str) -> list[ProgressEntry]:
    """Add every row of a progress CSV to its proposal's timeline (and set the percentages it
    gives, the last one per proposal winning), or nothing at all when any row is refused: the
    ValidationError on "file" lists each refused row by line. Each proposal's followers hear
    once, of its newest step."""
    if not rules.has_perm("challenges.change_challenge", actor, challenge):
        raise PermissionDenied
    actor = signed_in(actor)
    preview = progress_import_preview(challenge=challenge, text=text)
    if preview.problems:
        raise ValidationError(
            {
                "file": [
                    _("Line %(n)s: %(why)s") % {"n": line, "why": why}
                    for line, why in preview.problems
                ]
            }
        )
    if not preview.rows:
        raise ValidationError({"file": [_("The file has no rows to import.")]})
    entries = ProgressEntry.objects.bulk_create(
        [
            ProgressEntry(
                proposal=row.proposal,
                date=row.date,
                title=row.title,
                text=row.text,
                text_html=render_markdown(row.text),
                author=actor,
            )
            for row in preview.rows
        ]
    )
    percents = {row.proposal.pk: row.percent for row in preview.rows if row.percent is not None}
    _percents_set(percents)
    newest = {entry.proposal_id: entry for entry in entries}
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="tracking.progress_import",
        target=challenge,
        after={
            "entries": len(entries),
            "proposals": sorted(newest),
            "percents": {str(pk): value for pk, value in sorted(percents.items())},
        },
    )
    for entry in newest.values():
        publish(ProgressPosted(entry.pk))
    return entries


def _percents_set(percents: dict[int, int]) -> None:
    """Set many proposals' percentages in three statements, whatever their number."""
    now = timezone.now()
    found = {p.proposal_id: p for p in Progress.objects.filter(proposal_id__in=list(percents))}
    for pk, progress in found.items():
        progress.percent, progress.updated_at = percents[pk], now
    Progress.objects.bulk_update(found.values(), ["percent", "updated_at"])
    Progress.objects.bulk_create(
        [Progress(proposal_id=pk, percent=v) for pk, v in percents.items() if pk not in found]
    )


# --- private notes and checklist --------------------------------------------------------------


def _may_keep_notes(actor: Actor, proposal: Proposal) -> None:
    if not rules.has_perm("tracking.keep_notes", actor, proposal):
        raise PermissionDenied


def _line(text: str, *, name: str, noun: str, limit: int, lines: bool) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({name: [_("Write the %(noun)s first.") % {"noun": noun}]})
    if len(text) > limit:
        raise ValidationError(
            {
                name: [
                    _("Keep the %(noun)s under %(n)s characters.")
                    % {"noun": noun, "n": f"{limit:,}"}
                ]
            }
        )
    if refused := control_character(text, noun, lines=lines):
        raise ValidationError({name: [refused]})
    return text


@transaction.atomic
def staff_note_add(*, actor: Actor, proposal: Proposal, text: str) -> StaffNote:
    """Keep a private note on a proposal, for the organization's people only."""
    _may_keep_notes(actor, proposal)
    actor = signed_in(actor)
    text = _line(text, name="text", noun=_("note"), limit=MAX_NOTE, lines=True)
    note = StaffNote.objects.create(proposal=proposal, author=actor, text=text)
    audit_record(
        actor=actor,
        organization=proposal.challenge.organization_id,
        action="tracking.note_add",
        target=proposal,
        after={"note": note.pk, "text": text},
    )
    return note


@transaction.atomic
def checklist_item_add(*, actor: Actor, proposal: Proposal, text: str) -> ChecklistItem:
    _may_keep_notes(actor, proposal)
    actor = signed_in(actor)
    text = _line(text, name="text", noun=_("item"), limit=MAX_ITEM, lines=False)
    item = ChecklistItem.objects.create(proposal=proposal, text=text)
    audit_record(
        actor=actor,
        organization=proposal.challenge.organization_id,
        action="tracking.checklist_add",
        target=proposal,
        after={"item": item.pk, "text": text},
    )
    return item


@transaction.atomic
def checklist_item_tick(*, actor: Actor, item: ChecklistItem, done: bool) -> ChecklistItem:
    """Tick an item done (who and when are kept) or untick it."""
    _may_keep_notes(actor, item.proposal)
    actor = signed_in(actor)
    before = item.done
    item.done = done
    item.done_by = actor if done else None
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done", "done_by", "done_at"])
    audit_record(
        actor=actor,
        organization=item.proposal.challenge.organization_id,
        action="tracking.checklist_tick",
        target=item.proposal,
        before={"item": item.pk, "done": before},
        after={"item": item.pk, "done": done, "text": item.text},
    )
    return item


@transaction.atomic
def checklist_item_remove(*, actor: Actor, item: ChecklistItem) -> None:
    _may_keep_notes(actor, item.proposal)
    actor = signed_in(actor)
    audit_record(
        actor=actor,
        organization=item.proposal.challenge.organization_id,
        action="tracking.checklist_remove",
        target=item.proposal,
        before={"item": item.pk, "text": item.text, "done": item.done},
    )
    item.delete()
