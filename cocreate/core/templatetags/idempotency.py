"""``{% idempotency_field %}``: the hidden key that makes a form's creating POST happen once."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cocreate.core.idempotency import FIELD, new_key

register = template.Library()


@register.simple_tag
def idempotency_field() -> SafeString:
    """A new key per drawing of the form: a double click sends it twice, a new page a new one."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
