"""Reads: a proposal's public progress record, its private staff panel, and the check of a
progress CSV (what an import would add, and every row it refuses, with its line number)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.core.numbers import whole_number
from cocreate.core.text import control_character
from cocreate.organizations.models import Stage
from cocreate.organizations.roles import reviews_in
from cocreate.proposals.models import Proposal

from .models import ChecklistItem, Progress, ProgressEntry, StaffNote

ACCEPTED_STAGES = (Stage.ACCEPTED, Stage.BUILT)
MAX_TITLE = 140
MAX_TEXT = 10_000
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
# A progress CSV: at most this many rows and bytes (a year of weekly steps on forty
# proposals is about 2,000 rows; more is a file from the wrong export).
MAX_ROWS = 2_000
MAX_BYTES = 1_000_000
COLUMNS = ("proposal", "date", "title", "text", "percent")
REQUIRED = ("proposal", "date", "title", "text")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- checks shared by the services and the CSV ------------------------------------------------


def entry_errors(*, day: date | None, title: str, text: str) -> dict[str, str]:
    """What is wrong with a timeline entry, by field (empty when nothing is)."""
    errors: dict[str, str] = {}
    if day is None:
        errors["date"] = _("Give the date as YYYY-MM-DD, such as 2025-03-31.")
    elif not FIRST_DAY <= day <= LAST_DAY:
        errors["date"] = _("Give a date between 2000 and 2099.")
    if not title:
        errors["title"] = _("Give the step a title, such as “Works start”.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("Keep the title under 140 characters (it has %(n)s).") % {
            "n": f"{len(title):,}"
        }
    elif refused := control_character(title, _("title")):
        errors["title"] = refused
    if len(text) > MAX_TEXT:
        errors["text"] = _("Keep the text under 10,000 characters (it has %(n)s).") % {
            "n": f"{len(text):,}"
        }
    elif refused := control_character(text, _("text"), lines=True):
        errors["text"] = refused
    return errors


def percent_error(percent: int | None) -> str | None:
    if percent is None or not 0 <= percent <= 100:
        return _("Give the percentage done as a whole number from 0 to 100.")
    return None


def is_accepted(proposal: Proposal) -> bool:
    """Whether the organization's latest answer accepted it (or it is built)."""
    status = proposal.answer_status
    return status is not None and status.stage in ACCEPTED_STAGES


# --- the public record ------------------------------------------------------------------------


@dataclass(slots=True)
class ProgressRecord:
    percent: int
    built: bool  # the latest answer says it is built
    entries: list[ProgressEntry]
    built_entry: ProgressEntry | None  # the latest entry with a photo of what was built


def _timeline(proposal_id: int) -> QuerySet[ProgressEntry]:
    return (
        ProgressEntry.objects.filter(proposal_id=proposal_id)
        .select_related("photo")
        .defer("photo__data")
    )


def _loaded_stage(proposal: Proposal) -> Stage | None:
    """The stage of the proposal's answer when it was loaded with the proposal (no query)."""
    if not Proposal.answer_status.is_cached(proposal):
        return None
    status = proposal.answer_status
    if status is None or "stage" in status.get_deferred_fields():
        return None
    return Stage(status.stage)


def progress_record(*, proposal: Proposal) -> ProgressRecord | None:
    """The public progress record of a proposal the caller may show, or None while the
    organization has not accepted it: two queries, none for a proposal never answered or whose
    answer, already loaded with it (the proposal page's selector), is not an acceptance."""
    if proposal.answer_status_id is None:
        return None
    stage = _loaded_stage(proposal)
    if stage is not None and stage not in ACCEPTED_STAGES:
        return None
    found = (
        Proposal.objects.filter(pk=proposal.pk)
        .values_list("answer_status__stage", "progress__percent")
        .first()
    )
    if found is None or found[0] not in ACCEPTED_STAGES:
        return None
    entries = list(_timeline(proposal.pk))
    built = [e for e in entries if e.built and e.photo_id is not None]
    return ProgressRecord(
        percent=found[1] or 0,
        built=found[0] == Stage.BUILT,
        entries=entries,
        built_entry=built[-1] if built else None,
    )


# --- the staff pages --------------------------------------------------------------------------


def proposal_for_progress(*, challenge: Challenge, pk: int) -> Proposal:
    """A proposal of `challenge` (already through the staff door) with its status, progress
    and timeline; 404 when the challenge has no such proposal."""
    proposal = (
        Proposal.objects.filter(challenge=challenge, pk=pk)
        .select_related("answer_status", "progress", "author")
        .defer("design", "evaluation", "svg", "thumbnail_svg")
        .first()
    )
    if proposal is None:
        raise Http404
    proposal.challenge = challenge
    return proposal


def timeline(*, proposal: Proposal) -> list[ProgressEntry]:
    return list(_timeline(proposal.pk))


def progress_of(proposal: Proposal) -> int:
    """Its percentage, 0 before any was set (a missing one-to-one row raises an AttributeError)."""
    progress: Progress | None = getattr(proposal, "progress", None)
    return progress.percent if progress is not None else 0


