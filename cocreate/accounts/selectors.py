"""Reads for people's public pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from cocreate.challenges.models import Visibility
from cocreate.organizations.roles import roles_of
from cocreate.proposals.models import Proposal

from .models import User


def profile_for_view(*, username: str, viewer: Any) -> User:
    """A person's page: 404 when there is no such person or they keep it private (they always
    see their own)."""
    person = User.objects.filter(username=username, is_active=True).first()
    if person is None or (not person.profile_public and person.pk != viewer.pk):
        raise Http404
    return person


def profile_proposals(*, person: User, viewer: Any) -> list[Proposal]:
    """The person's proposals the viewer may see: in public challenges, or in challenges of the
    viewer's organizations (never an unlisted or private challenge to anyone else)."""
    visible = Q(challenge__visibility=Visibility.PUBLIC) | Q(
        challenge__organization_id__in=list(roles_of(viewer))
    )
    return list(
        Proposal.objects.filter(visible, author=person)
        .select_related("challenge")
        .only(
            "id", "title", "status", "support_count", "created_at", "thumbnail_svg", "parent_id",
            "challenge__slug", "challenge__title",
        )
        .order_by("-created_at", "-id")[:100]
    )  # fmt: skip
