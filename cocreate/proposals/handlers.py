"""What the proposals app does when something happens elsewhere (connected in apps.ready)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest

from cocreate.accounts.models import User

from . import services
from .models import visitor_name


def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """A visitor who logs in keeps the drafts they made before (submitting asks them to)."""
    if request is not None and (visitor := visitor_name(request.COOKIES)):
        services.drafts_adopt(visitor=visitor, user=user)


def connect_all() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="proposals.adopt_drafts")
