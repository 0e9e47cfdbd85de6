"""The audit log page: an organization's admins read what their people did."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cocreate.accounts.actors import Actor
from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.community.models import Comment
from cocreate.organizations.selectors import organization_for_staff
from cocreate.proposals.models import Proposal

from . import selectors
from .forms import AuditFilterForm
from .models import AuditEntry

Target = tuple[str, int]


def _proposals(user: Actor, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = Proposal.objects.visible_to(user).filter(pk__in=ids).select_related("challenge")
    for row in rows.only("id", "challenge__slug"):
        yield row.pk, reverse("proposal", args=[row.challenge.slug, row.pk])


def _challenges(user: Actor, ids: list[int]) -> Iterable[tuple[int, str]]:
    for pk, slug in Challenge.objects.visible_to(user).filter(pk__in=ids).values_list("id", "slug"):
        yield pk, reverse("challenge", args=[slug])


def _comments(user: Actor, ids: list[int]) -> Iterable[tuple[int, str]]:
    visible = Comment.objects.filter(pk__in=ids, proposal__in=Proposal.objects.visible_to(user))
    for pk, proposal, slug in visible.values_list("id", "proposal_id", "proposal__challenge__slug"):
        yield pk, f"{reverse('proposal', args=[slug, proposal])}#comment-{pk}"


def _people(user: Actor, ids: list[int]) -> Iterable[tuple[int, str]]:
    for pk, username in User.objects.filter(pk__in=ids, is_active=True).values_list(
        "id", "username"
    ):
        yield pk, reverse("profile", args=[username])


# The kinds of target an entry links to. The audit app sits below the apps whose rows it
# names, so the page (an entry point, which may compose any app) asks them, through their own
# visibility rules, which targets still exist and are visible: one query per kind on the page.
LINKS: dict[str, Callable[[Actor, list[int]], Iterable[tuple[int, str]]]] = {
    "proposals.proposal": _proposals,
    "challenges.challenge": _challenges,
    "community.comment": _comments,
    "accounts.user": _people,
}


def _links(entries: list[AuditEntry], user: Actor) -> dict[Target, str]:
    wanted: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        if entry.target_type in LINKS and entry.target_id is not None:
            wanted[entry.target_type].append(entry.target_id)
    return {
        (kind, pk): url
        for kind, ids in wanted.items()
        for pk, url in LINKS[kind](user, sorted(set(ids)))
    }


@require_GET
def audit_log(request: HttpRequest, org: str) -> HttpResponse:
    organization = organization_for_staff(slug=org, user=request.user, permission="audit.view_log")
    choices = selectors.audit_choices(organization_id=organization.pk)
    form = AuditFilterForm(request.GET, choices=choices)
    page = selectors.audit_page(
        organization_id=organization.pk, filters=form.filters(), before=form.fallback("before")
    )
    links = _links(page.entries, request.user)
    context: dict[str, Any] = {
        "organization": organization,
        "form": form,
        "rows": [(e, links.get((e.target_type, e.target_id or 0))) for e in page.entries],
        "older": form.query(before=page.older) if page.older else None,
        "paged": bool(form.data.get("before")),
        "newest": form.query(),
        "filtered": any(form.data.get(name) for name in form.beside),
    }
    refused = any(name in form.errors for name in form.beside)
    return render(request, "audit/log.html", context, status=400 if refused else 200)
