"""The comment forms: what a person may type, before the comment services judge it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import Line, ServiceForm, Text, WholeNumber

from .services import MAX_BODY


class CommentEditForm(ServiceForm):
    beside = frozenset({"body", "stance", "part"})

    body = Text(max_length=MAX_BODY, noun="comment")


class CommentForm(CommentEditForm):
    stance = Line(max_length=20, noun="stance")
    part = WholeNumber(error_messages={"invalid": _("Choose one of this design's parts, or none.")})
    parent = WholeNumber(error_messages={"invalid": _("Reply to a comment on this proposal.")})
