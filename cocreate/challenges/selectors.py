"""Reads of challenges, each owning its joins so page query counts stay constant."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from .models import Challenge, Phase, Visibility


def _with_phases(queryset: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return queryset.select_related("organization").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at"))
    )


def challenge_list_public() -> list[Challenge]:
    """Public challenges for the home page, newest first, with their proposal counts."""
    return list(
        _with_phases(Challenge.objects.filter(visibility=Visibility.PUBLIC))
        .annotate(proposal_total=Count("proposals"))
        .defer("baseline", "baseline_svg", "brief", "brief_html")
    )


def challenge_for_view(*, slug: str, user: Any) -> Challenge:
    """The challenge `user` may see; others get a 404, never a 403, so private ones stay secret."""
    try:
        # get(), not first(): the slug is unique, and first() would add an ORDER BY.
        challenge = _with_phases(Challenge.objects.all()).get(slug=slug)
    except Challenge.DoesNotExist:
        raise Http404 from None
    if not rules.has_perm("challenges.view_challenge", user, challenge):
        raise Http404
    return challenge
