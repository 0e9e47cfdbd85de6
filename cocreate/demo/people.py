"""The demo's accounts: found or made, each with a verified address and the demo password, and
each an established member (joined months ago), so a person trying the demo is held to a
regular member's limits rather than a new account's (`moderation/limits.py`)."""

from __future__ import annotations

import zlib
from datetime import timedelta
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

PASSWORD = "cocreate-demo"  # noqa: S105 (the demo password is printed to the user on purpose)


def person(username: str, email: str, *, staff: bool = False) -> Any:
    """A demo person; `staff` may open the admin, where their organization's role scopes what
    they see. Nobody in the demo is a superuser (an earlier demo's owners were: no longer)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        # Joined 30 to 400 days ago, the same for a name on every machine.
        days = 30 + zlib.crc32(username.encode()) % 371
        user = User.objects.create_user(
            username=username,
            email=email,
            is_staff=staff,
            date_joined=timezone.now() - timedelta(days=days),
        )
        User.objects.filter(pk=user.pk).update(password=_password_hash())
        _verified_email(user)
    elif staff and user.is_superuser:
        User.objects.filter(pk=user.pk).update(is_superuser=False)
        user.is_superuser = False
    return user


@cache
def _password_hash() -> str:
    """The demo password hashed once for every account: hashing is slow on purpose, and the
    demo makes fifty accounts with one public password."""
    return make_password(PASSWORD)


def _verified_email(user: Any) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
