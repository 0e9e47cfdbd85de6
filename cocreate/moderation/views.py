"""Moderation endpoints: parse the form, call a service or selector, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocreate.challenges.selectors import challenge_for_view
from cocreate.community.selectors import comment_for_view
from cocreate.core.htmx import log_in_first, redirect
from cocreate.core.idempotency import idempotent
from cocreate.proposals.selectors import proposal_for_view

from . import selectors, services
from .forms import DecisionForm, ReportForm
from .models import Decision
from .rates import rate_limited


@require_POST
@idempotent
def report(request: HttpRequest, slug: str, pk: int, comment_pk: int | None = None) -> HttpResponse:
    challenge = challenge_for_view(slug=slug, user=request.user)
    proposal = proposal_for_view(challenge=challenge, pk=pk, user=request.user)
    comment = comment_for_view(proposal=proposal, pk=comment_pk) if comment_pk else None
    back = reverse("proposal", args=[challenge.slug, proposal.pk])
    if comment is not None:
        back += f"#comment-{comment.pk}"
    if not request.user.is_authenticated:
        return log_in_first(request, back)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            with rate_limited(actor=request.user, action="report"):
                services.report_create(
                    actor=request.user,
                    proposal=None if comment else proposal,
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return render(
            request,
            "moderation/report_result.html",
            {"errors": form.above(), "back": back, "challenge": challenge},
            status=form.status,
        )
    if not proposal.is_visible_to(request.user):  # this report hid it: its page is gone
        messages.success(
            request,
            _("Thank you: the proposal is hidden while the moderators look at the reports."),
        )
        return redirect(request, reverse("challenge", args=[challenge.slug]))
    messages.success(request, _("Thank you: the moderators will look at your report."))
    return redirect(request, back)


@require_GET
def queue(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = selectors.organization_for_moderation(slug=org_slug, user=request.user)
    return render(
        request,
        "moderation/queue.html",
        {
            "organization": organization,
            "groups": selectors.report_queue(organization=organization),
            "decisions": Decision.choices,
        },
    )


@require_POST
def decide(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = selectors.organization_for_moderation(slug=org_slug, user=request.user)
    form = DecisionForm(request.POST)
    named = form.target_named()
    if named is None:
        raise Http404
    kind, target_id = named
    queue_url = reverse("moderation-queue", args=[organization.slug])
    target = selectors.moderation_target(organization=organization, kind=kind, pk=target_id)
    if not form.errors:
        try:
            services.moderation_decide(
                actor=request.user,
                proposal=target if kind == "proposal" else None,  # type: ignore[arg-type]
                comment=target if kind == "comment" else None,  # type: ignore[arg-type]
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        for message in form.above():
            messages.error(request, message)
        return redirect(request, queue_url)
    messages.success(request, _("Done, and written to the moderation log."))
    return redirect(request, queue_url)


@require_GET
def log(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = selectors.organization_for_moderation(slug=org_slug, user=request.user)
    return render(
        request,
        "moderation/log.html",
        {"organization": organization, "entries": selectors.audit_log(organization=organization)},
    )
