"""Remix trees and comparisons: parse, call a selector, render."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.challenges.selectors import challenge_for_view
from cocreate.challenges.toolkits import toolkit_for
from cocreate.design import DesignError

from . import compare as comparing
from . import selectors
from .forms import CompareForm


def lineage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    challenge = challenge_for_view(slug=slug, user=request.user)
    tree = selectors.lineage_of(challenge=challenge, pk=pk, user=request.user)
    base = reverse("challenge", args=[challenge.slug])
    context = {
        "challenge": challenge,
        "proposal": tree.proposal,
        "tree": tree,
        "challenge_url": base,
        "proposal_base": base + "p/",
        "compare_url": reverse("compare", args=[challenge.slug]),
    }
    return render(request, "lineage/lineage.html", context)


def compare(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = challenge_for_view(slug=slug, user=request.user)
    base = reverse("challenge", args=[challenge.slug])
    form = CompareForm(request.GET)
    choices = selectors.compare_choices(challenge=challenge)
    context: dict[str, Any] = {
        "challenge": challenge,
        "challenge_url": base,
        "choices": choices,
        "chosen_a": str(form.typed("a") or "").strip(),
        "chosen_b": str(form.typed("b") or "").strip(),
        "errors": {},
    }
    if not form.asked():
        return render(request, "lineage/compare.html", context)
    if not form.is_valid():
        context["errors"] = {name: " ".join(form.messages(name)) for name in form.errors}
        return render(request, "lineage/compare.html", context, status=400)
    a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    ids = [choice for choice in (a, b) if isinstance(choice, int)]
    proposals = selectors.proposals_for_compare(challenge=challenge, ids=ids, user=request.user)
    if any(i not in proposals for i in ids):
        raise Http404
    listed = {pk for pk, _title in choices}
    choices += [(p.pk, p.title) for p in proposals.values() if p.pk not in listed]
    toolkit = toolkit_for(challenge)
    sides = [
        comparing.side_of(
            choice, challenge=challenge, toolkit=toolkit, proposals=proposals, challenge_url=base
        )
        for choice in (a, b)
    ]
    try:
        context.update(comparing.comparison(toolkit, *sides))
    except DesignError as error:
        context["errors"] = {"design": _("These designs can't be compared: %s") % error}
        return render(request, "lineage/compare.html", context, status=400)
    context.update(side_a=sides[0], side_b=sides[1], toolkit=toolkit)
    return render(request, "lineage/compare.html", context)
