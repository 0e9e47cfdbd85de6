"""People: our own user model from day one, so later issues can add profile fields cleanly."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person. `username` is the public name shown on proposals and supports."""

    class Meta:
        db_table = "accounts_user"
