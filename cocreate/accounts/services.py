"""Writes on a person's own settings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Units, User


@transaction.atomic
def user_set_units(*, actor: Any, units: str) -> User:
    """Remember metric or imperial display for the person signed in."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if units not in Units.values:
        raise ValidationError({"units": _("Choose metric or imperial.")})
    User.objects.filter(pk=actor.pk).update(units=units)
    actor.units = units
    return actor  # type: ignore[no-any-return]


@transaction.atomic
def user_set_privacy(*, actor: Any, profile_public: bool) -> User:
    """Show or hide the person's public profile page (their proposals stay where they are)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    User.objects.filter(pk=actor.pk).update(profile_public=profile_public)
    actor.profile_public = profile_public
    return actor  # type: ignore[no-any-return]
