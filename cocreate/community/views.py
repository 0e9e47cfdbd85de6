"""Comment endpoints: parse the form, call a service, redirect back to the comment or re-render
the form with what was typed and why it was refused."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_view
from cocreate.core.htmx import log_in_first, redirect
from cocreate.core.idempotency import idempotent
from cocreate.moderation.rates import rate_limited, refuse_links
from cocreate.proposals.models import Proposal
from cocreate.proposals.selectors import proposal_for_view

from . import selectors, services
from .forms import CommentEditForm, CommentForm
from .models import Comment, Stance


def _refuse(
    request: HttpRequest,
    challenge: Challenge,
    proposal: Proposal,
    form: CommentEditForm,
    **context: Any,
) -> HttpResponse:
    """The comment form again, with what was typed and why it was refused."""
    context.update(
        challenge=challenge,
        proposal=proposal,
        errors=form.errors,
        above=form.above(),
        stances=Stance.choices,
        body=form.typed("body"),
    )
    return render(request, "community/comment_form.html", context, status=form.status)


@require_POST
@idempotent
def comment_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    challenge = challenge_for_view(slug=slug, user=request.user)
    proposal = proposal_for_view(challenge=challenge, pk=pk, user=request.user)
    back = reverse("proposal", args=[challenge.slug, proposal.pk])
    if not request.user.is_authenticated:
        return log_in_first(request, back + "#discussion")
    form = CommentForm(request.POST)
    if form.is_valid():
        typed = form.cleaned_data
        parent_id = typed["parent"]
        parent = selectors.comment_for_view(proposal=proposal, pk=parent_id) if parent_id else None
        try:
            with rate_limited(actor=request.user, action="comment", texts={"body": typed["body"]}):
                comment = services.comment_create(
                    actor=request.user,
                    proposal=proposal,
                    body=typed["body"],
                    parent=parent,
                    stance=typed["stance"],
                    part=typed["part"],
                )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _refuse(
            request,
            challenge,
            proposal,
            form,
            action="create",
            stance=form.typed("stance"),
            part=form.cleaned_data.get("part"),
            parent_id=form.cleaned_data.get("parent"),
            comment_parts=selectors.part_options(proposal=proposal, challenge=challenge),
        )
    return redirect(request, f"{back}#comment-{comment.pk}")


@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, slug: str, pk: int, comment_pk: int) -> HttpResponse:
    challenge = challenge_for_view(slug=slug, user=request.user)
    proposal = proposal_for_view(challenge=challenge, pk=pk, user=request.user)
    comment: Comment = selectors.comment_for_view(proposal=proposal, pk=comment_pk)
    back = reverse("proposal", args=[challenge.slug, proposal.pk])
    if not request.user.is_authenticated:
        return log_in_first(request, request.path)
    context = {"action": "edit", "comment": comment}
    if request.method != "POST":
        if not rules.has_perm("community.change_comment", request.user, comment):
            form = CommentEditForm({})  # empty: the refusal shows nothing of the comment
            form.refuse(PermissionDenied(services.EDIT_REFUSED))
            return _refuse(request, challenge, proposal, form, **context)
        return render(
            request,
            "community/comment_form.html",
            {"challenge": challenge, "proposal": proposal, "body": comment.body, **context},
        )
    form = CommentEditForm(request.POST)
    if form.is_valid():
        body = form.cleaned_data["body"]
        try:
            refuse_links(actor=request.user, texts={"body": body})
            services.comment_edit(actor=request.user, comment=comment, body=body)
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _refuse(request, challenge, proposal, form, **context)
    return redirect(request, f"{back}#comment-{comment.pk}")
