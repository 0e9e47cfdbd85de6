"""Search pages: parse the query string, call a selector, render. Private challenges 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cocreate.challenges.selectors import challenge_for_view
from cocreate.challenges.toolkits import toolkit_for
from cocreate.proposals.selectors import supported_ids, supports_left
from cocreate.proposals.toolkit_form import DraftForm, shape_problem

from . import selectors
from .forms import MAX_PAGE, SEARCH_SORTS, SearchForm, SimilarForm

PER_PAGE = 20


def _proposal_base(slug: str) -> str:
    return reverse("challenge", args=[slug]) + "p/"


@require_GET
def search(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = challenge_for_view(slug=slug, user=request.user)
    query = SearchForm(request.GET)
    text, page = query.fallback("q"), query.fallback("page")
    sort = query.fallback("sort") or "best"  # an unknown sort is the default, never an error
    hits = (
        selectors.search_proposals(
            challenge=challenge,
            query=text,
            limit=PER_PAGE + 1,
            offset=(page - 1) * PER_PAGE,
            sort=sort,
        )
        if text
        else []
    )
    shown = hits[:PER_PAGE]
    context: dict[str, Any] = {
        "challenge": challenge,
        "q": text,
        "sort": sort,
        "sorts": SEARCH_SORTS,
        "hits": shown,
        "total": hits[0].total if hits else 0,
        "page": page,
        "has_next": len(hits) > PER_PAGE and page < MAX_PAGE,
        "proposal_base": _proposal_base(challenge.slug),
        "errors": query.errors.get("q"),
        # The Support buttons: the same control and rules as the cards' (one query each).
        "supported": supported_ids(user=request.user, proposal_ids=[hit.pk for hit in shown]),
        "supports_left": supports_left(user=request.user, challenge=challenge) if shown else None,
        "here": request.get_full_path(),
    }
    status = 400 if context["errors"] else 200  # an odd page number is the first page
    return render(request, "search/search.html", context, status=status)


@require_http_methods(["GET", "POST"])
def similar(request: HttpRequest, slug: str) -> HttpResponse:
    """Partial for the toolkit's Title field (htmx): the proposals most like the one being written,
    by the title typed so far and, when the toolkit form is posted with it, by the design on the
    page (what the person sees, not a stored copy: no read of their draft)."""
    challenge = challenge_for_view(slug=slug, user=request.user)
    data = request.POST if request.method == "POST" else request.GET
    title = SimilarForm(data).fallback("title")
    design = None
    if request.method == "POST":
        kit = toolkit_for(challenge)
        draft = DraftForm(request.POST, toolkit=kit, baseline=challenge.baseline).draft()
        design = None if shape_problem(kit, draft) else draft.design
    hits = selectors.similar_proposals(challenge=challenge, title=title, design=design)
    context = {"challenge": challenge, "hits": hits, "proposal_base": _proposal_base(slug)}
    return render(request, "search/similar.html", context)
