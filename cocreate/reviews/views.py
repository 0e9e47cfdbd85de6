"""The scorecard editor, reviewer assignment, score sheets and results: each goes through the
staff door first, reads input through a form, calls a service or selector, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_staff
from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.forms import Line, ServiceForm
from cocreate.core.htmx import redirect
from cocreate.core.idempotency import idempotent
from cocreate.organizations.roles import is_staff_of
from cocreate.proposals.toolkit_view import metric_rows

from . import selectors, services
from .forms import AssignForm, CriterionChangeForm, CriterionForm, ScoreForm
from .models import Criterion, CriterionKind
from .services import comment_field, score_field


def _door(request: HttpRequest, org: str, slug: str, permission: str) -> Challenge:
    return challenge_for_staff(org=org, slug=slug, user=request.user, permission=permission)


def _base(challenge: Challenge, current: str) -> dict[str, Any]:
    return {"challenge": challenge, "organization": challenge.organization, "current": current}


@require_http_methods(["GET", "POST"])
@idempotent(when=lambda request: request.method == "POST")
def scorecard(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    """The scorecard editor; a POST adds a criterion."""
    challenge = _door(request, org, slug, "reviews.change_scorecard")
    form = CriterionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.criterion_add(
                    actor=request.user, challenge=challenge, **form.service_fields()
                )
            except (PermissionDenied, ValidationError) as error:
                form.refuse(error)
        if not form.errors:
            messages.success(request, _("Criterion added to the scorecard."))
            return redirect(request, request.path)
    return _scorecard_page(request, challenge, added=form, status=form.status)


FIELDS = ("name", "description", "weight", "kind", "metric", "direction")
FRESH = {
    "name": "",
    "description": "",
    "weight": "1",
    "kind": "scored",
    "metric": "",
    "direction": "more",
}


def _stored(criterion: Criterion) -> dict[str, str]:
    return {
        "name": criterion.name,
        "description": criterion.description,
        "weight": str(criterion.weight),
        "kind": criterion.kind,
        "metric": criterion.metric,
        "direction": "more" if criterion.higher_is_better else "less",
    }


def _typed(form: CriterionForm) -> dict[str, str]:
    """What was typed, shown back as it was so nothing is lost."""
    return {name: str(form[name].value() or "") for name in FIELDS}


def _scorecard_page(
    request: HttpRequest,
    challenge: Challenge,
    *,
    added: CriterionForm | None = None,
    changed: CriterionChangeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    criteria = selectors.scorecard(challenge=challenge)
    total = sum(c.weight for c in criteria) or 1
    changed_pk = changed.cleaned_data.get("criterion") if changed else None
    rows = []
    for criterion in criteria:
        mine = changed if changed is not None and criterion.pk == changed_pk else None
        rows.append(
            {
                "criterion": criterion,
                "prefix": f"c{criterion.pk}",
                "share": round(100 * criterion.weight / total),
                "values": _typed(mine) if mine else _stored(criterion),
                "errors": {name: mine.messages(name) for name in FIELDS} if mine else {},
            }
        )
    added = added or CriterionForm()
    context = {
        **_base(challenge, "scorecard"),
        "rows": rows,
        "metrics": selectors.metric_choices(challenge=challenge),
        "kinds": CriterionKind.choices,
        "added_values": _typed(added) if added.is_bound else FRESH,
        "added_errors": {name: added.messages(name) for name in FIELDS},
        "added_above": added.above(),
        "changed": changed,
        "changed_above": changed.above() if changed else [],
    }
    return render(request, "reviews/scorecard.html", context, status=status)


@require_POST
def scorecard_change(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    """Save, remove or move one criterion."""
    challenge = _door(request, org, slug, "reviews.change_scorecard")
    form = CriterionChangeForm(request.POST)
    form.is_valid()
    criterion = selectors.criterion_for_staff(
        challenge=challenge, pk=form.cleaned_data.get("criterion")
    )
    op = form.cleaned_data.get("op")
    if not form.errors:
        try:
            if op == "save":
                services.criterion_change(
                    actor=request.user, criterion=criterion, **form.service_fields()
                )
            elif op == "remove":
                services.criterion_remove(actor=request.user, criterion=criterion)
            else:
                offset = -1 if op == "up" else 1
                services.criterion_move(actor=request.user, criterion=criterion, offset=offset)
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _scorecard_page(request, challenge, changed=form, status=form.status)
    done = {
        "save": _("Criterion saved."),
        "remove": _("Criterion removed, with the scores given on it."),
    }.get(op or "", _("Scorecard reordered."))
    messages.success(request, done)
    return redirect(request, reverse("scorecard", args=[org, slug]))


@require_http_methods(["GET", "POST"])
@idempotent(when=lambda request: request.method == "POST")
def reviewers(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    """Reviewers with their load; a POST assigns (or unassigns) one reviewer to the ticked
    proposals."""
    challenge = _door(request, org, slug, "reviews.assign_reviewers")
    form = AssignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        proposals = selectors.challenge_proposals(
            challenge=challenge, pks=form.cleaned_data["proposals"]
        )
        if _assign(request, form, proposals):
            return redirect(request, request.path)
    bound = form.is_bound
    context = {
        **_base(challenge, "reviewers"),
        "page": selectors.reviewers_page(challenge=challenge),
        "above": form.above(),
        "reviewer_errors": form.messages("reviewer"),
        "proposals_errors": form.messages("proposals"),
        # What was chosen and ticked, shown back after a refusal.
        "chosen": form.typed("reviewer") if bound else None,
        "ticked": set(form.typed("proposals") or []) if bound else set(),
    }
    return render(request, "reviews/reviewers.html", context, status=form.status)


def _assign(request: HttpRequest, form: AssignForm, proposals: list[Any]) -> bool:
    """Run the assignment the form asks for; True when done (with a message), False when the
    form now holds why not."""
    reviewer = selectors.person(pk=form.cleaned_data["reviewer"])
    if reviewer is None:
        form.add_error("reviewer", _("Choose a reviewer from the list."))
        return False
    try:
        if form.cleaned_data["op"] == "assign":
            done = len(
                services.reviewer_assign(actor=request.user, reviewer=reviewer, proposals=proposals)
            )
            text = ngettext(
                "%(who)s assigned to %(n)s proposal.",
                "%(who)s assigned to %(n)s proposals.",
                done,
            )
        else:
            done = services.reviewer_unassign(
                actor=request.user, reviewer=reviewer, proposals=proposals
            )
            text = ngettext(
                "%(who)s unassigned from %(n)s proposal.",
                "%(who)s unassigned from %(n)s proposals.",
                done,
            )
    except (PermissionDenied, ValidationError) as error:
        form.refuse(error)
        return False
    messages.success(request, text % {"who": reviewer.username, "n": done})
    return True


@require_POST
@idempotent
def proposal_reviewers(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    """The proposal page's “Assign reviewer” and “Unassign” buttons."""
    challenge = _door(request, org, slug, "reviews.assign_reviewers")
    proposals = selectors.challenge_proposals(challenge=challenge, pks=[pk])
    if not proposals:
        raise Http404
    back = reverse("proposal", args=[challenge.slug, pk]) + "#reviews"
    form = AssignForm(request.POST)
    if form.is_valid() and _assign(request, form, proposals):
        return redirect(request, back)
    errors = [message for name in form.errors for message in form.messages(name)]
    context = {**_base(challenge, ""), "errors": errors, "back": back}
    return render(request, "reviews/refused.html", context, status=form.status)