@dataclass(slots=True)
class StaffPanel:
    notes: list[StaffNote]
    checklist: list[ChecklistItem]


def staff_panel(*, proposal: Proposal, user: Actor) -> StaffPanel | None:
    """The private notes and checklist of a proposal, for its organization's staff, admins and
    reviewers only (None for everyone else, residents and the proposal's author included):
    two queries for them, none for a visitor who is not signed in."""
    if not reviews_in(user, proposal.challenge.organization_id):
        return None
    return StaffPanel(
        notes=list(StaffNote.objects.filter(proposal=proposal).select_related("author")),
        checklist=list(ChecklistItem.objects.filter(proposal=proposal)),
    )


def checklist_item(*, proposal: Proposal, pk: int | None) -> ChecklistItem:
    """One line of `proposal`'s checklist; 404 when it has no such line."""
    item = ChecklistItem.objects.filter(proposal=proposal, pk=pk or 0).first()
    if item is None:
        raise Http404
    item.proposal = proposal
    return item


# --- importing a CSV --------------------------------------------------------------------------


@dataclass(slots=True)
class ImportRow:
    line: int
    proposal: Proposal
    date: date
    title: str
    text: str
    percent: int | None


@dataclass(slots=True)
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems


def csv_text(raw: bytes) -> str:
    """An uploaded CSV's text: at most MAX_BYTES of UTF-8 (a byte-order mark is fine)."""
    if len(raw) > MAX_BYTES:
        raise ValidationError(
            {
                "file": _("Send a CSV of at most 1 MB (this one has %(n)s bytes).")
                % {"n": f"{len(raw):,}"}
            }
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            {
                "file": _(
                    "This file is not UTF-8 text (byte %(at)s is not): save it as “CSV UTF-8”."
                )
                % {"at": f"{error.start + 1:,}"}
            }
        ) from None


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) per record after the header, refusing the file whole when it is no
    CSV, lacks a column, or has more than MAX_ROWS rows."""
    if "\x00" in text:
        raise ValidationError({"file": _("The file contains a NUL character: is it a CSV?")})
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ValidationError({"file": _("The file is empty: it needs a header row.")})
        names = [cell.strip().lower() for cell in header]
        missing = [name for name in REQUIRED if name not in names]
        if missing:
            raise ValidationError(
                {
                    "file": _("The header row lacks the column(s) %(missing)s; it needs %(all)s.")
                    % {"missing": ", ".join(missing), "all": ", ".join(COLUMNS)}
                }
            )
        index = {name: names.index(name) for name in COLUMNS if name in names}
        records: list[tuple[int, list[str]]] = []
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):  # blank lines are skipped
                if len(records) == MAX_ROWS:
                    raise ValidationError(
                        {"file": _("Send at most 2,000 rows at a time; split the file.")}
                    )
                records.append((start, [_cell(cells, index.get(name)) for name in COLUMNS]))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError(
            {
                "file": _("Line %(n)s is not valid CSV: %(why)s.")
                % {"n": reader.line_num, "why": error}
            }
        ) from None
    return records


def _cell(cells: list[str], at: int | None) -> str:
    return cells[at].strip() if at is not None and at < len(cells) else ""


def parse_day(text: str) -> date | None:
    """A date written YYYY-MM-DD, or None for anything else."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def progress_import_preview(*, challenge: Challenge, text: str) -> ImportPreview:
    """What importing `text` (a CSV: proposal, date, title, text, percent) into `challenge`
    would add, and every row it refuses with the reason: one query for all the proposals
    named. A file that is not such a CSV at all raises ValidationError on "file"."""
    records = _records(text)
    ids = {whole_number(cells[0]) for _line, cells in records} - {None}
    proposals = {
        p.pk: p
        for p in Proposal.objects.filter(pk__in=ids)
        .select_related("answer_status")
        .only("id", "title", "challenge_id", "answer_status")
    }
    preview = ImportPreview()
    for line, (pk_text, day_text, title, body, percent_text) in records:
        reasons = []
        pk = whole_number(pk_text)
        proposal = proposals.get(pk) if pk is not None else None
        if pk is None:
            reasons.append(_("proposal: “%(v)s” is not a proposal id.") % {"v": pk_text[:40]})
        elif proposal is None:
            reasons.append(_("proposal: there is no proposal %(pk)s.") % {"pk": pk})
        elif proposal.challenge_id != challenge.pk:
            reasons.append(_("proposal: %(pk)s belongs to another challenge.") % {"pk": pk})
        elif not is_accepted(proposal):
            reasons.append(
                _("proposal: %(pk)s is not accepted, so it has no progress record.") % {"pk": pk}
            )
        day = parse_day(day_text)
        errors = entry_errors(day=day, title=title, text=body)
        reasons += [f"{name}: {message}" for name, message in errors.items()]
        percent = None
        if percent_text:
            percent = whole_number(percent_text, digits=3)
            if refused := percent_error(percent):
                reasons.append(f"percent: {refused}")
        if reasons:
            preview.problems.append((line, " ".join(reasons)))
        else:
            assert proposal is not None and day is not None
            preview.rows.append(ImportRow(line, proposal, day, title, body, percent))
    return preview
