"""The public accountability page of a challenge and the staff page that publishes what was
built."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.challenges.selectors import challenge_for_staff, challenge_for_view
from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.htmx import redirect
from cocreate.design import DesignError

from . import selectors, services
from .compare import as_built_comparison
from .forms import AsBuiltForm, PageForm, StartForm


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


def as_built(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    """Staff publish the as-built design: start from the baseline or a proposal, edit the
    design, credit the proposals whose ideas it took."""
    challenge = challenge_for_staff(
        org=org, slug=slug, user=request.user, permission="accountability.publish_as_built"
    )
    candidates = selectors.as_built_candidates(challenge=challenge)
    current = selectors.as_built_of(challenge=challenge)
    form = AsBuiltForm(request.POST if request.method == "POST" else None)
    credits = form.fields["credited"]
    assert isinstance(credits, forms.TypedMultipleChoiceField)
    credits.choices = [(p.pk, p.title) for p in candidates] + [
        (p.pk, p.title)
        for p in (current.credited_list if current else [])  # type: ignore[attr-defined]
    ]
    if request.method == "POST" and form.is_valid():
        try:
            design = json.loads(form.cleaned_data["design"])
        except ValueError as error:
            form.add_error("design", _("The design is not valid JSON: %s") % error)
        else:
            try:
                services.as_built_publish(
                    actor=request.user,
                    challenge=challenge,
                    design=design,
                    note=form.cleaned_data["note"],
                    credited=form.cleaned_data["credited"],
                )
            except (PermissionDenied, ValidationError) as error:
                form.refuse(error)
            else:
                messages.success(request, _("The as-built design is published."))
                return redirect(request, reverse("accountability", args=[challenge.slug]))
    start = str(StartForm(request.GET).fallback("start") or "")
    context = {
        "organization": challenge.organization,
        "challenge": challenge,
        "candidates": candidates,
        "current": current,
        "form": form,
        "start": start,
        "design_text": _design_text(form, challenge, current, candidates, start),
        "credited": {str(pk) for pk in form.typed("credited") or []}
        if form.is_bound
        else {str(p.pk) for p in (current.credited_list if current else [])},  # type: ignore[attr-defined]
    }
    return render(request, "accountability/as_built.html", context, status=form.status)


def _design_text(
    form: AsBuiltForm, challenge: Any, current: Any, candidates: list[Any], start: str
) -> str:
    """What the design field shows: what was posted, else the chosen starting point, else the
    published as-built, else the baseline."""
    if form.is_bound:
        return str(form.data.get("design", ""))
    chosen = next((p for p in candidates if str(p.pk) == start), None)
    if chosen is not None:
        design = chosen.design
    elif current is not None and start != "baseline":
        design = current.design
    else:
        design = challenge.baseline
    return json.dumps(design, indent=2, ensure_ascii=False)
