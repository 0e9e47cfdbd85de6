"""The review board: a challenge's proposals for its staff, and answering many at once."""

from __future__ import annotations

from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from cocreate.challenges.models import Challenge
from cocreate.challenges.selectors import challenge_for_staff
from cocreate.core.htmx import redirect
from cocreate.core.idempotency import idempotent

from . import services
from .forms import NO_ANSWER, BoardForm, BulkStatusForm
from .selectors import (
    board_rows,
    board_statuses,
    key_metrics,
    proposals_for_status_change,
)

# The saved views: a name and the query string that shows it.
SAVED_VIEWS = (
    (gettext_lazy("All"), ""),
    (gettext_lazy("Awaiting answer"), urlencode({"status": NO_ANSWER, "sort": "due"})),
    (gettext_lazy("Overdue"), urlencode({"overdue": "1", "sort": "due"})),
    (gettext_lazy("Most supported"), urlencode({"sort": "supported"})),
    (gettext_lazy("Reached the last rung"), urlencode({"rung": "1", "sort": "supported"})),
)


def _board(
    request: HttpRequest,
    challenge: Challenge,
    query: QueryDict,
    *,
    bulk: BulkStatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The board for `query` (its query string), with the bulk form as typed when it was
    refused."""
    statuses = board_statuses(organization=challenge.organization)
    metrics = key_metrics(challenge)
    form = BoardForm(query, statuses=statuses, metrics=metrics)
    sort = form.fallback("sort")
    filters = form.filters()
    found = board_rows(
        challenge=challenge,
        filters=filters,
        sort=sort,
        page=form.fallback("page"),
        metrics=metrics,
        statuses=statuses,
    )
    can_answer = rules.has_perm("board.change_statuses", request.user, challenge)
    if bulk is None and can_answer:
        bulk = BulkStatusForm(statuses=statuses)
    here = query.copy()
    here.pop("page", None)
    view = here.urlencode()
    board_url = reverse("board", args=[challenge.organization.slug, challenge.slug])
    context = {
        "organization": challenge.organization,
        "challenge": challenge,
        "form": form,
        "ignored": form.ignored(),
        "sort": sort,
        "filters": filters,
        "current": {"status": form.fallback("status"), "hidden": filters.hidden},
        "page": found,
        "metrics": metrics,
        "bulk": bulk if can_answer else None,
        "ticked": bulk.ticked() if bulk is not None and bulk.is_bound else set(),
        "view": view,
        "board_url": board_url,
        "saved_views": [
            (name, f"{board_url}?{saved}" if saved else board_url, saved == view)
            for name, saved in SAVED_VIEWS
        ],
        # Reversed once, not per row.
        "proposal_base": reverse("challenge", args=[challenge.slug]) + "p/",
    }
    return render(request, "board/board.html", context, status=status)


@require_GET
def board(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    challenge = challenge_for_staff(
        org=org, slug=slug, user=request.user, permission="board.view_board"
    )
    return _board(request, challenge, request.GET)


@require_POST
@idempotent
def board_status(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    challenge = challenge_for_staff(
        org=org, slug=slug, user=request.user, permission="board.change_statuses"
    )
    form = BulkStatusForm(
        request.POST, statuses=board_statuses(organization=challenge.organization)
    )
    if form.is_valid():
        ids = form.cleaned_data["proposals"]
        proposals = proposals_for_status_change(challenge=challenge, ids=ids)
        if len(proposals) != len(ids):
            form.add_error(
                "proposals",
                _("Some ticked proposals are not on this board; tick them again from it."),
            )
        else:
            try:
                services.proposals_status_change(
                    actor=request.user,
                    challenge=challenge,
                    proposals=proposals,
                    status=form.cleaned_data["new_status"],
                    answer=form.cleaned_data["answer"],
                )
            except (PermissionDenied, ValidationError) as error:
                form.refuse(error)
    query = QueryDict(form.typed("view") or "")
    if form.errors:
        return _board(request, challenge, query, bulk=form, status=form.status)
    changed = len(form.cleaned_data["proposals"])
    messages.success(
        request,
        ngettext(
            "Answered %(n)d proposal: %(status)s.",
            "Answered %(n)d proposals: %(status)s.",
            changed,
        )
        % {"n": changed, "status": form.cleaned_data["new_status"].name},
    )
    back = reverse("board", args=[challenge.organization.slug, challenge.slug])
    return redirect(request, f"{back}?{query.urlencode()}" if query else back)
