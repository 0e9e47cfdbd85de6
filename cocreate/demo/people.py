"""The demo's accounts: found or made, each with a verified address and the demo password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

PASSWORD = "cocreate-demo"  # noqa: S105 (the demo password is printed to the user on purpose)


def person(username: str, email: str, *, staff: bool = False) -> Any:
    """A demo person; `staff` may open the admin, where their organization's role scopes what
    they see. Nobody in the demo is a superuser (an earlier demo's owners were: no longer)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, email=email, password=PASSWORD, is_staff=staff
        )
        _verified_email(user)
    elif staff and user.is_superuser:
        User.objects.filter(pk=user.pk).update(is_superuser=False)
        user.is_superuser = False
    return user


def _verified_email(user: Any) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
