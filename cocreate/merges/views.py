"""Merge and unmerge: the staff door, the form, the service, then back to the proposal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_staff
from cocreate.core.forms import ServiceForm
from cocreate.core.idempotency import idempotent
from cocreate.proposals.models import Proposal

from . import selectors, services
from .forms import IntoForm, MergeForm, UnmergeForm

PERMISSION = "merges.merge_proposals"
PAGE = "merges/merge.html"


def _door(request: HttpRequest, org: str, slug: str, pk: int) -> tuple[Challenge, Proposal]:
    challenge = challenge_for_staff(org=org, slug=slug, user=request.user, permission=PERMISSION)
    return challenge, selectors.proposal_for_staff(challenge=challenge, pk=pk)


def _page(request: HttpRequest, proposal: Proposal, form: ServiceForm, status: int) -> HttpResponse:
    """The proposal's merge panel on a page of its own: for a "Merge B into A" link, and to
    show a refused form with what was typed."""
    context: dict[str, Any] = {
        "organization": proposal.challenge.organization,
        "challenge": proposal.challenge,
        "proposal": proposal,
        "form": form,
    }
    return render(request, PAGE, context, status=status)


@require_http_methods(["GET", "POST"])
@idempotent(when=lambda request: request.method == "POST")
def merge(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    challenge, proposal = _door(request, org, slug, pk)
    if request.method == "GET":
        into = IntoForm(request.GET).fallback("into")
        return _page(request, proposal, MergeForm(initial={"target": into}), 200)
    form = MergeForm(request.POST)
    target = None
    if form.is_valid():
        target = selectors.merge_target(challenge=challenge, pk=form.cleaned_data["target"])
        try:
            if target is None:
                raise ValidationError({"target": [_("Choose one of this challenge's proposals.")]})
            services.proposal_merge(
                actor=request.user,
                source=proposal,
                target=target,
                answer=form.cleaned_data["answer"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors or target is None:
        return _page(request, proposal, form, form.status)
    messages.success(request, _("Merged into “%(title)s”.") % {"title": target.title})
    return redirect(reverse("proposal", args=[challenge.slug, proposal.pk]))


@require_POST
@idempotent
def unmerge(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    challenge, proposal = _door(request, org, slug, pk)
    form = UnmergeForm(request.POST)
    if form.is_valid():
        try:
            merge = selectors.live_merge(source=proposal)
            if merge is None:
                raise ValidationError(_("This proposal is not merged into another."))
            services.proposal_unmerge(
                actor=request.user, merge=merge, answer=form.cleaned_data["answer"]
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _page(request, proposal, form, form.status)
    messages.success(request, _("Unmerged: its supporters, pledges and followers are back."))
    return redirect(reverse("proposal", args=[challenge.slug, proposal.pk]))
