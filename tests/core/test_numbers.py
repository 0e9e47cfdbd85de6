"""Numbers typed into forms and query strings: only plain ASCII digits, bounded."""

from __future__ import annotations

import pytest

from cocreate.core.numbers import whole_number

from ..factories import make_challenge


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", 0),
        ("²", None),  # "²".isdigit() is true, int("²") fails
        ("١٢", None),  # Arabic-Indic digits
        ("-3", None),
        ("1.5", None),
        ("", None),
        (None, None),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        ("9" * 5000, None),  # never handed to int()
    ],
)
def test_whole_number(text, expected):
    assert whole_number(text) == expected


@pytest.mark.parametrize(
    "url",
    [
        "/u/resident/?page=²",
        "/notifications/?before=²",
        "/notifications/?after=³",
        "/c/talk/compare/?a=²&b=baseline",
        "/c/talk/search/?q=trees&page=²",
    ],
)
def test_odd_digits_in_a_query_string_are_never_a_server_error(
    client, owner, organization, resident, url
):
    make_challenge(owner, organization, slug="talk")
    client.force_login(resident)
    assert client.get(url).status_code < 500


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/notifications/follow/", {"kind": "person", "pk": "²"}),
        ("/o/auckland-transport/moderation/decide/", {"kind": "proposal", "target": "²"}),
    ],
)
def test_odd_digits_in_a_form_are_a_404(client, owner, organization, url, data):
    client.force_login(owner)
    assert client.post(url, data).status_code == 404
