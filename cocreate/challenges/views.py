"""Home and challenge pages: parse the request, call selectors, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.htmx import HtmxHttpRequest
from cocreate.notifications.selectors import following
from cocreate.proposals.selectors import (
    challenge_list,
    proposal_cards,
    supported_ids,
    supports_left,
)

from . import selectors
from .forms import ListingForm
from .permissions import open_actions


def home(request: HttpRequest) -> HttpResponse:
    challenges = challenge_list(user=request.user)
    return render(request, "challenges/home.html", {"challenges": challenges})


def challenge_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    challenge = selectors.challenge_for_view(slug=slug, user=request.user)
    query = ListingForm(request.GET)
    sort = query.fallback("sort")
    page = proposal_cards(challenge=challenge, sort=sort, page=query.fallback("page"))
    context = {
        "challenge": challenge,
        "toolkit": toolkit_for(challenge),
        "open_actions": open_actions(challenge),
        "page": page,
        "sort": sort,
        "supported": supported_ids(user=request.user, proposals=page.object_list),
        "supports_left": supports_left(user=request.user, challenge=challenge),
        "following": following(user=request.user, challenges=[challenge]),
        # Reversed once, not once per card: the card loop is the page's hot path.
        "proposal_base": reverse("challenge", args=[challenge.slug]) + "p/",
        "here": request.get_full_path(),
    }
    template = "challenges/challenge.html"
    if request.htmx and request.htmx.target == "proposals":
        template += "#proposal-list"
    return render(request, template, context)
