"""Decisions' panels on other rooms' pages, each running its own selector:
``{% staff_answer_form proposal %}`` and ``{% proposal_answer proposal %}`` on the proposal page,
``{% challenge_record challenge %}`` on the challenge page and
``{% response_record_panel organization %}`` for the organization's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django import template
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from cocreate.challenges.models import Challenge
from cocreate.organizations.models import Organization
from cocreate.proposals.models import Proposal

from .. import selectors
from ..forms import answer_form_context
from ..models import Decision
from ..record import Record

register = template.Library()

# The answers and records may lag by this much behind a status renamed or a promise run out;
# a new answer changes the proposal's and its challenge's `activity`, part of the keys.
CACHE_SECONDS = 300
# The month-by-month chart's drawing box (SVG user units).
CHART_HEIGHT, BAR_WIDTH, BAR_GAP, LABEL_ROOM = 96, 28, 10, 18


@register.inclusion_tag("decisions/answer_form.html", takes_context=True)
def staff_answer_form(context: Any, proposal: Proposal) -> dict[str, Any]:
    """The answer form, for those who may answer this proposal (one query: the statuses)."""
    user = context.get("user")
    if user is None or not rules.has_perm("decisions.answer_proposal", user, proposal):
        return {"shown": False}
    statuses = selectors.statuses_for_answer(organization_id=proposal.challenge.organization_id)
    found = answer_form_context(proposal, statuses=statuses)
    return {**found, "shown": True, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("decisions/answer_public.html")
def proposal_answer(proposal: Proposal) -> dict[str, Any]:
    """The latest public answer and the earlier ones; or, while none is given, the promise.
    The answers are read once per version of the proposal's `activity` (a hit: no query)."""
    answers: list[Decision] = []
    if proposal.answer_status_id is not None:
        key = (
            f"proposal-answers:{proposal.pk}:{proposal.created_at.timestamp()}"
            f":{proposal.activity}:{get_language()}"
        )
        found: list[Decision] | None = cache.get(key)
        if found is None:
            found = selectors.answers_of(proposal=proposal)
            cache.set(key, found, CACHE_SECONDS)
        answers = found
    now = timezone.now()
    awaiting = proposal.first_answered_at is None and proposal.review_due is not None
    return {
        "proposal": proposal,
        "latest": answers[0] if answers else None,
        "earlier": answers[1:],
        "awaiting": awaiting,
        "overdue": awaiting and proposal.review_due is not None and proposal.review_due < now,
    }


@dataclass(frozen=True, slots=True)
class Bar:
    """One month's bar: answers within the promise stacked under the late ones."""

    x: int
    within_y: float
    within_height: float
    late_y: float
    late_height: float
    label: str
    title: str


def _chart(record: Record) -> dict[str, Any]:
    scale = (CHART_HEIGHT - LABEL_ROOM) / record.tallest
    bars = []
    for n, month in enumerate(record.months):
        within, late = month.within * scale, month.late * scale
        base = CHART_HEIGHT - LABEL_ROOM
        bars.append(
            Bar(
                x=n * (BAR_WIDTH + BAR_GAP),
                within_y=base - within,
                within_height=within,
                late_y=base - within - late,
                late_height=late,
                label=month.start.strftime("%b"),
                title=f"{month.start:%B %Y}: {month.within} within, {month.late} late",
            )
        )
    width = max(len(bars) * (BAR_WIDTH + BAR_GAP) - BAR_GAP, BAR_WIDTH)
    return {"bars": bars, "width": width, "height": CHART_HEIGHT, "bar_width": BAR_WIDTH,
            "label_y": CHART_HEIGHT - 4, "base": CHART_HEIGHT - LABEL_ROOM}  # fmt: skip


def _panel(record: Record, *, scope: str, challenge: Challenge | None = None) -> dict[str, Any]:
    return {
        "record": record,
        "scope": scope,
        "chart": _chart(record),
        "promise_days": challenge.answer_days if challenge else None,
        "promise_trigger": challenge.answer_trigger if challenge else None,
    }


@register.inclusion_tag("decisions/record.html")
def challenge_record(challenge: Challenge) -> dict[str, Any]:
    """The challenge's response record, computed once per version of its `activity`."""
    key = f"response-record:challenge:{challenge.pk}:{challenge.created_at.timestamp()}"
    key += f":{challenge.activity}"
    record: Record | None = cache.get(key)
    if record is None:
        record = selectors.response_record(challenge=challenge)
        cache.set(key, record, CACHE_SECONDS)
    return _panel(record, scope=f"challenge-{challenge.pk}", challenge=challenge)


@register.inclusion_tag("decisions/record.html")
def response_record_panel(organization: Organization) -> dict[str, Any]:
    """The organization's response record over its public challenges (kept CACHE_SECONDS)."""
    key = f"response-record:organization:{organization.pk}:{organization.created_at.timestamp()}"
    record: Record | None = cache.get(key)
    if record is None:
        record = selectors.response_record(organization=organization)
        cache.set(key, record, CACHE_SECONDS)
    return _panel(record, scope=f"organization-{organization.pk}")
