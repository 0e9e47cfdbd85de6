"""Reads of the workspace pages and the organization's public page, each owning its joins."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge, Phase
from cocreate.organizations.models import Organization


def workspace_challenges(*, organization: Organization) -> QuerySet[Challenge]:
    """All the organization's challenges, drafts too, newest first, with their proposal count."""
    return (
        Challenge.objects.filter(organization=organization)
        .annotate(proposal_count=Count("proposals"))
        .defer("baseline", "baseline_svg", "baseline_thumbnail_svg", "brief", "brief_html")
        .order_by("-created_at")
    )


def organization_for_page(*, slug: str) -> Organization:
    """The organization behind its public page, or a 404."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404
    return organization


def organization_challenges(*, organization: Organization, user: Actor) -> QuerySet[Challenge]:
    """The organization's published challenges listed to `user` (public ones; private ones to
    its members), newest first, with their cover's address but not its bytes."""
    return (
        Challenge.objects.listed_to(user)
        .filter(organization=organization, published_at__isnull=False)
        .select_related("cover_image")
        .defer("cover_image__data", "baseline", "baseline_svg", "brief", "brief_html")
        .order_by("-published_at")
    )


def challenge_phases(*, challenge: Challenge) -> list[Phase]:
    return list(challenge.phases.order_by("starts_at"))


def phase_for_staff(*, challenge: Challenge, pk: int) -> Phase:
    """A phase of `challenge` (a phase of another challenge is a 404)."""
    phase = Phase.objects.filter(challenge=challenge, pk=pk).first()
    if phase is None:
        raise Http404
    return phase


def proposal_count(*, challenge: Challenge) -> int:
    """How many proposals the challenge has, hidden or withdrawn ones too: each keeps the design
    it started from, whatever happens to the baseline."""
    return challenge.proposals.count()
