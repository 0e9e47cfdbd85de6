"""A person's own settings: display units (set from the editor) and profile privacy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import PrivacyForm, UnitsForm


@require_POST
def units(request: HttpRequest) -> HttpResponse:
    """204 when remembered (anonymous visitors keep the choice in their browser only)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    form = UnitsForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_units(actor=request.user, units=form.cleaned_data["units"])
        except ValidationError as error:
            form.refuse(error)
    if form.errors:
        return JsonResponse({"error": " ".join(form.above())}, status=400)
    return HttpResponse(status=204)


@require_POST
def privacy(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next=/")
    public = PrivacyForm(request.POST).public()
    services.user_set_privacy(actor=request.user, profile_public=public)
    messages.success(
        request, _("Your profile is public.") if public else _("Your profile is private.")
    )
    return redirect(reverse("profile", args=[request.user.get_username()]))
