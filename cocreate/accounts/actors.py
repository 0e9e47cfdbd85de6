"""Who acts: a signed-in person or an anonymous visitor, the type every service takes."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from .models import User

Actor: TypeAlias = User | AnonymousUser
