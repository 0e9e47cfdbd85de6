"""Streetmix interop on the toolkit page: a saved Streetmix street becomes the draft, and the draft
downloads as a street Streetmix can open. Both work from the editor and from the form view."""

from __future__ import annotations

import json

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_view
from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.htmx import redirect
from cocreate.design import DesignError
from cocreate.design.section.streetmix import export_street, import_street

from .forms import StreetmixForm
from .toolkit_form import Draft, draft_session_key, saved_draft

MAX_STREET_BYTES = 2_000_000  # Streetmix's largest streets are a few hundred kilobytes


def _toolkit_challenge(request: HttpRequest, slug: str) -> Challenge:
    challenge = challenge_for_view(slug=slug, user=request.user)
    if not rules.has_perm("challenges.open_toolkit", request.user, challenge):
        raise PermissionDenied
    return challenge


@require_POST
def streetmix_import(request: HttpRequest, slug: str) -> HttpResponse:
    """The uploaded street as the new draft (the words already typed stay). The editor asks for
    JSON and loads the design itself; a plain form gets redirected to the toolkit."""
    challenge = _toolkit_challenge(request, slug)
    wants_json = "application/json" in request.headers.get("Accept", "")
    back = reverse("toolkit", args=[challenge.slug])
    try:
        design, notes = _read_street(request, challenge)
    except DesignError as error:
        if wants_json:
            return JsonResponse({"error": str(error)}, status=400)
        messages.error(request, str(error))
        return redirect(request, back)
    if wants_json:
        return JsonResponse({"design": design, "notes": notes})
    kept = saved_draft(request.session, challenge)
    draft = Draft(design=design, title=kept.title, rationale=kept.rationale)
    request.session[draft_session_key(challenge)] = draft.to_session()
    messages.success(request, " ".join([_("Imported from Streetmix."), *notes]))
    return redirect(request, back)


def _read_street(request: HttpRequest, challenge: Challenge) -> tuple[dict[str, object], list[str]]:
    form = StreetmixForm(request.POST, request.FILES)
    if not form.is_valid():
        raise DesignError(" ".join(form.messages("street")))
    upload = form.cleaned_data["street"]
    if upload.size is not None and upload.size > MAX_STREET_BYTES:
        raise DesignError(_("That file is over 2 MB: it is not a Streetmix street."))
    try:
        document = json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise DesignError(_("That file is not a Streetmix street: it is not JSON text.")) from error
    length = challenge.baseline.get("length")
    return import_street(document, toolkit_for(challenge), length=length)


@require_GET
def streetmix_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The person's current draft (what the editor autosaved, or the form last posted) as a
    Streetmix street at its latest schema, downloaded as a file."""
    challenge = _toolkit_challenge(request, slug)
    draft = saved_draft(request.session, challenge)
    try:
        street = export_street(draft.design, toolkit_for(challenge))
    except DesignError as error:
        return JsonResponse({"error": str(error)}, status=400)
    response = JsonResponse(street, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{challenge.slug}-streetmix.json"'
    return response
