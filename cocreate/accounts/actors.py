"""Who acts: a signed-in person or an anonymous visitor, the type every service takes."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from .models import User

Actor: TypeAlias = User | AnonymousUser


def signed_in(actor: Actor) -> User:
    """The actor as an account, for a write a rule has already allowed: the rules refuse
    anonymous visitors first, so this only turns the type (and refuses if a rule forgot)."""
    if not isinstance(actor, User):
        raise PermissionDenied
    return actor
