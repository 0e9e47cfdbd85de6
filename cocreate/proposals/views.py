"""Proposal pages, the plain-HTML toolkit, supports: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.challenges.models import Challenge
from cocreate.challenges.permissions import open_actions
from cocreate.challenges.selectors import challenge_for_view
from cocreate.challenges.toolkits import check_design, toolkit_for
from cocreate.community.selectors import discussion_context
from cocreate.core.htmx import HtmxHttpRequest, log_in_first, redirect, safe_next
from cocreate.core.idempotency import idempotent
from cocreate.design import Toolkit
from cocreate.insights.pressure_log import pressure_record, pressure_refused
from cocreate.moderation.rates import rate_limited
from cocreate.notifications.selectors import following

from . import selectors, services
from .forms import ButtonForm, PledgeForm
from .models import PledgeKind, Proposal
from .toolkit_form import (
    Draft,
    DraftForm,
    Owner,
    StartForm,
    apply_op,
    draft_owner,
    fresh_design,
    saved_draft,
    shape_problem,
    stored_draft,
    submitting,
)
from .toolkit_view import metric_rows, toolkit_context

# Relative times in the heading and discussion ("3 minutes ago") may lag by this much; every
# write that changes what these parts show bumps the proposal's `activity`, part of the key.
SHARED_PARTS_SECONDS = 300
PAGE = "proposals/proposal.html"
SHARED_PARTS = ("heading", "notices", "drawing", "checks", "pledge-totals", "supporters")


def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = selectors.proposal_page_for_view(slug=slug, pk=pk, user=request.user)
    challenge = proposal.challenge
    toolkit = toolkit_for(challenge)
    # Reversed once; the page's other links are built from it (the page's hot path).
    challenge_url = reverse("challenge", args=[challenge.slug])
    context: dict[str, Any] = {
        "challenge": challenge,
        "proposal": proposal,
        "parent": selectors.shown_parent(proposal=proposal, user=request.user),
        "toolkit": toolkit,
        "supported": selectors.supported_ids(user=request.user, proposal_ids=[proposal.pk]),
        "open_actions": open_actions(challenge),
        "challenge_url": challenge_url,
        "proposal_base": challenge_url + "p/",
        "proposal_url": f"{challenge_url}p/{proposal.pk}/",
        "here": request.get_full_path(),
        "opposed": challenge.allow_oppose
        and selectors.opposes(user=request.user, proposal=proposal),
        "pledge_kinds": PledgeKind.choices,
        "ladder": selectors.ladder_progress(proposal=proposal, challenge=challenge),
        "following": following(user=request.user, proposals=[proposal]),
    }
    context["shared"], discussion = _shared_parts(request, context)
    if "discussion" not in context["shared"]:  # a signed-in person's own buttons and tokens
        context.update(discussion or _discussion(context, request.user))
    return render(request, PAGE, context)


def _shared_parts(
    request: HttpRequest, context: dict[str, Any]
) -> tuple[dict[str, str], dict[str, Any] | None]:
    """The parts of the page every visitor sees alike (the heading with the remixed parent,
    the drawing with its comment markers, rule checks, pledge totals, supporters; for visitors
    who are not signed in, the whole discussion too, which then has no buttons or tokens of
    anyone), rendered once per version of the proposal's `activity`: a hit costs no query. The
    caller has already checked that this visitor may see the proposal. The key names the
    parent as this visitor may see it (its own `activity` when shown), so a parent hidden from
    some is never shown to them. With the parts, the discussion's context when a miss had to
    read it."""
    proposal, toolkit, parent = context["proposal"], context["toolkit"], context["parent"]
    if parent is not None:
        lineage = f"parent-{parent.pk}-{parent.activity}"
    else:
        lineage = "hidden-parent" if proposal.parent_id else "baseline"
    key = (
        f"proposal-parts:{proposal.pk}:{proposal.created_at.timestamp()}:{proposal.activity}"
        f":{lineage}:{context['challenge'].slug}:{toolkit.version}:{get_language()}"
    )
    anonymous = not request.user.is_authenticated
    keys = [key, key + ":discussion"] if anonymous else [key]
    found = cache.get_many(keys)
    parts: dict[str, str] = dict(found.get(key) or {})
    if anonymous and key + ":discussion" in found:
        parts["discussion"] = found[key + ":discussion"]
    if len(found) == len(keys):
        return parts, None
    discussion = _discussion(context, request.user)
    full = {**context, **_evaluated(proposal, toolkit), **discussion}
    full["pledges"] = selectors.pledge_totals(proposal=proposal)
    full["supporters"] = selectors.supporters(proposal=proposal)
    parts = {
        name.replace("-", "_"): get_template(f"{PAGE}#{name}").render(full, request)
        for name in SHARED_PARTS
    }
    cache.set(key, parts, SHARED_PARTS_SECONDS)
    if anonymous:
        parts["discussion"] = get_template("community/comments.html").render(full, request)
        cache.set(key + ":discussion", parts["discussion"], SHARED_PARTS_SECONDS)
    return parts, discussion


def _evaluated(proposal: Proposal, toolkit: Any) -> dict[str, Any]:
    """The drawing, evaluation and metrics the page shows: as stored, or, for a proposal saved
    on an older version of the toolkit, migrated and judged by today's rules."""
    if proposal.toolkit_version == toolkit.version:
        return {
            "svg": proposal.svg,
            "evaluation": proposal.evaluation,
            "metrics": metric_rows(toolkit, proposal.evaluation.get("metrics", {})),
        }
    design, notices = toolkit.migrate(proposal.design)
    checked = check_design(toolkit, design, stored=True)
    return {
        "svg": checked.svg,
        "evaluation": checked.evaluation,
        "metrics": metric_rows(toolkit, checked.evaluation["metrics"]),
        "migration_notices": [notice["message"] for notice in notices],
    }


