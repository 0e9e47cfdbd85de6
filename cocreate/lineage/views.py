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
    context: dict[str, Any] = {"challenge": challenge, "challenge_url": base, "errors": {}}

    def page(status: int = 200) -> HttpResponse:
        context["pickers"] = comparing.pickers(form, choices, context["errors"])
        return render(request, "lineage/compare.html", context, status=status)

    if not form.asked():
        return page()
    refused = [name for name in ("a", "b") if name in form.errors]
    if refused:
        context["errors"] = {name: " ".join(form.messages(name)) for name in refused}
        return page(400)
    a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    ids = [choice for choice in (a, b) if isinstance(choice, int)]
    proposals = selectors.proposals_for_compare(challenge=challenge, ids=ids, user=request.user)
    if any(i not in proposals for i in ids):
        raise Http404
    listed = {choice[0] for choice in choices}
    choices += [
        (p.pk, p.title, p.author.username) for p in proposals.values() if p.pk not in listed
    ]
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
        return page(400)
    context.update(side_a=sides[0], side_b=sides[1], toolkit=toolkit)
    return page()
