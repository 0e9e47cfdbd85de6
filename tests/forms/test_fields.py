"""The field types every form reads input through: text that refuses what nobody types, numbers
read the one safe way, and the adapter that puts a service's refusal on the form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cocreate.core.forms import Line, Number, PageField, ServiceForm, Text, WholeNumber
from cocreate.core.numbers import decimal_number


class Form(ServiceForm):
    beside = frozenset({"title"})

    title = Line(max_length=10, noun="title")
    body = Text(max_length=20, noun="comment")
    count = WholeNumber()
    page = PageField(last=5)
    amount = Number(places=2, above=0, at_most=100)


def test_clean_text_passes_with_line_breaks_made_plain():
    form = Form({"title": " Trees ", "body": "one\r\ntwo\tthree\rfour"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Trees"
    assert form.cleaned_data["body"] == "one\ntwo\tthree\nfour"


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("title", "a\x00b", "The title contains a NUL character"),
        ("body", "a\x00b", "The comment contains a NUL character"),
        ("title", "a\nb", "control character (U+000A)"),  # one line means one line
        ("title", "a\tb", "control character (U+0009)"),
        ("body", "a\x1bb", "control character (U+001B)"),
        ("body", "a\x7fb", "control character (U+007F)"),
        ("title", "x" * 11, "Keep the title under 10 characters (it has 11)"),
        ("body", "x" * 5000, "Keep the comment under 20 characters (it has 5,000)"),
    ],
)
def test_text_refuses_what_nobody_types_naming_the_field(field, value, says):
    form = Form({field: value})
    assert not form.is_valid()
    assert says in " ".join(form.messages(field))


def test_a_truncating_line_keeps_the_first_words():
    field = Line(max_length=5, truncate=True)
    assert field.clean("abcdefgh") == "abcde"
    with pytest.raises(ValidationError):
        field.clean("ab\x00c")


@pytest.mark.parametrize("value", ["-1", "1.5", "²", "NaN", "1e3", "9" * 19, "x"])
def test_whole_numbers_are_ascii_digits_only(value):
    assert not Form({"count": value}).is_valid()


@pytest.mark.parametrize(("value", "page"), [("3", 3), ("", 1), ("0", 1), ("6", 1), ("-2", 1)])
def test_an_odd_page_is_the_first(value, page):
    assert Form({"page": value}).fallback("page") == page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.5", Decimal("2.5")),
        ("2,5", Decimal("2.5")),
        (" 1e2 ", Decimal("100")),
        ("NaN", None),
        ("-inf", None),
        ("Infinity", None),
        ("1e999999", None),  # overflow is refused before any arithmetic
        ("9" * 16, None),
        ("1" * 41, None),
        ("١٢", None),
        ("", None),
        (None, None),
    ],
)
def test_decimal_number_is_the_one_reader(text, expected):
    assert decimal_number(text) == expected


def test_decimal_number_rounds_before_callers_check_bounds():
    assert decimal_number("0.0004", places=3) == 0
    assert decimal_number("1.23456", places=2) == Decimal("1.23")


@pytest.mark.parametrize("value", ["0", "0.001", "-5", "100.01", "NaN", "inf", "1e999", "lots"])
def test_numbers_out_of_bounds_or_unreadable_are_refused(value):
    form = Form({"amount": value})
    assert not form.is_valid()
    assert "amount" in form.errors


def test_refuse_puts_field_messages_beside_their_field_and_the_rest_above():
    form = Form({"title": "ok"})
    assert form.is_valid()
    form.refuse(ValidationError({"title": ["Taken."], "body": ["Too rude."], "x": ["Odd."]}))
    assert form.messages("title") == ["Taken."]
    assert form.above() == ["Too rude.", "Odd."]
    assert form.status == 400


def test_refuse_for_permission_is_a_403_with_a_message():
    form = Form({})
    form.refuse(PermissionDenied())
    assert form.status == 403
    assert form.above() == ["You can't do that here."]


def test_typed_shows_back_what_was_typed_when_it_is_refused():
    form = Form({"title": "x" * 50, "body": " fine "})
    form.is_valid()
    assert form.typed("title") == "x" * 50
    assert form.typed("body") == "fine"
