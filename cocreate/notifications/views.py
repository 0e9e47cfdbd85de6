"""Notification pages: the inbox, "mark all read", preferences and the follow toggle."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.accounts.models import User
from cocreate.challenges.selectors import challenge_by_pk_for_view
from cocreate.core.htmx import log_in_first, redirect, safe_next
from cocreate.core.idempotency import idempotent
from cocreate.proposals.selectors import proposal_by_pk_for_view

from . import selectors, services
from .forms import FollowForm, InboxForm, PreferencesForm, follow_target
from .models import Frequency
from .services import Target


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    query = InboxForm(request.GET)
    before = query.fallback("before")
    after = None if before is not None else query.fallback("after")
    page = selectors.notification_page(user=request.user, before=before, after=after)
    # Counted over the whole inbox, since "Mark all read" reads them all; the header badge
    # reuses this count instead of asking again.
    unread = selectors.unread_count(user=request.user)
    context = {
        "page": page,
        "paged": before is not None or after is not None,
        "unread": unread,
        "notification_unread": unread,
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(actor=request.user)
    return redirect(request, reverse("notifications"))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.preferences_set(actor=request.user, choices=form.chosen())
        except ValidationError as error:
            form.refuse(error)
        if not form.errors:
            return redirect(request, reverse("notification-settings"))
    context = {
        "rows": selectors.preference_rows(user=request.user),
        "frequencies": Frequency.choices,
        "errors": form.errors,
    }
    return render(request, "notifications/settings.html", context, status=form.status)


def _person(pk: int, *, unfollow: bool) -> User:
    """A person to follow, a 404 like their page when they keep their profile private; one
    can always stop following someone who has since gone private."""
    person = User.objects.filter(pk=pk, is_active=True).first()
    if person is None or not (person.profile_public or unfollow):
        raise Http404
    return person


def _target(request: HttpRequest, form: FollowForm, *, unfollow: bool) -> tuple[str, Target]:
    """The follow target the form's signed name points at, resolved so that one the person may
    not see is a 404, as a missing one is."""
    named = form.named()
    if named is None:
        raise Http404
    kind, pk = named
    if kind == "challenge":
        return kind, challenge_by_pk_for_view(pk=pk, user=request.user)
    if kind == "proposal":
        return kind, proposal_by_pk_for_view(pk=pk, user=request.user)
    if kind == "person":
        return kind, _person(pk, unfollow=unfollow)
    raise Http404


@require_POST
@idempotent
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST)
    back = safe_next(request, form.fallback("next"), reverse("home"))
    if not request.user.is_authenticated:
        return log_in_first(request, back)
    unfollow = form.fallback("action") == "unfollow"
    kind, target = _target(request, form, unfollow=unfollow)
    try:
        if unfollow:
            services.follow_remove(actor=request.user, target=target)
            followed = False
        else:
            services.follow_add(actor=request.user, target=target)
            followed = True
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages) or _("You can't follow that."), status=400)
    if getattr(request, "htmx", False):
        return render(
            request,
            "notifications/follow_button.html",
            {
                "kind": kind,
                "pk": target.pk,
                "target": follow_target(kind, target.pk),
                "followed": followed,
                "next": back,
            },
        )
    return redirect(request, back)
