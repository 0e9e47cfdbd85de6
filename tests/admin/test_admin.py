"""The Django admin for staff: every changelist and change page opens, in constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import UserFactory, make_proposal

PAGES = [
    "/admin/organizations/organization/",
    "/admin/challenges/challenge/",
    "/admin/proposals/proposal/",
    "/admin/accounts/user/",
]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def test_admin_pages_open_in_queries_that_do_not_grow_with_rows(client, challenge, resident):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    proposal = make_proposal(challenge, resident)
    detail = [
        f"/admin/proposals/proposal/{proposal.pk}/change/",
        f"/admin/challenges/challenge/{challenge.pk}/change/",
        f"/admin/organizations/organization/{challenge.organization_id}/change/",
    ]
    for path in PAGES + detail:  # warm the content-type cache the admin fills on first use
        _queries(client, path)
    few = {path: _queries(client, path) for path in PAGES + detail}
    for i in range(49):
        make_proposal(challenge, UserFactory(), title=f"More {i}")
    many = {path: _queries(client, path) for path in PAGES + detail}
    assert many == few


@pytest.mark.parametrize("path", PAGES)
def test_admin_is_for_staff_only(client, resident, path):
    client.force_login(resident)
    assert client.get(path).status_code == 302
