"""The inbox's query string, the preferences form and the follow button, read at the boundary."""

from __future__ import annotations

from typing import Any

from django.core import signing

from cocreate.core.forms import Line, ServiceForm, WholeNumber

from .models import Kind

MAX_NEXT = 2000  # a path on this site; anything longer is not one


class InboxForm(ServiceForm):
    """``?before=`` / ``?after=``: a notification id; anything odd means no cursor."""

    before = WholeNumber()
    after = WholeNumber()


class PreferencesForm(ServiceForm):
    """One frequency per kind of notification; a kind the post leaves out keeps its setting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind.values:
            self.fields[kind] = Line(max_length=20, noun="frequency")

    def chosen(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in Kind.values if kind in self.data}


_TARGETS = signing.Signer(salt="cocreate.notifications.follow")


def follow_target(kind: str, pk: int) -> str:
    """What a follow button posts to name its target: the kind and id, signed. Only a page that
    shows the target shows the button, so no one can probe ids: any other value is refused as
    a missing target is, whether that id is unlisted, private or not there at all."""
    return _TARGETS.sign(f"{kind}:{pk}")


class FollowForm(ServiceForm):
    target = Line(max_length=200, noun="target")
    action = Line(max_length=20, noun="action")
    next = Line(max_length=MAX_NEXT, noun="address to go back to")

    def named(self) -> tuple[str, int] | None:
        """The (kind, id) a follow button named; None for anything no button posts."""
        try:
            kind, pk = _TARGETS.unsign(self.fallback("target")).split(":")
            return kind, int(pk)
        except (signing.BadSignature, ValueError):
            return None
