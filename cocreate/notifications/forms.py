"""The inbox's query string, the preferences form and the follow button, read at the boundary."""

from __future__ import annotations

from typing import Any

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


class FollowForm(ServiceForm):
    kind = Line(max_length=20, noun="kind")
    pk = WholeNumber()
    action = Line(max_length=20, noun="action")
    next = Line(max_length=MAX_NEXT, noun="address to go back to")
