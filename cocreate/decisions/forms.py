"""What staff post to answer a proposal and to configure statuses, read at the boundary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import Line, ServiceForm, Text, WholeNumber
from cocreate.organizations.models import ProposalStatus, Stage, StatusColour
from cocreate.proposals.models import Proposal

from .services import MAX_ANSWER, MAX_NAME

STATUS_FIELDS = ("name", "colour", "stage", "closes", "template", "position")


class AnswerForm(ServiceForm):
    """The answer: a status and the public text. "Preview" shows the text rendered instead of
    saving it."""

    beside = frozenset({"answer_status", "answer"})

    answer_status = WholeNumber(
        required=True, error_messages={"required": _("Choose the status to answer with.")}
    )
    answer = Text(max_length=MAX_ANSWER, noun="answer")
    preview = Line(max_length=10)

    @property
    def previewing(self) -> bool:
        return bool(self.data.get("preview"))


class StatusForm(ServiceForm):
    """One status's settings, for adding one (`op=add`) or changing one (`op=edit`)."""

    beside = frozenset(STATUS_FIELDS)

    name = Line(max_length=MAX_NAME, noun="name")
    colour = forms.ChoiceField(choices=StatusColour.choices, label=_("Colour"))
    stage = forms.ChoiceField(choices=Stage.choices, label=_("Stage"))
    closes = forms.BooleanField(required=False)
    template = Text(max_length=MAX_ANSWER, noun="answer template")
    position = WholeNumber(digits=5)

    def values(self, default_position: int) -> dict[str, Any]:
        """The cleaned settings as the services take them."""
        values = {field: self.cleaned_data[field] for field in STATUS_FIELDS}
        if values["position"] is None:
            values["position"] = default_position
        return values

    @classmethod
    def of(cls, status: ProposalStatus, prefix: str) -> StatusForm:
        """An unbound form showing `status` as it is."""
        return cls(initial={f: getattr(status, f) for f in STATUS_FIELDS}, prefix=prefix)


class StatusActionForm(ServiceForm):
    """Which status a change names, and what to do (add, edit, remove)."""

    op = forms.ChoiceField(choices=[("add", "add"), ("edit", "edit"), ("remove", "remove")])
    target = WholeNumber()


def answer_form_context(
    proposal: Proposal,
    *,
    statuses: list[ProposalStatus],
    form: AnswerForm | None = None,
    preview: str | None = None,
) -> dict[str, Any]:
    """What the answer form draws (on the proposal page and on its own page): the statuses
    with their templates, the chosen one and the typed answer kept when a post comes back."""
    challenge = proposal.challenge
    chosen = form.typed("answer_status") if form is not None and form.is_bound else None
    typed = form.typed("answer") if form is not None and form.is_bound else ""
    return {
        "proposal": proposal,
        "statuses": statuses,
        "form": form,
        "chosen": chosen if chosen is not None else proposal.answer_status_id,
        "typed": typed or "",
        "preview": preview,
        "action": reverse(
            "proposal-answer", args=[challenge.organization.slug, challenge.slug, proposal.pk]
        ),
    }
