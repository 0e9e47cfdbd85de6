"""{% follow_button target following %} and {% notification_badge %} for other rooms' pages."""

from __future__ import annotations

from typing import Any

from django import template

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.proposals.models import Proposal

from .. import selectors
from ..forms import follow_target

register = template.Library()


@register.inclusion_tag("notifications/follow_button.html", takes_context=True)
def follow_button(context: Any, target: Any, following: set[str]) -> dict[str, Any]:
    """The Follow / Following toggle; `following` comes from selectors.following, so this
    costs no query."""
    if isinstance(target, Challenge):
        kind = "challenge"
    elif isinstance(target, Proposal):
        kind = "proposal"
    elif isinstance(target, User):
        kind = "person"
    else:
        raise template.TemplateSyntaxError("follow_button takes a challenge, proposal or person")
    request = context.get("request")
    return {
        "kind": kind,
        "pk": target.pk,
        "target": follow_target(kind, target.pk),
        "followed": f"{kind}:{target.pk}" in following,
        "next": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
        "user": context.get("user"),
    }


@register.inclusion_tag("notifications/badge.html", takes_context=True)
def notification_badge(context: Any) -> dict[str, Any]:
    """A link to /notifications/ with the unread count: one query, none for visitors, and
    none on a page whose view already counted (`notification_unread` in its context)."""
    user = context.get("user")
    count = context.get("notification_unread")
    if count is None:
        count = selectors.unread_count(user=user)
    return {"user": user, "count": count}
