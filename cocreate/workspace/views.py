"""The organization's workspace: its challenges, creating and editing one (settings, phases,
baseline drawn in the editor, publishing), and the organization's public page. Each staff view
goes through a door (`organization_for_staff`, `challenge_for_staff`) first."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.challenges import services
from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_staff
from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.htmx import HtmxHttpRequest, redirect
from cocreate.core.idempotency import idempotent
from cocreate.core.markdown import render_markdown
from cocreate.organizations.models import Organization
from cocreate.organizations.selectors import organization_for_staff
from cocreate.proposals.toolkit_form import Draft, DraftForm, apply_op, fresh_design, shape_problem
from cocreate.proposals.toolkit_view import toolkit_context

from . import selectors
from .forms import ChallengeForm, PhaseForm

CHANGE = "challenges.change_challenge"


def board_url(challenge: Challenge) -> str | None:
    """The challenge's review board, once the board app names its URL (`board`); None before."""
    try:
        return reverse("board", kwargs={"org": challenge.organization.slug, "slug": challenge.slug})
    except NoReverseMatch:
        return None


def _edit_url(challenge: Challenge) -> str:
    return reverse(
        "challenge-edit", kwargs={"org": challenge.organization.slug, "slug": challenge.slug}
    )


def home(request: HttpRequest, org: str) -> HttpResponse:
    organization = organization_for_staff(
        slug=org, user=request.user, permission="organizations.add_challenge"
    )
    challenges = list(selectors.workspace_challenges(organization=organization))
    for challenge in challenges:
        challenge.organization = organization  # one row for every link below: no query
        challenge.board_url = board_url(challenge)  # type: ignore[attr-defined]
    return render(
        request,
        "workspace/home.html",
        {"organization": organization, "challenges": challenges},
    )


def _challenge_form(request: HttpRequest, initial: dict[str, Any]) -> ChallengeForm:
    if request.method == "POST":
        return ChallengeForm(request.POST, request.FILES, initial=initial)
    return ChallengeForm(initial=initial)


def _preview(form: ChallengeForm) -> str:
    """The brief as the challenge page will show it (the same Markdown renderer)."""
    return render_markdown(str(form.typed("brief") or ""))


def _set_cover(request: HttpRequest, form: ChallengeForm, challenge: Challenge) -> None:
    """Apply the cover fields: a new picture, or back to the baseline drawing."""
    upload = form.cleaned_data.get("cover")
    if upload:
        services.challenge_cover_set(
            actor=request.user,
            challenge=challenge,
            upload=upload,
            alt=form.cleaned_data["cover_alt"],
        )
    elif form.cleaned_data.get("cover_remove") and challenge.cover_image_id is not None:
        services.challenge_cover_set(actor=request.user, challenge=challenge, upload=None)


@require_http_methods(["GET", "POST"])
@idempotent(when=lambda request: "preview" not in request.POST)
def challenge_new(request: HttpRequest, org: str) -> HttpResponse:
    organization = organization_for_staff(
        slug=org, user=request.user, permission="organizations.add_challenge"
    )
    initial = {"toolkit": "dominion-road@1", "answer_days": 90, "mode": "ideas"}
    initial |= {"visibility": "public", "answer_trigger": "submission"}
    form = _challenge_form(request, initial)
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        preview = _preview(form)
    elif request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # a refused cover leaves no challenge behind
                challenge = services.challenge_create(
                    actor=request.user, organization=organization, publish=False, **form.changes()
                )
                _set_cover(request, form, challenge)
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
        else:
            messages.success(
                request,
                _("Draft saved. Draw its baseline, add its phases, then publish it."),
            )
            return redirect(request, _edit_url(challenge))
    status = form.status if request.method == "POST" and preview is None else 200
    context = {"organization": organization, "form": form, "preview": preview, "challenge": None}
    return render(request, "workspace/challenge_form.html", context, status=status)