@require_http_methods(["GET", "POST"])
def proposal_score(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    """A reviewer's score sheet for one proposal (staff may score too)."""
    challenge = _door(request, org, slug, "reviews.review")
    proposal = selectors.proposal_for_scoring(challenge=challenge, pk=pk, user=request.user)
    criteria = selectors.scorecard(challenge=challenge)
    form = ScoreForm(request.POST if request.method == "POST" else None, criteria=criteria)
    changed = 0
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.score_set(
                    actor=request.user, proposal=proposal, scores=form.scores()
                )
            except (PermissionDenied, ValidationError) as error:
                form.refuse(error)
        if not form.errors:
            messages.success(
                request,
                _("Scores saved.") if changed else _("Nothing changed: your scores stand."),
            )
            return redirect(request, request.path)
    evaluation = proposal.evaluation or {}
    toolkit = toolkit_for(challenge)
    context = {
        **_base(challenge, "score"),
        "proposal": proposal,
        "sheet": _sheet(
            selectors.score_sheet(proposal=proposal, reviewer=request.user, criteria=criteria),
            form,
        ),
        "above": form.above(),
        "scale": SCALE,
        "has_scored": bool(form.scored),
        "staff": is_staff_of(request.user, challenge.organization_id),
        "findings": evaluation.get("findings", []),
        "metrics": metric_rows(toolkit, evaluation.get("metrics", {})),
        "toolkit": toolkit,
    }
    return render(request, "reviews/score.html", context, status=form.status)


SCALE = [
    ("1", _lazy("poor")),
    ("2", _lazy("weak")),
    ("3", _lazy("fair")),
    ("4", _lazy("good")),
    ("5", _lazy("excellent")),
]


def _sheet(lines: list[selectors.SheetLine], form: ScoreForm) -> list[dict[str, Any]]:
    """Each line with the score and comment to show (as typed, after a refusal) and its
    messages."""
    rows = []
    for line in lines:
        pk = line.criterion.pk
        value, comment = str(line.value or ""), line.comment
        if form.is_bound and line.criterion.kind == CriterionKind.SCORED:
            value = str(form[score_field(pk)].value() or "")
            comment = str(form[comment_field(pk)].value() or "")
        errors = form.messages(score_field(pk)) + form.messages(comment_field(pk))
        rows.append({"line": line, "value": value, "comment": comment, "errors": errors})
    return rows


class SortForm(ServiceForm):
    sort = Line(max_length=20, noun="sort", initial="total")
    show = Line(max_length=20, noun="show", initial="scored")


@require_GET
def scores(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    """Results for staff: totals, spread and agreement, sortable."""
    challenge = _door(request, org, slug, "reviews.view_scores")
    form = SortForm(request.GET)
    sort = form.fallback("sort")
    if sort not in selectors.SORTS:
        sort = "total"
    show = "all" if form.fallback("show") == "all" else "scored"
    context = {
        **_base(challenge, "scores"),
        "results": selectors.results(challenge=challenge, sort=sort, scored_only=show == "scored"),
        "sort": sort,
        "show": show,
        "sorts": [
            ("total", _("Highest total")),
            ("agreement", _("Least agreement")),
            ("newest", _("Newest")),
        ],
    }
    return render(request, "reviews/scores.html", context)