def _discussion(context: dict[str, Any], user: Any) -> dict[str, Any]:
    proposal, challenge = context["proposal"], context["challenge"]
    return discussion_context(proposal=proposal, challenge=challenge, user=user)


@require_POST
@idempotent
def support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _back_or_withdraw(
        request, slug, pk, add=services.support_add, withdraw=services.support_remove
    )


@require_POST
@idempotent
def oppose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _back_or_withdraw(
        request, slug, pk, add=services.oppose_add, withdraw=services.oppose_remove
    )


def _acted_on(request: HttpRequest, slug: str, pk: int) -> tuple[Proposal, str]:
    """The proposal a button acts on (404 where the person can't see it) and its page."""
    challenge = challenge_for_view(slug=slug, user=request.user)
    proposal = selectors.proposal_for_view(challenge=challenge, pk=pk, user=request.user)
    return proposal, reverse("proposal", args=[challenge.slug, proposal.pk])


def _back_or_withdraw(
    request: HttpRequest, slug: str, pk: int, *, add: Any, withdraw: Any
) -> HttpResponse:
    """Support and Oppose: one button that adds, or withdraws with `op=withdraw`; refusals are
    shown as messages, and the person goes back where they were (never off-site)."""
    proposal, back = _acted_on(request, slug, pk)
    if not request.user.is_authenticated:
        return log_in_first(request, back)
    form = ButtonForm(request.POST)
    try:
        if form.withdrawing():
            withdraw(actor=request.user, proposal=proposal)
        else:
            with rate_limited(actor=request.user, action="support"):
                add(actor=request.user, proposal=proposal)
    except (PermissionDenied, ValidationError) as error:
        form.refuse(error)
        messages.error(request, " ".join(form.above()))
    return redirect(request, safe_next(request, form.fallback("next"), back))


@require_POST
@idempotent
def pledge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal, back = _acted_on(request, slug, pk)
    if not request.user.is_authenticated:
        return log_in_first(request, back)
    form = PledgeForm(request.POST)
    if form.is_valid():
        typed = form.cleaned_data
        try:
            if form.withdrawing():
                services.pledge_withdraw(actor=request.user, proposal=proposal, kind=typed["kind"])
            else:
                with rate_limited(actor=request.user, action="pledge"):
                    services.pledge_set(
                        actor=request.user,
                        proposal=proposal,
                        kind=typed["kind"],
                        amount=typed["amount"],
                        note=typed["note"],
                    )
                messages.success(request, _("Thank you: your pledge is recorded."))
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        messages.error(request, " ".join(form.above()))
    return redirect(request, back + "#pledges")


