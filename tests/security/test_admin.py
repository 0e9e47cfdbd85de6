"""The Django admin as an attacker and an unlucky organization would use it: its sign-in is rate
limited, the demo has no superusers, and what the admin writes goes through the services' rules."""

from __future__ import annotations

import pytest

from ..factories import UserFactory

PASSWORD = "correct horse battery"  # the factory's


@pytest.fixture
def admin_staff(db):
    return UserFactory(username="at-staff", email="staff@at.example.org", is_staff=True)


def _sign_in(client, username: str, password: str, ip: str = "198.51.100.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_admin_sign_in_stops_answering_after_ten_wrong_passwords(client, admin_staff):
    for n in range(10):
        assert _sign_in(client, "at-staff", f"guess {n}").status_code == 200
    response = _sign_in(client, "at-staff", PASSWORD)
    assert not _signed_in(client)
    assert "Too many failed sign-ins" in response.content.decode()


def test_the_name_is_counted_whatever_the_address(client, admin_staff):
    for n in range(10):
        _sign_in(client, "AT-Staff", f"guess {n}", ip=f"203.0.113.{n}")
    _sign_in(client, "at-staff", PASSWORD, ip="192.0.2.1")
    assert not _signed_in(client)


def test_the_address_is_counted_whatever_the_name(client, admin_staff):
    for n in range(30):
        _sign_in(client, f"someone{n}", "guess")
    response = _sign_in(client, "at-staff", PASSWORD)
    assert not _signed_in(client)
    assert "Too many failed sign-ins" in response.content.decode()
    _sign_in(client, "at-staff", PASSWORD, ip="192.0.2.1")  # another address is not held up
    assert _signed_in(client)


def test_only_failures_count(client, admin_staff):
    for _ in range(12):
        client.logout()
        assert _sign_in(client, "at-staff", PASSWORD).status_code == 302
    for n in range(9):
        _sign_in(client, "at-staff", f"guess {n}")
    assert _sign_in(client, "at-staff", PASSWORD).status_code == 302


def test_the_sites_own_sign_in_is_limited_too(client, admin_staff):
    """The same class of door: allauth counts failed sign-ins by address and by email."""
    for n in range(10):
        client.post("/accounts/login/", {"login": admin_staff.email, "password": f"guess {n}"})
    response = client.post("/accounts/login/", {"login": admin_staff.email, "password": PASSWORD})
    assert not _signed_in(client)
    assert response.status_code in {200, 429}
