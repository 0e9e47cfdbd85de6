"""The public accountability page of a challenge and the staff page that publishes what was
built."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_staff, challenge_for_view
from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.htmx import HtmxHttpRequest, redirect
from cocreate.design import DesignError
from cocreate.proposals.models import Proposal
from cocreate.proposals.toolkit_form import Draft, DraftForm, apply_op, fresh_design, shape_problem
from cocreate.proposals.toolkit_view import toolkit_context

from . import selectors, services
from .compare import as_built_comparison
from .forms import AsBuiltForm, PageForm, StartForm
from .models import AsBuilt


def accountability(request: HttpRequest, slug: str) -> HttpResponse:
    """What became of the ideas: the funnel, every answer, and what was built."""
    challenge = challenge_for_view(slug=slug, user=request.user)
    base = reverse("challenge", args=[challenge.slug])
    context: dict[str, Any] = {
        "challenge": challenge,
        "challenge_url": base,
        "proposal_base": base + "p/",
        "funnel": selectors.funnel(challenge=challenge),
        "answers": selectors.answers(
            challenge=challenge, page=PageForm(request.GET).fallback("page")
        ),
    }
    as_built = selectors.as_built_of(challenge=challenge)
    if as_built is not None:
        toolkit = toolkit_for(challenge)
        context["as_built"] = as_built
        context["toolkit"] = toolkit
        try:
            context.update(
                as_built_comparison(
                    challenge=challenge,
                    toolkit=toolkit,
                    as_built=as_built,
                    top=selectors.most_supported(challenge=challenge),
                    challenge_url=base,
                )
            )
        except DesignError:  # a stored design today's toolkit cannot read: show the rest
            context["compare_failed"] = True
    return render(request, "accountability/accountability.html", context)


@require_http_methods(["GET", "POST"])
def as_built(request: HtmxHttpRequest, org: str, slug: str) -> HttpResponse:
    """Staff draw the as-built design in the residents' editor, with the same rules, starting
    from the baseline, the published as-built or a proposal; the note and the credited proposals
    are posted with it, and publishing checks the design again."""
    challenge = challenge_for_staff(
        org=org, slug=slug, user=request.user, permission="accountability.publish_as_built"
    )
    kit = toolkit_for(challenge)
    candidates = selectors.as_built_candidates(challenge=challenge)
    current = selectors.as_built_of(challenge=challenge)
    credited_now: list[Proposal] = current.credited_list if current else []  # type: ignore[attr-defined]
    asked = str(StartForm(request.GET).fallback("start") or "")
    start, design = _starting_point(asked, challenge, current, candidates)
    action = reverse("as-built", kwargs={"org": org, "slug": slug})
    if asked:
        action += "?" + urlencode({"start": start})
    posted = request.method == "POST"
    form = AsBuiltForm(
        request.POST if posted else None,
        credits=[(p.pk, p.title) for p in [*candidates, *credited_now]],
    )

    def page(
        draft: Draft, *, errors: dict[str, list[str]], notice: str | None, status: int = 200
    ) -> HttpResponse:
        context = toolkit_context(
            challenge, kit, draft, errors=errors, notice=notice, action=action
        )
        context |= {
            "organization": challenge.organization,
            "candidates": candidates,
            "current": current,
            "start": start,
            "form": form,
            "note": form.data.get("note", "") if posted else (current.note if current else ""),
            "credited": {str(pk) for pk in form.typed("credited") or []}
            if posted
            else {str(p.pk) for p in credited_now},
        }
        template = "accountability/as_built.html" + ("#toolkit" if request.htmx else "")
        return render(request, template, context, status=status)

    if not posted:
        return page(Draft(design=fresh_design(design)), errors={}, notice=None)
    drafted = DraftForm(request.POST, toolkit=kit, baseline=challenge.baseline)
    draft = drafted.draft()
    if problem := drafted.problem() or shape_problem(kit, draft):
        return page(Draft(design=fresh_design(design)), errors={}, notice=problem, status=400)
    op = drafted.fallback("op")
    notice = apply_op(kit, draft, op, drafted.fallback("add-type"))
    if op != "submit":
        return page(draft, errors={}, notice=notice)
    if draft.bad_fields:
        message = _("Fix the numbers marked in the form first.")
        return page(draft, errors={"design": [message]}, notice=None, status=400)
    if form.is_valid():
        try:
            services.as_built_publish(
                actor=request.user,
                challenge=challenge,
                design=draft.design,
                note=form.cleaned_data["note"],
                credited=form.cleaned_data["credited"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
        else:
            messages.success(request, _("The as-built design is published."))
            return redirect(request, reverse("accountability", args=[challenge.slug]))
    above = form.above()
    return page(draft, errors={"design": above} if above else {}, notice=None, status=form.status)


def _starting_point(
    asked: str, challenge: Challenge, current: AsBuilt | None, candidates: list[Proposal]
) -> tuple[str, dict[str, Any]]:
    """The start the select shows and its design: the baseline or the proposal asked for, else
    the published as-built, else the most supported accepted proposal (candidates come accepted
    first), else the baseline."""
    chosen = next((p for p in candidates if str(p.pk) == asked), None)
    if chosen is not None:
        return asked, chosen.design
    if asked != "baseline":
        if current is not None:
            return "current", current.design
        top = candidates[0] if candidates else None
        if top is not None and top.accepted:  # type: ignore[attr-defined]
            return str(top.pk), top.design
    return "baseline", challenge.baseline