@idempotent(when=submitting)
def toolkit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    challenge = challenge_for_view(slug=slug, user=request.user)
    if not rules.has_perm("challenges.open_toolkit", request.user, challenge):
        raise PermissionDenied
    kit = toolkit_for(challenge)
    owner = draft_owner(request)  # a new visitor's name goes back with the page, for autosaves
    if request.method != "POST":
        draft, restored, notice = _starting_draft(request, challenge, kit, owner)
        draft.design, notices = kit.migrate(draft.design)  # older designs open on this version
        notice = " ".join([*filter(None, [notice]), *(n["message"] for n in notices)]) or None
        context = toolkit_context(
            challenge, kit, draft, errors={}, notice=notice, restored=restored
        )
        return owner.remember(_render_toolkit(request, context))
    form = DraftForm(request.POST, toolkit=kit, baseline=challenge.baseline)
    draft = form.draft()
    if problem := form.problem() or shape_problem(kit, draft):
        # Not something the form produces (a stale or tampered page): keep the saved design and
        # the words just typed.
        kept = saved_draft(owner, challenge)
        kept.title, kept.rationale = draft.title, draft.rationale
        context = toolkit_context(challenge, kit, kept, errors={}, notice=problem)
        return owner.remember(_render_toolkit(request, context, status=400))
    op = form.fallback("op")
    notice = apply_op(kit, draft, op, form.fallback("add-type"))
    if op == "submit" and request.user.is_authenticated:
        proposal = _submit(request, challenge, draft, form)
        if proposal is not None:
            # The draft became the proposal; a newer one saved meanwhile elsewhere stays.
            services.draft_discard(owner=owner.owner, challenge=challenge, version=draft.version)
            messages.success(request, _("Your proposal is published."))
            return redirect(request, reverse("proposal", args=[challenge.slug, proposal.pk]))
    try:
        _keep(request, owner, challenge, draft)  # after a refused submit too: nothing is lost
    except services.DraftConflict as conflict:
        # Saved since this page was shown (another tab or device): nothing is overwritten; the
        # post is shown as sent, based on the stored version now, so sending it again replaces
        # the other copy deliberately.
        draft.version = conflict.current.version
        notice = _(
            "This draft was changed in another window since this page was shown. Yours is below, "
            "not saved: save or submit it again to replace the other, or reload to see it."
        )
        context = toolkit_context(challenge, kit, draft, errors={}, notice=notice)
        return owner.remember(_render_toolkit(request, context, status=409))
    if op == "submit" and not request.user.is_authenticated:
        resume = reverse("toolkit", args=[challenge.slug]) + "?resume=1"
        return owner.remember(log_in_first(request, resume))
    context = toolkit_context(challenge, kit, draft, errors=form.listed_errors(), notice=notice)
    return owner.remember(_render_toolkit(request, context))


@require_POST
def draft_save(request: HttpRequest, slug: str) -> HttpResponse:
    """The editor's autosave: keep the draft (204, its new version in `Draft-Version`), or say
    why not (400, JSON), or hand back the newer stored draft to merge (409, JSON)."""
    challenge = challenge_for_view(slug=slug, user=request.user)
    if not rules.has_perm("challenges.open_toolkit", request.user, challenge):
        raise PermissionDenied
    if "design-json" not in request.POST:
        # Anything else (a JSON body, an empty post) reads as an empty design: it would replace
        # the draft with nothing.
        message = _("Send the design as the form field design-json, as the editor does.")
        return JsonResponse({"error": message}, status=400)
    kit = toolkit_for(challenge)
    form = DraftForm(request.POST, toolkit=kit, baseline=challenge.baseline)
    draft = form.draft()
    if problem := form.problem() or shape_problem(kit, draft):
        return JsonResponse({"error": problem}, status=400)
    owner = draft_owner(request)
    try:
        version = _keep(request, owner, challenge, draft)
    except services.DraftConflict as conflict:
        current = conflict.current
        stored = {
            "design": current.design,
            "title": current.title,
            "rationale": current.rationale,
            "parent": current.parent_pk,
            "version": current.version,
        }
        error = _("This draft was changed in another window: the newer one is kept.")
        return owner.remember(JsonResponse({"error": error, "draft": stored}, status=409))
    response = HttpResponse(status=204)
    response["Draft-Version"] = str(version)
    return owner.remember(response)


