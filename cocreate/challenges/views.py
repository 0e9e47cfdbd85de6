"""Home and challenge pages: parse the request, call selectors, render."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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
from .models import Challenge
from .permissions import open_actions

# The relative times on cards ("3 minutes ago") may lag by this much; every write that changes
# what a card shows bumps the challenge's `activity`, which is part of the key.
CARD_LIST_SECONDS = 300


@dataclass(frozen=True, slots=True)
class Card:
    """One rendered card, the same for every visitor: its Support button comes in both states
    and the page picks one per person, so nothing of a person is ever cached."""

    pk: int
    body: str
    support: str
    supported: str


@dataclass(frozen=True, slots=True)
class CardList:
    """One page of rendered cards with what the pager and the heading need."""

    count: int
    number: int
    num_pages: int
    cards: list[Card]

    def html(self, supported: set[int]) -> str:
        """The cards as list items, each with the Support button in this person's state:
        joined here, not in a template loop, which cost a third of the page."""
        return mark_safe(  # noqa: S308 - pieces rendered by our templates, escaped there
            "".join(
                f'<li class="card">{c.body}{c.supported if c.pk in supported else c.support}</li>'
                for c in self.cards
            )
        )

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def home(request: HttpRequest) -> HttpResponse:
    challenges = challenge_list(user=request.user)
    return render(request, "challenges/home.html", {"challenges": challenges})


def card_list(*, challenge: Challenge, sort: str, page: int, proposal_base: str) -> CardList:
    """The page of cards, rendered once per version of the challenge's `activity` and kept in
    the shared cache: a hit costs no query. Only what every visitor sees is in it; the caller
    has already checked that this visitor may see the challenge."""
    key = (
        f"card-list:{challenge.pk}:{challenge.created_at.timestamp()}:{challenge.activity}"
        f":{sort}:{page}:{get_language()}"
    )
    cached: CardList | None = cache.get(key)
    if cached is not None:
        return cached
    found = proposal_cards(challenge=challenge, sort=sort, page=page)
    body = get_template("challenges/challenge.html#card")
    button = get_template("includes/support_button.html")
    cards = []
    for proposal in found.object_list:
        context = {"proposal": proposal, "proposal_base": proposal_base}
        cards.append(
            Card(
                pk=proposal.pk,
                body=body.render({**context, "LANGUAGE_CODE": get_language()}),
                support=button.render({**context, "supported": ()}),
                supported=button.render({**context, "supported": (proposal.pk,)}),
            )
        )
    rendered = CardList(
        count=found.paginator.count,
        number=found.number,
        num_pages=found.paginator.num_pages,
        cards=cards,
    )
    cache.set(key, rendered, CARD_LIST_SECONDS)
    return rendered


def challenge_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    challenge = selectors.challenge_for_view(slug=slug, user=request.user)
    query = ListingForm(request.GET)
    sort = query.fallback("sort")
    # Reversed once, not once per card: the card loop is the page's hot path.
    proposal_base = reverse("challenge", args=[challenge.slug]) + "p/"
    cards = card_list(
        challenge=challenge, sort=sort, page=query.fallback("page"), proposal_base=proposal_base
    )
    supported = supported_ids(user=request.user, proposal_ids=[c.pk for c in cards.cards])
    context = {
        "challenge": challenge,
        "toolkit": toolkit_for(challenge),
        "open_actions": open_actions(challenge),
        "cards": cards,
        "card_items": cards.html(supported),
        "sort": sort,
        "supports_left": supports_left(user=request.user, challenge=challenge),
        "following": following(user=request.user, challenges=[challenge]),
        "proposal_base": proposal_base,
        "here": request.get_full_path(),
    }
    template = "challenges/challenge.html"
    if request.htmx and request.htmx.target == "proposals":
        template += "#proposal-list"
    return render(request, template, context)
