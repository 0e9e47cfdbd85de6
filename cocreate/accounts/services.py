"""Writes on a person's own settings."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .actors import Actor, signed_in
from .models import Units, User


@transaction.atomic
def user_set_units(*, actor: Actor, units: str) -> User:
    """Remember metric or imperial display for the person signed in."""
    if not rules.has_perm("accounts.change_own_settings", actor):
        raise PermissionDenied
    actor = signed_in(actor)  # the rule refused anonymous visitors
    if units not in Units.values:
        raise ValidationError({"units": _("Choose metric or imperial.")})
    User.objects.filter(pk=actor.pk).update(units=units)
    actor.units = units
    return actor


@transaction.atomic
def user_set_privacy(*, actor: Actor, profile_public: bool) -> User:
    """Show or hide the person's public profile page (their proposals stay where they are)."""
    if not rules.has_perm("accounts.change_own_settings", actor):
        raise PermissionDenied
    actor = signed_in(actor)  # the rule refused anonymous visitors
    User.objects.filter(pk=actor.pk).update(profile_public=profile_public)
    actor.profile_public = profile_public
    return actor
