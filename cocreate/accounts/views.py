"""A person's own settings, set from the editor."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from . import services


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