def _edit_page(
    request: HttpRequest,
    challenge: Challenge,
    *,
    form: ChallengeForm | None = None,
    preview: str | None = None,
    phase_forms: dict[int, PhaseForm] | None = None,
    new_phase: PhaseForm | None = None,
    publish_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The edit page, with any form that was just refused in place of a fresh one."""
    phases = selectors.challenge_phases(challenge=challenge)
    phase_forms = phase_forms or {}
    rows = [
        (
            phase,
            phase_forms.get(phase.pk)
            or PhaseForm(
                prefix=f"phase-{phase.pk}",
                initial={
                    "name": phase.name,
                    "starts_at": phase.starts_at,
                    "ends_at": phase.ends_at,
                    "actions": phase.actions,
                },
            ),
        )
        for phase in phases
    ]
    context = {
        "organization": challenge.organization,
        "challenge": challenge,
        "form": form or ChallengeForm(initial=ChallengeForm.initial_for(challenge)),
        "preview": preview,
        "phase_rows": rows,
        "new_phase": new_phase or PhaseForm(prefix="new-phase"),
        "proposal_count": selectors.proposal_count(challenge=challenge),
        "publish_errors": publish_errors or [],
        "board_url": board_url(challenge),
    }
    return render(request, "workspace/challenge_form.html", context, status=status)


def _staff_challenge(request: HttpRequest, org: str, slug: str) -> Challenge:
    return challenge_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)


@require_http_methods(["GET", "POST"])
def challenge_edit(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    challenge = _staff_challenge(request, org, slug)
    if request.method != "POST":
        return _edit_page(request, challenge)
    form = _challenge_form(request, ChallengeForm.initial_for(challenge))
    if "preview" in request.POST:
        return _edit_page(request, challenge, form=form, preview=_preview(form))
    if form.is_valid():
        try:
            with transaction.atomic():
                services.challenge_update(actor=request.user, challenge=challenge, **form.changes())
                _set_cover(request, form, challenge)
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
            challenge.refresh_from_db()  # the page shows what is stored, not the refused values
        else:
            messages.success(request, _("Changes saved."))
            return redirect(request, _edit_url(challenge))
    return _edit_page(request, challenge, form=form, status=form.status)


def _phase_values(form: PhaseForm) -> dict[str, Any]:
    data = form.cleaned_data
    keys = ("name", "starts_at", "ends_at", "actions")
    return {key: data[key] for key in keys}


@require_POST
@idempotent
def phase_new(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    challenge = _staff_challenge(request, org, slug)
    form = PhaseForm(request.POST, prefix="new-phase")
    if form.is_valid():
        try:
            services.phase_add(actor=request.user, challenge=challenge, **_phase_values(form))
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
        else:
            messages.success(request, _("Phase added."))
            return redirect(request, _edit_url(challenge) + "#phases")
    return _edit_page(request, challenge, new_phase=form, status=form.status)


@require_POST
def phase_edit(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    challenge = _staff_challenge(request, org, slug)
    phase = selectors.phase_for_staff(challenge=challenge, pk=pk)
    if "remove" in request.POST:
        services.phase_remove(actor=request.user, challenge=challenge, phase=phase)
        messages.success(request, _("Phase removed."))
        return redirect(request, _edit_url(challenge) + "#phases")
    form = PhaseForm(request.POST, prefix=f"phase-{phase.pk}")
    if form.is_valid():
        try:
            services.phase_update(
                actor=request.user, challenge=challenge, phase=phase, **_phase_values(form)
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
        else:
            messages.success(request, _("Phase saved."))
            return redirect(request, _edit_url(challenge) + "#phases")
    return _edit_page(request, challenge, phase_forms={phase.pk: form}, status=form.status)


@require_POST
def challenge_publish(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    challenge = challenge_for_staff(
        org=org, slug=slug, user=request.user, permission="challenges.publish_challenge"
    )
    try:
        services.challenge_publish(actor=request.user, challenge=challenge)
    except ValidationError as error:
        return _edit_page(request, challenge, publish_errors=error.messages, status=400)
    messages.success(request, _("Published: the challenge is open to the people it is for."))
    return redirect(request, _edit_url(challenge))


@require_http_methods(["GET", "POST"])
def challenge_baseline(request: HtmxHttpRequest, org: str, slug: str) -> HttpResponse:
    """The residents' editor on the challenge's baseline, with the same rules; saving makes the
    design the new baseline. Nothing is kept between visits but the saved baseline."""
    challenge = _staff_challenge(request, org, slug)
    kit = toolkit_for(challenge)
    action = reverse("challenge-baseline", kwargs={"org": org, "slug": slug})
    proposals = selectors.proposal_count(challenge=challenge)

    def page(
        draft: Draft, *, errors: dict[str, list[str]], notice: str | None, status: int = 200
    ) -> HttpResponse:
        context = toolkit_context(
            challenge, kit, draft, errors=errors, notice=notice, action=action
        )
        context |= {"organization": challenge.organization, "proposal_count": proposals}
        template = "workspace/baseline.html" + ("#toolkit" if request.htmx else "")
        return render(request, template, context, status=status)

    if request.method != "POST":
        draft = Draft(design=fresh_design(challenge.baseline))
        return page(draft, errors={}, notice=None)
    form = DraftForm(request.POST, toolkit=kit, baseline=challenge.baseline)
    draft = form.draft()
    if problem := form.problem() or shape_problem(kit, draft):
        kept = Draft(design=fresh_design(challenge.baseline))
        return page(kept, errors={}, notice=problem, status=400)
    op = form.fallback("op")
    notice = apply_op(kit, draft, op, form.fallback("add-type"))
    if op != "submit":
        return page(draft, errors={}, notice=notice)
    if draft.bad_fields:
        message = _("Fix the numbers marked in the form first.")
        return page(draft, errors={"baseline": [message]}, notice=None, status=400)
    try:
        services.challenge_baseline_set(
            actor=request.user, challenge=challenge, design=draft.design
        )
    except ValidationError as error:
        return page(draft, errors={"baseline": error.messages}, notice=None, status=400)
    messages.success(request, _("Baseline saved."))
    return redirect(request, _edit_url(challenge) + "#baseline")


def organization_page(request: HttpRequest, org: str) -> HttpResponse:
    organization: Organization = selectors.organization_for_page(slug=org)
    challenges = list(
        selectors.organization_challenges(organization=organization, user=request.user)
    )
    return render(
        request,
        "workspace/organization.html",
        {"organization": organization, "challenges": challenges},
    )
