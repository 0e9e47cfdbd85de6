"""Streetmix interop on the toolkit page: a saved Streetmix street becomes the draft, and the draft
downloads as a street Streetmix can open. Both work from the editor and from the form view."""

from __future__ import annotations

import json

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_view
from cocreate.challenges.toolkits import parse_within_limit, speaks_streetmix, toolkit_for
from cocreate.core.htmx import redirect
from cocreate.design import DesignError
from cocreate.design.section.streetmix import export_street, import_street

from . import services
from .forms import StreetmixForm
from .toolkit_form import draft_owner, saved_draft

MAX_STREET_BYTES = 2_000_000  # Streetmix's largest streets are a few hundred kilobytes


def _toolkit_challenge(request: HttpRequest, slug: str) -> Challenge:
    """The challenge, where this person may open its toolkit and it draws streets (404 for a
    configurator or a shelf: there is no Streetmix street to make of those)."""
    challenge = challenge_for_view(slug=slug, user=request.user)
    if not rules.has_perm("challenges.open_toolkit", request.user, challenge):
        raise PermissionDenied
    if not speaks_streetmix(toolkit_for(challenge)):
        raise Http404
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
    owner = draft_owner(request)
    kept = saved_draft(owner, challenge)
    services.draft_save(  # the person chose to replace their design: no version to check
        actor=request.user,
        owner=owner.owner,
        challenge=challenge,
        design=design,
        parent_pk=None,
        title=kept.title,
        rationale=kept.rationale,
    )
    messages.success(request, " ".join([_("Imported from Streetmix."), *notes]))
    return owner.remember(redirect(request, back))


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
    kit = toolkit_for(challenge)
    design, notes = import_street(document, kit, length=length)
    parse_within_limit(kit, design)  # a street of 300 segments is no draft a person can edit
    return design, notes


@require_GET
def streetmix_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The person's current draft (what the editor autosaved, or the form last posted) as a
    Streetmix street at its latest schema, downloaded as a file."""
    challenge = _toolkit_challenge(request, slug)
    draft = saved_draft(draft_owner(request), challenge)
    try:
        street = export_street(draft.design, toolkit_for(challenge))
    except DesignError as error:
        return JsonResponse({"error": str(error)}, status=400)
    response = JsonResponse(street, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{challenge.slug}-streetmix.json"'
    return response
