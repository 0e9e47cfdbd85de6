"""Staff pages of decisions: the statuses an organization answers with, and answering a
proposal. Each goes through its staff door first, then parses, calls a service, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocreate.challenges.selectors import challenge_for_staff
from cocreate.core.htmx import redirect
from cocreate.core.idempotency import idempotent
from cocreate.core.markdown import render_markdown
from cocreate.organizations.models import Organization, ProposalStatus, Stage, StatusColour
from cocreate.organizations.selectors import organization_for_staff

from . import selectors, services
from .forms import AnswerForm, StatusActionForm, StatusForm, answer_form_context

NEW = "new"  # the prefix of the form that adds a status


def _adding(request: HttpRequest) -> bool:
    return request.POST.get("op") == "add"


@idempotent(when=_adding)
@require_http_methods(["GET", "POST"])
def statuses(request: HttpRequest, org: str) -> HttpResponse:
    organization = organization_for_staff(
        slug=org, user=request.user, permission="decisions.configure_statuses"
    )
    page = reverse("statuses", args=[organization.slug])
    if request.method != "POST":
        return _statuses_page(request, organization)
    action = StatusActionForm(request.POST)
    if not action.is_valid():
        return _statuses_page(request, organization, errors=action.above(), status=400)
    op = action.cleaned_data["op"]
    if op == "add":
        form = StatusForm(request.POST, prefix=NEW)
        if form.is_valid():
            try:
                services.status_create(
                    actor=request.user, organization=organization, **_settings(form)
                )
            except (PermissionDenied, ValidationError) as error:
                form.refuse(error)
        if form.errors:
            return _statuses_page(request, organization, bound={NEW: form}, status=form.status)
        messages.success(request, _("Status added."))
        return redirect(request, page)
    status = selectors.status_for_staff(
        organization=organization, pk=action.cleaned_data["target"] or 0
    )
    if op == "remove":
        try:
            services.status_remove(actor=request.user, status=status)
        except ValidationError as error:
            return _statuses_page(
                request, organization, refused={status.pk: error.messages}, status=400
            )
        messages.success(request, _("Status “%(name)s” removed.") % {"name": status.name})
        return redirect(request, page)
    form = StatusForm(request.POST, prefix=f"s{status.pk}")
    if form.is_valid():
        try:
            services.status_update(actor=request.user, status=status, **_settings(form, status))
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _statuses_page(
            request, organization, bound={str(status.pk): form}, status=form.status
        )
    messages.success(request, _("Status “%(name)s” saved.") % {"name": status.name})
    return redirect(request, f"{page}#status-{status.pk}")


def _settings(form: StatusForm, status: ProposalStatus | None = None) -> dict[str, Any]:
    """The form's settings as the services take them; an empty position keeps the status's
    own (a new status goes last)."""
    values = {field: form.cleaned_data[field] for field in StatusForm.base_fields}
    if values["position"] is None:
        values["position"] = status.position if status is not None else None
    return values


def _statuses_page(
    request: HttpRequest,
    organization: Organization,
    *,
    bound: dict[str, StatusForm] | None = None,
    refused: dict[int, list[str]] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound, refused = bound or {}, refused or {}
    rows = [
        {
            "status": row,
            "form": bound.get(str(row.pk)) or StatusForm.of(row, prefix=f"s{row.pk}"),
            "open": str(row.pk) in bound,
            "refused": refused.get(row.pk, []),
        }
        for row in selectors.statuses_in_use(organization=organization)
    ]
    new = bound.get(NEW) or StatusForm(
        prefix=NEW, initial={"colour": StatusColour.BLUE, "stage": Stage.REVIEW}
    )
    context = {
        "organization": organization,
        "rows": rows,
        "new": new,
        "adding": NEW in bound,
        "errors": errors or [],
    }
    return render(request, "decisions/statuses.html", context, status=status)


def _answering(request: HttpRequest) -> bool:
    return request.method == "POST" and not request.POST.get("preview")


@idempotent(when=_answering)
@require_http_methods(["GET", "POST"])
def proposal_answer(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    """Answer a proposal: a status and a public answer. "Preview" shows the answer rendered,
    unsaved; a refused answer comes back with its messages and every word typed."""
    challenge = challenge_for_staff(
        org=org, slug=slug, user=request.user, permission="challenges.change_challenge"
    )
    proposal = selectors.proposal_for_answer(challenge=challenge, pk=pk)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    statuses = selectors.statuses_for_answer(organization_id=challenge.organization_id)
    preview = None
    if form.is_bound and form.is_valid():
        chosen = next((s for s in statuses if s.pk == form.cleaned_data["answer_status"]), None)
        if chosen is None:
            form.add_error("answer_status", _("Choose one of this organization's statuses."))
        elif form.previewing:
            preview = render_markdown(form.cleaned_data["answer"])
        else:
            try:
                services.proposal_status_change(
                    actor=request.user,
                    proposal=proposal,
                    status=chosen,
                    answer=form.cleaned_data["answer"],
                )
            except (PermissionDenied, ValidationError) as error:
                form.refuse(error)
            else:
                messages.success(
                    request,
                    _("Answered “%(title)s”: %(status)s. The author and backers are told.")
                    % {"title": proposal.title, "status": chosen.name},
                )
                back = reverse("proposal", args=[challenge.slug, proposal.pk])
                return redirect(request, f"{back}#answer")
    context = answer_form_context(proposal, statuses=statuses, form=form, preview=preview)
    context["challenge"] = challenge
    context["organization"] = challenge.organization
    return render(request, "decisions/answer.html", context, status=form.status)
