"""A person's own settings, set from the editor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.notifications.selectors import following

from . import selectors, services


@require_POST
def units(request: HttpRequest) -> HttpResponse:
    """204 when remembered (anonymous visitors keep the choice in their browser only)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    try:
        services.user_set_units(actor=request.user, units=request.POST.get("units", ""))
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return HttpResponse(status=204)


def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = selectors.profile_for_view(username=username, viewer=request.user)
    proposals = selectors.profile_proposals(person=person, viewer=request.user)
    page = selectors.comment_page_number(request.GET.get("page"))
    own = person.pk == request.user.pk
    context = {
        "person": person,
        "proposals": proposals,
        "comments": selectors.profile_comments(person=person, viewer=request.user, page=page),
        "own": own,
        # No query for visitors, nor on one's own page (nobody follows themself).
        "following": set() if own else following(user=request.user, people=[person]),
    }
    return render(request, "accounts/profile.html", context)


@require_POST
def privacy(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next=/")
    public = request.POST.get("profile_public") == "on"
    services.user_set_privacy(actor=request.user, profile_public=public)
    messages.success(
        request, _("Your profile is public.") if public else _("Your profile is private.")
    )
    return redirect(reverse("profile", args=[request.user.get_username()]))
