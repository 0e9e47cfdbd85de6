"""The toolkit's draft as posted, read by `DraftForm`: form fields (the plain-HTML form view, a
formset of parts for a section) or, from the editor, one JSON field; and the edit a form button
asks for.

Every POST carries the whole design, so the page works without JavaScript, htmx only swaps the
re-rendered form in place, and the editor (editor.js) posts what it holds.
"""

from __future__ import annotations

import copy
import json
import secrets
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.challenges.toolkits import MAX_PARTS, parse_within_limit
from cocreate.core.forms import Line, Number, ServiceForm, Text, WholeNumber
from cocreate.design import DesignError, Toolkit, edits

from .models import VISITOR_CHARS, VISITOR_COOKIE, DraftOwner, visitor_name
from .selectors import draft_for
from .services import drafts_adopt

MAX_WIDTH_M = 1000  # the engine's own bound: anything wider is a typo
MAX_JSON_CHARS = 200_000  # a 200-part design is about 20,000 characters
MAX_NAME = 100  # a part type, an id, a variant, an option: catalog identifiers
MAX_TITLE = 140  # the proposal's title column
MAX_RATIONALE = 20_000  # some pages of reasons; more is not a reason


@dataclass
class Draft:
    """What the person is working on: the design, where it came from, and their words."""

    design: Any  # a design dict; anything else is refused by ``shape_problem``
    parent_id: int | None = None
    title: str = ""
    rationale: str = ""
    # Raw text of number fields that could not be read, by field name, shown back with an error.
    bad_fields: dict[str, str] = field(default_factory=dict)

    # The stored version this draft was read from (or saved as): the version the editor and the
    # form post back, so a save from an older copy is refused instead of applied over newer work.
    version: int | None = None

    @classmethod
    def from_row(cls, row: Any) -> Draft:
        return cls(
            design=row.design,
            parent_id=row.parent_pk,
            title=row.title,
            rationale=row.rationale,
            version=row.version,
        )


VISITOR_AGE = 60 * 60 * 24 * 365  # a visitor's drafts outlive a browser restart


class StepForm(ServiceForm):
    """Which of the toolkit form's buttons sent it, read before the draft is."""

    op = Line(max_length=MAX_NAME, noun="action")


def submitting(request: HttpRequest) -> bool:
    """Whether this post submits the draft: the one toolkit step that creates something."""
    return bool(StepForm(request.POST).fallback("op") == "submit")


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose drafts a request reads and writes. A visitor new here is named now (`new`: no draft
    of theirs can exist yet), and `remember` sends the name back; a person who has just logged
    in took over their visitor drafts, and `remember` forgets the name."""

    owner: DraftOwner
    new: bool = False
    adopted: bool = False

    def remember(self, response: HttpResponse) -> HttpResponse:
        if self.new:
            response.set_cookie(
                VISITOR_COOKIE,
                self.owner.visitor,
                max_age=VISITOR_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        elif self.adopted:
            response.delete_cookie(VISITOR_COOKIE, samesite="Lax")
        return response


def draft_owner(request: HttpRequest) -> Owner:
    """The person signed in, or the anonymous visitor named by a random cookie. A cookie, not the
    session: a visitor's drafts of several challenges are rows of their own, never parts of one
    blob read and written whole (two autosaves at once lost one of them). Logging in keeps a
    visitor's drafts: the first request that reads drafts afterwards makes them the person's."""
    visitor = visitor_name(request.COOKIES)
    if request.user.is_authenticated:
        if visitor:
            drafts_adopt(visitor=visitor, user=request.user)
        return Owner(DraftOwner(user=request.user), adopted=bool(visitor))
    if visitor:
        return Owner(DraftOwner(user=None, visitor=visitor))
    return Owner(DraftOwner(user=None, visitor=secrets.token_hex(VISITOR_CHARS // 2)), new=True)


def stored_draft(owner: Owner, challenge: Any) -> Draft | None:
    """The draft `owner` keeps for `challenge`, if any."""
    if owner.new:
        return None
    row = draft_for(owner=owner.owner, challenge=challenge)
    return None if row is None else Draft.from_row(row)


def saved_draft(owner: Owner, challenge: Any) -> Draft:
    """The draft `owner` keeps for `challenge`, or a fresh one from its baseline."""
    return stored_draft(owner, challenge) or Draft(design=fresh_design(challenge.baseline))


class StartForm(ServiceForm):
    """The toolkit page's query string: ``?remix=<id>`` starts from that proposal, ``?fresh=1``
    drops the kept draft; anything unreadable is not asked for."""

    remix = WholeNumber()
    fresh = Line(max_length=MAX_NAME, noun="fresh")


class PartForm(forms.Form):
    """One part of a section, as ``part-<i>-type``, ``-id``, ``-width`` and ``-variant-<axis>``.

    A width that can't be read is no shape problem: the part keeps its type's default width and
    the text typed is shown back beside the field (`bad_width`)."""

    type = Line(max_length=MAX_NAME, noun="part type")  # a missing type: the engine names it
    id = Line(max_length=MAX_NAME, noun="part id")
    # Whole millimetres first: 0.0004 m is no width at all.
    width = Number(places=3, above=0, at_most=MAX_WIDTH_M, required=True)

    def __init__(self, *args: Any, toolkit: Toolkit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry = toolkit.catalog.get(str(self.data.get(self.add_prefix("type"), "")))
        for axis in self.entry.variants if self.entry else ():
            default = self.entry.default_variant[axis]  # type: ignore[union-attr]
            self.fields[f"variant-{axis}"] = Line(max_length=MAX_NAME, noun=axis, initial=default)

    def part(self) -> dict[str, Any]:
        part: dict[str, Any] = {"type": self.cleaned_data.get("type", "")}
        if part_id := self.cleaned_data.get("id"):
            part["id"] = part_id
        if self.bad_width() is None:
            part["width"] = float(self.cleaned_data["width"])
        else:
            part["width"] = (self.entry.default_width_mm if self.entry else 1000) / 1000
        if self.entry is not None and self.entry.variants:
            part["variant"] = {
                axis: self.cleaned_data.get(f"variant-{axis}")
                or self.fields[f"variant-{axis}"].initial
                for axis in self.entry.variants
            }
        return part

    def bad_width(self) -> str | None:
        """The width as typed when it can't be read, else None."""
        return str(self["width"].value() or "").strip() if "width" in self.errors else None


class CountedFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The section's parts: the form view and editor.js post their number as ``count`` (a field
    name they share), so it stands in for Django's management form; every part is checked."""

    default_error_messages = {
        "missing_management_form": gettext_lazy(
            "The form lost its count of parts; reload the page."
        ),
        "too_many_forms": gettext_lazy("A design can have at most %(num)d parts."),
    }

    @cached_property
    def management_form(self) -> ManagementForm:
        count = self.data.get("count", "")
        data = {
            self.add_prefix(TOTAL_FORM_COUNT): count,
            self.add_prefix(INITIAL_FORM_COUNT): count,
        }
        form = ManagementForm(data, prefix=self.prefix)
        form.full_clean()
        if (form.cleaned_data.get(TOTAL_FORM_COUNT) or 0) < 0:
            form.add_error(TOTAL_FORM_COUNT, "")  # a count below zero is no count
            form.cleaned_data[TOTAL_FORM_COUNT] = 0
        return form


PartFormSet = forms.formset_factory(
    PartForm,
    formset=CountedFormSet,
    extra=0,
    max_num=MAX_PARTS,
    absolute_max=MAX_PARTS,
    validate_max=True,
)


class DraftForm(ServiceForm):
    """The toolkit's post: the words, the remix parent, the button pressed, and the design, as the
    editor's one JSON field or as the form view's fields (parts for a section, choices and
    parameters for a configurator). `draft` always gives a draft, so nothing typed is lost;
    `problem` says when the post is not a design at all (a stale or tampered page)."""

    beside = frozenset({"title", "rationale"})

    title = Line(max_length=MAX_TITLE, noun="title", strip=False)
    rationale = Text(max_length=MAX_RATIONALE, noun="reason", strip=False)
    parent = WholeNumber()  # unreadable: no parent, the remix of the proposed design
    version = WholeNumber(digits=9)  # the stored draft's version this copy was based on
    op = Line(max_length=MAX_NAME, noun="action", initial="update")

    def __init__(
        self, data: QueryDict, *, toolkit: Toolkit, baseline: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.toolkit, self.baseline = toolkit, baseline
        self.fields["add-type"] = Line(max_length=MAX_NAME, noun="new part")
        self.fields["design-json"] = Text(max_length=MAX_JSON_CHARS, noun="design")
        self.parts = None
        if "design-json" in data:
            return
        if toolkit.kind == "section":
            self.parts = PartFormSet(data, prefix="part", form_kwargs={"toolkit": toolkit})
            return
        for option, spec in toolkit.document.get("options", {}).items():
            self.fields[f"choice-{option}"] = Line(
                max_length=MAX_NAME, noun=option, initial=spec.get("default", "")
            )
        for name in toolkit.document.get("parameters", {}):
            self.fields[f"parameter-{name}"] = Number(required=True)

    def listed_errors(self) -> dict[str, list[str]]:
        """What the page lists above the submit button: the words' problems and the refusals. A
        number that can't be read is marked beside its own field instead."""
        listed = {*self.beside, NON_FIELD_ERRORS}
        return {name: self.messages(name) for name in self.errors if name in listed}

    def problem(self) -> str | None:
        """Why the post is no design: a part or the JSON field the form view never produces."""
        self.is_valid()
        if "design-json" in self.errors:
            return " ".join(self.messages("design-json"))
        if "\\u0000" in (self.cleaned_data.get("design-json") or ""):
            return _("The design contains a NUL character (\\u0000): remove it.")
        if self.parts is None:
            return None
        if self.parts.non_form_errors():
            return " ".join(str(message) for message in self.parts.non_form_errors())
        for number, form in enumerate(self.parts.forms, start=1):
            for name, errors in form.errors.items():
                if name != "width":
                    why = " ".join(str(message) for message in errors)
                    return _("Part %(n)d: %(why)s") % {"n": number, "why": why}
        return None

    def draft(self) -> Draft:
        self.is_valid()
        if "design-json" in self.data:
            design, bad_fields = self._json_design(), dict[str, str]()
        elif self.parts is not None:
            design, bad_fields = self._section_design()
        else:
            design, bad_fields = self._configurator_design()
        return Draft(
            design=design,
            parent_id=self.cleaned_data.get("parent"),
            title=self.typed("title"),
            rationale=self.typed("rationale"),
            bad_fields=bad_fields,
            version=self.cleaned_data.get("version"),
        )

    def _section_design(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Unreadable widths keep the part at its type's default width."""
        assert self.parts is not None
        forms_ = self.parts.forms
        bad_fields = {
            form.add_prefix("width"): bad
            for form in forms_
            if (bad := form.bad_width()) is not None
        }
        design = {
            "toolkit": self.baseline["toolkit"],
            "version": self.baseline.get("version", self.toolkit.version),
            "length": self.baseline.get("length"),
            "parts": [form.part() for form in forms_],
        }
        if design["length"] is None:
            del design["length"]
        return design, bad_fields

    def _configurator_design(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Choices and numeric parameters; an unreadable number keeps its default."""
        document = self.toolkit.document
        choices = {
            option: self.fallback(f"choice-{option}") for option in document.get("options", {})
        }
        parameters: dict[str, int | float] = {}
        bad_fields: dict[str, str] = {}
        for name, spec in document.get("parameters", {}).items():
            field_name = f"parameter-{name}"
            value = self.cleaned_data.get(field_name)
            if value is None:
                bad_fields[field_name] = str(self[field_name].value() or "").strip()
                parameters[name] = spec.get("default", spec.get("min", 0))
            else:
                integral = value == value.to_integral_value()
                parameters[name] = int(value) if integral else float(value)
        design = {
            "toolkit": self.baseline["toolkit"],
            "version": self.baseline.get("version", self.toolkit.version),
            "choices": choices,
            "parameters": parameters,
        }
        return design, bad_fields

    def _json_design(self) -> Any:
        """The editor's design as JSON. The challenge, not the post, decides the toolkit and the
        length; anything that is not a design is left for ``shape_problem`` to name."""
        design: Any = None
        try:
            design = json.loads(self.cleaned_data.get("design-json") or "")
        except (ValueError, RecursionError):
            design = None
        if isinstance(design, dict):
            design = {
                **design,
                "toolkit": self.baseline["toolkit"],
                "version": self.baseline.get("version"),
            }
            design.pop("length", None)
            if self.baseline.get("length") is not None:
                design["length"] = self.baseline["length"]
            if design["version"] is None:
                del design["version"]
        return design


def apply_op(toolkit: Toolkit, draft: Draft, op: str, add_type: str) -> str | None:
    """Apply the edit a button asked for to the draft in place; returns a message when refused."""
    name, _sep, arg = op.partition(":")
    design = draft.design
    try:
        if name == "add":
            if len(design["parts"]) >= MAX_PARTS:
                return _("A design can have at most %(n)d parts.") % {"n": MAX_PARTS}
            draft.design = edits.add_part(toolkit, design, add_type)
        elif name == "remove":
            draft.design = edits.remove_part(design, int(arg))
        elif name in {"left", "right"}:
            index = int(arg)
            target = index - 1 if name == "left" else index + 1
            if 0 <= target < len(design["parts"]):
                draft.design = edits.move_part(design, index, target)
        else:
            return None
    except (ValueError, DesignError) as error:
        return str(error)
    # Indexes moved: widths that could not be read are no longer where they were.
    draft.bad_fields = {}
    return None


def shape_problem(toolkit: Toolkit, draft: Draft) -> str | None:
    """The engine's message when the posted design is not a design at all (missing type, bad id)."""
    try:
        parse_within_limit(toolkit, draft.design)
    except DesignError as error:
        return str(error)
    return None


def fresh_design(design: dict[str, Any]) -> dict[str, Any]:
    """A copy to edit, so the baseline or a parent's saved design is never changed in place."""
    return copy.deepcopy(design)
