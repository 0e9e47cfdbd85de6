"""Reads of challenges, each owning its joins so page query counts stay constant."""

from __future__ import annotations

import rules
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from cocreate.accounts.actors import Actor
from cocreate.organizations.roles import is_member

from .models import Challenge, Phase

PHASES_SECONDS = 3600


def with_phases(queryset: QuerySet[Challenge]) -> QuerySet[Challenge]:
    """Challenges with their organization and dated phases, as every challenge page needs."""
    return queryset.select_related("organization").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at"))
    )


def challenge_for_view(*, slug: str, user: Actor) -> Challenge:
    """The challenge `user` may see; others get a 404, never a 403, so private ones stay secret.
    Checked on the row (`is_visible_to`), not in the query, so a public challenge's page needs
    no user at all (the similar-proposals partial loads none)."""
    try:
        # get(), not first(): the slug is unique, and first() would add an ORDER BY. The cover's
        # address and description come along; its bytes are served by their own URL. Whether
        # the insights summary is public comes in the same row, without the insights themselves.
        challenge = (
            Challenge.objects.select_related("organization", "cover_image", "insights")
            .defer("cover_image__data", "insights__data", "insights__summary", "insights__error")
            .get(slug=slug)
        )
    except Challenge.DoesNotExist:
        raise Http404 from None
    return checked_for_view(challenge, user=user)


def checked_for_view(challenge: Challenge, *, user: Actor) -> Challenge:
    """`challenge`, loaded with its organization, if `user` may see it, else a 404; its phases
    come from the shared cache while the challenge's `activity` stands (a trigger bumps it when
    they change)."""
    if not challenge.is_visible_to(user):
        raise Http404
    key = f"phases:{challenge.pk}:{challenge.created_at.timestamp()}:{challenge.activity}"
    phases: list[Phase] | None = cache.get(key)
    if phases is None:
        phases = list(Phase.objects.filter(challenge=challenge).order_by("starts_at"))
        cache.set(key, phases, PHASES_SECONDS)
    # As prefetch_related leaves them: `challenge.phases.all()` reads these, no query.
    loaded = challenge.phases.all()
    loaded._result_cache, loaded._prefetch_done = phases, True  # type: ignore[attr-defined]
    challenge._prefetched_objects_cache = {"phases": loaded}  # type: ignore[attr-defined]
    return challenge


def challenge_for_staff(*, org: str, slug: str, user: Actor, permission: str) -> Challenge:
    """The challenge behind a staff page (`manage/<org>/c/<slug>/…`), if `permission` allows
    `user` on it: a 404 to people outside its organization (or when the slug names another
    organization's challenge), a 403 to its members without the role."""
    challenge = (
        Challenge.objects.select_related("organization")
        .filter(slug=slug, organization__slug=org)
        .first()
    )
    if challenge is None or not is_member(user, challenge.organization_id):
        raise Http404
    if not rules.has_perm(permission, user, challenge):
        raise PermissionDenied
    return challenge


def challenge_by_pk_for_view(*, pk: int, user: Actor) -> Challenge:
    """As `challenge_for_view`, by id (a follow button names its target by id)."""
    challenge = Challenge.objects.visible_to(user).filter(pk=pk).first()
    if challenge is None:
        raise Http404
    return challenge
