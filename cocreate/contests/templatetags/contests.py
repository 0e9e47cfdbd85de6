"""``{% challenge_contest challenge %}``: the contest's box on its challenge page (prizes,
jury, rounds, criteria, the vote while it is open, the link to the results once published)."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from cocreate.challenges.models import Challenge
from cocreate.contests.selectors import contest_panel

register = template.Library()


@register.inclusion_tag("contests/panel.html", takes_context=True)
def challenge_contest(context: template.Context, challenge: Challenge) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user") or AnonymousUser()
    return {
        "challenge": challenge,
        "panel": contest_panel(challenge, user=user),
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }
