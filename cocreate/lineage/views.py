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
    raw_a, raw_b = request.GET.get("a"), request.GET.get("b")
    a, b = comparing.read_choice(raw_a), comparing.read_choice(raw_b)
    choices = selectors.compare_choices(challenge=challenge)
    context: dict[str, Any] = {
        "challenge": challenge,
        "challenge_url": base,
        "choices": choices,
        "chosen_a": (raw_a or "").strip(),
        "chosen_b": (raw_b or "").strip(),
        "errors": {},
    }
    if raw_a is None and raw_b is None:
        return render(request, "lineage/compare.html", context)
    errors: dict[str, str] = {}
    if a is None:
        errors["a"] = _("Design A: choose a proposal (its number) or the proposed design.")
    if b is None:
        errors["b"] = _("Design B: choose a proposal (its number) or the proposed design.")
    if errors:
        context["errors"] = errors
        return render(request, "lineage/compare.html", context, status=400)
    assert a is not None and b is not None
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
