"""Staff pages for a proposal's progress record, the progress CSV import and the private
notes panel: each goes through the staff door first, reads a form, calls a service, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.challenges.selectors import challenge_for_staff
from cocreate.core.htmx import redirect
from cocreate.core.idempotency import idempotent

from . import selectors, services
from .forms import IMPORT_HELP, ImportForm, NotesForm, ProgressForm
from .models import ProgressEntry


def _op(request: HttpRequest) -> str:
    return str(request.POST.get("op", ""))


def _creates(request: HttpRequest) -> bool:
    return request.method == "POST" and _op(request) in {"add", "import", "note", "item"}


@idempotent(when=_creates)
def proposal_progress(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    """An accepted proposal's public progress record, kept by the organization's staff."""
    challenge = challenge_for_staff(
        org=org, slug=slug, user=request.user, permission="challenges.change_challenge"
    )
    proposal = selectors.proposal_for_progress(challenge=challenge, pk=pk)
    form = ProgressForm(request.POST, request.FILES) if request.method == "POST" else ProgressForm()
    entries = selectors.timeline(proposal=proposal)
    here = reverse("proposal-progress", args=[org, slug, pk])
    if request.method == "POST" and form.is_valid():
        try:
            said = _progress_write(request, form, proposal, entries)
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
        else:
            messages.success(request, said)
            return redirect(request, here)
    context = {
        "organization": challenge.organization,
        "challenge": challenge,
        "proposal": proposal,
        "accepted": selectors.is_accepted(proposal),
        "percent": selectors.progress_of(proposal),
        "entries": entries,
        "form": form,
        "editing": form.typed("entry") if form.errors else None,
        "proposal_url": reverse("proposal", args=[slug, pk]),
    }
    return render(request, "tracking/progress.html", context, status=form.status)


def _progress_write(
    request: HttpRequest, form: ProgressForm, proposal: Any, entries: list[ProgressEntry]
) -> str:
    data, op = form.cleaned_data, form.cleaned_data["op"]
    if op == "percent":
        services.progress_set(actor=request.user, proposal=proposal, percent=data["percent"])
        return _("Percentage saved.")
    fields = {
        "day": selectors.parse_day(data["date"]),
        "title": data["title"],
        "text": data["text"],
        "built": data["built"],
        "photo": data["photo"],
        "photo_alt": data["photo_alt"],
    }
    if op == "add":
        services.progress_entry_add(actor=request.user, proposal=proposal, **fields)
        return _("Posted on the timeline; the proposal's followers will hear of it.")
    entry = next((e for e in entries if e.pk == data["entry"]), None)
    if entry is None or op not in {"edit", "remove"}:
        raise ValidationError(_("That entry is not on this proposal's timeline."))
    entry.proposal = proposal
    if op == "remove":
        services.progress_entry_remove(actor=request.user, entry=entry)
        return _("Entry removed.")
    services.progress_entry_edit(
        actor=request.user, entry=entry, drop_photo=data["drop_photo"], **fields
    )
    return _("Entry saved.")


@idempotent(when=_creates)
def progress_import(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    """Import timeline entries from a CSV: a preview of every row, then all or nothing."""
    challenge = challenge_for_staff(
        org=org, slug=slug, user=request.user, permission="challenges.change_challenge"
    )
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context: dict[str, Any] = {
        "organization": challenge.organization,
        "challenge": challenge,
        "form": form,
        "help": IMPORT_HELP,
        "preview": None,
        "text": "",
    }
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["op"] == "import":
                entries = services.progress_import(
                    actor=request.user, challenge=challenge, text=form.cleaned_data["csv"]
                )
                messages.success(
                    request,
                    ngettext("Imported %(n)s entry.", "Imported %(n)s entries.", len(entries))
                    % {"n": len(entries)},
                )
                return redirect(request, reverse("progress-import", args=[org, slug]))
            upload = form.cleaned_data["file"]
            if upload is None:
                raise ValidationError({"file": _("Choose a CSV file to check.")})
            text = selectors.csv_text(upload.read(selectors.MAX_BYTES + 1))
            context["preview"] = selectors.progress_import_preview(challenge=challenge, text=text)
            context["text"] = text
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    return render(request, "tracking/import.html", context, status=form.status)


@idempotent(when=_creates)
def staff_notes(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    """A proposal's private notes and checklist (the proposal page shows the same panel)."""
    challenge = challenge_for_staff(
        org=org, slug=slug, user=request.user, permission="tracking.keep_notes_in_challenge"
    )
    proposal = selectors.proposal_for_progress(challenge=challenge, pk=pk)
    form = NotesForm(request.POST) if request.method == "POST" else NotesForm()
    if request.method == "POST" and form.is_valid():
        try:
            _notes_write(request, form, proposal)
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
        else:
            return redirect(request, reverse("proposal", args=[slug, pk]) + "#staff-notes")
    panel = selectors.staff_panel(proposal=proposal, user=request.user)
    context = {
        "organization": challenge.organization,
        "challenge": challenge,
        "proposal": proposal,
        "panel": panel,
        "form": form,
        "notes_url": reverse("staff-notes", args=[org, slug, pk]),
        "proposal_url": reverse("proposal", args=[slug, pk]),
    }
    return render(request, "tracking/notes.html", context, status=form.status)


def _notes_write(request: HttpRequest, form: NotesForm, proposal: Any) -> None:
    data, op = form.cleaned_data, form.cleaned_data["op"]
    if op == "note":
        services.staff_note_add(actor=request.user, proposal=proposal, text=data["text"])
        return
    if op == "item":
        services.checklist_item_add(actor=request.user, proposal=proposal, text=data["text"])
        return
    if op not in {"tick", "untick", "remove"}:
        raise ValidationError(_("Choose what to do with the checklist."))
    item = selectors.checklist_item(proposal=proposal, pk=data["item"])
    if op == "remove":
        services.checklist_item_remove(actor=request.user, item=item)
    else:
        services.checklist_item_tick(actor=request.user, item=item, done=op == "tick")
