"""``{% error_summary %}``: the box above a refused form, as the GOV.UK Design System draws it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS

register = template.Library()

Errors = Mapping[str, Iterable[Any]]


def problems(errors: Errors, targets: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each message with the id of the field it is about ("" when it is about no field on the
    page), the form's own messages first, then the fields' in the order the page shows them."""
    order = [NON_FIELD_ERRORS, *targets, *errors]
    return [
        (targets.get(name, ""), str(message))
        for name in dict.fromkeys(order)
        for message in errors.get(name, ())
    ]


@register.inclusion_tag("forms/error_summary.html")
def error_summary(source: forms.BaseForm | Errors | None, ids: str = "") -> dict[str, Any]:
    """The box titled "There is a problem", focused on load, each message a link to its field.
    `source` is a Django form (its fields' ids are known) or the messages by field name of a
    hand-written form, whose field ids `ids` names: ``"body=comment-body part=comment-part"``."""
    if isinstance(source, forms.BaseForm):
        targets = {
            name: source[name].id_for_label
            for name, field in source.fields.items()
            if not field.widget.is_hidden
        }
        return {"problems": problems(source.errors, targets)}
    targets = dict(pair.split("=", 1) for pair in ids.split())
    return {"problems": problems(source or {}, targets)}