@require_POST
def pressure(request: HttpRequest, slug: str) -> HttpResponse:
    """The editor's anonymous batch of constraint pressure (counts per rule, no person): 204, or
    400 with nothing counted when the batch is not one the editor sends."""
    challenge = challenge_for_view(slug=slug, user=request.user)
    if not rules.has_perm("challenges.open_toolkit", request.user, challenge):
        raise PermissionDenied
    try:
        pressure_record(challenge=challenge, raw=request.POST.get("pressure", ""))
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return HttpResponse(status=204)


def _keep(request: HttpRequest, owner: Owner, challenge: Challenge, draft: Draft) -> int:
    """Store `draft` as `owner`'s, based on the version it carries; its new version."""
    draft.version = services.draft_save(
        actor=request.user,
        owner=owner.owner,
        challenge=challenge,
        design=draft.design,
        parent_pk=draft.parent_id,
        title=draft.title,
        rationale=draft.rationale,
        version=draft.version,
    )
    return draft.version


def _render_toolkit(
    request: HtmxHttpRequest, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """The whole page, or only the toolkit form when htmx asks for it."""
    template = "proposals/toolkit.html"
    if request.htmx:
        template += "#toolkit"
    return render(request, template, context, status=status)


def _starting_draft(
    request: HttpRequest, challenge: Challenge, kit: Toolkit, owner: Owner
) -> tuple[Draft, bool, str | None]:
    """The stored draft (work is never lost to a reload or a log-in), unless the person asked to
    start afresh or to remix something else; else the chosen design. True if restored; and a
    notice when the stored draft can no longer be opened. A new start is based on the stored
    version, so its first save replaces the stored draft as asked."""
    stored = stored_draft(owner, challenge)
    start = StartForm(request.GET)
    remix = start.fallback("remix")
    notice = None
    if stored and (problem := shape_problem(kit, stored)):
        notice = _("Your kept draft could not be opened (%(why)s): this starts afresh.") % {
            "why": problem
        }
    elif stored and not start.fallback("fresh") and remix in (None, stored.parent_id):
        return stored, True, None
    version = stored.version if stored else 0
    if remix is not None:
        parent = selectors.proposal_for_remix(challenge=challenge, pk=remix, user=request.user)
        draft = Draft(design=fresh_design(parent.design), parent_id=parent.pk, version=version)
        return draft, False, notice
    return Draft(design=fresh_design(challenge.baseline), version=version), False, notice


def _submit(
    request: HttpRequest, challenge: Challenge, draft: Draft, form: DraftForm
) -> Proposal | None:
    """The published proposal, or None with the errors to show on the form (the draft stays)."""
    if form.listed_errors():
        return None  # the words as typed are refused: the messages are already on the form
    if draft.bad_fields:
        form.refuse(ValidationError(_("Fix the numbers marked in the form first.")))
        return None
    parent = None
    if draft.parent_id is not None:
        try:
            parent = selectors.proposal_for_remix(
                challenge=challenge, pk=draft.parent_id, user=request.user
            )
        except Http404:
            draft.parent_id = None
            message = _(
                "The proposal you remixed is no longer here. Submit again to publish yours as a "
                "remix of the proposed design."
            )
            form.refuse(ValidationError(message))
            return None
    words = {"title": draft.title, "rationale": draft.rationale}
    try:
        with rate_limited(actor=request.user, action="proposal", texts=words):
            return services.proposal_create(
                actor=request.user,
                challenge=challenge,
                design=draft.design,
                title=draft.title,
                rationale=draft.rationale,
                parent=parent,
            )
    except (PermissionDenied, ValidationError) as error:
        if isinstance(error, ValidationError):
            pressure_refused(challenge=challenge, design=draft.design)
        form.refuse(error)
        return None
