"""Comment endpoints: parse the form, call a service, redirect back to the comment or re-render
the form with what was typed and why it was refused."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_view
from cocreate.core.htmx import log_in_first, redirect
from cocreate.core.numbers import whole_number
from cocreate.moderation.rates import rate_limited, refuse_links
from cocreate.proposals.models import Proposal
from cocreate.proposals.selectors import proposal_for_view

from . import selectors, services
from .models import Comment, Stance

_FIELDS = {"body", "stance", "part"}


def _errors(error: ValidationError | PermissionDenied) -> dict[str, list[str]]:
    if isinstance(error, PermissionDenied):
        found = {"__all__": [str(error) or _("You can't do that here.")]}
    elif hasattr(error, "error_dict"):
        found = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
    else:
        found = {"__all__": list(error.messages)}
    # Shown above the form; a field's own messages are shown next to that field.
    found["all"] = [m for k, v in found.items() if k not in _FIELDS for m in v]
    return found


def _refuse(
    request: HttpRequest,
    challenge: Challenge,
    proposal: Proposal,
    error: ValidationError | PermissionDenied,
    **context: Any,
) -> HttpResponse:
    status = 403 if isinstance(error, PermissionDenied) else 400
    context.update(
        challenge=challenge,
        proposal=proposal,
        errors=_errors(error),
        stances=Stance.choices,
    )
    return render(request, "community/comment_form.html", context, status=status)


@require_POST
def comment_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    challenge = challenge_for_view(slug=slug, user=request.user)
    proposal = proposal_for_view(challenge=challenge, pk=pk, user=request.user)
    back = reverse("proposal", args=[challenge.slug, proposal.pk])
    if not request.user.is_authenticated:
        return log_in_first(request, back + "#discussion")
    body = request.POST.get("body", "")
    stance = request.POST.get("stance", "")
    part_text = request.POST.get("part", "")
    part = whole_number(part_text)
    parent_id = whole_number(request.POST.get("parent"))
    parent = selectors.comment_for_view(proposal=proposal, pk=parent_id) if parent_id else None
    try:
        if part_text.strip() and part is None:
            raise ValidationError({"part": [_("Choose one of this design's parts, or none.")]})
        with rate_limited(actor=request.user, action="comment", texts={"body": body}):
            comment = services.comment_create(
                actor=request.user,
                proposal=proposal,
                body=body,
                parent=parent,
                stance=stance,
                part=part,
            )
    except (PermissionDenied, ValidationError) as error:
        return _refuse(
            request,
            challenge,
            proposal,
            error,
            action="create",
            body=body,
            stance=stance,
            part=part,
            parent_id=parent.pk if parent else None,
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
        if comment.author_id != request.user.pk:
            return _refuse(
                request,
                challenge,
                proposal,
                PermissionDenied(_("Only the author can edit a comment.")),
                body=comment.body,
                **context,
            )
        return render(
            request,
            "community/comment_form.html",
            {"challenge": challenge, "proposal": proposal, "body": comment.body, **context},
        )
    body = request.POST.get("body", "")
    try:
        refuse_links(actor=request.user, texts={"body": body})
        services.comment_edit(actor=request.user, comment=comment, body=body)
    except (PermissionDenied, ValidationError) as error:
        return _refuse(request, challenge, proposal, error, body=body, **context)
    return redirect(request, f"{back}#comment-{comment.pk}")
