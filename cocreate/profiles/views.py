"""A person's public page: parse the page number, call the selectors, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cocreate.notifications.selectors import following

from . import selectors
from .forms import ProfileForm


def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = selectors.profile_for_view(username=username, viewer=request.user)
    proposals = selectors.profile_proposals(person=person, viewer=request.user)
    page = ProfileForm(request.GET).fallback("page")
    own = person.pk == request.user.pk
    context = {
        "person": person,
        "proposals": proposals,
        "comments": selectors.profile_comments(person=person, viewer=request.user, page=page),
        "own": own,
        # No query for visitors, nor on one's own page (nobody follows themself).
        "following": set() if own else following(user=request.user, people=[person]),
    }
    return render(request, "profiles/profile.html", context)
