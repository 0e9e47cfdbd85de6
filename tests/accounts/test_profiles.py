"""A public page per person, honouring their privacy setting and challenges' visibility."""

from __future__ import annotations

import pytest

from cocreate.challenges.models import Visibility
from cocreate.organizations.models import Membership, Role

from ..factories import make_challenge, make_proposal


@pytest.mark.parametrize("rows", [1, 50])
def test_a_profile_lists_proposals_and_remixes_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    first = make_proposal(challenge, resident, title="Original idea")
    for i in range(rows - 1):
        make_proposal(challenge, resident, title=f"Remix {i}", parent=first)
    with django_assert_num_queries(2):
        response = client.get("/u/resident/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 proposal" in html and "Original idea" in html
    assert f"{rows - 1} remix" in html


def test_private_challenges_never_show_on_a_profile_to_outsiders(
    client, owner, organization, resident, other
):
    secret = make_challenge(owner, organization, slug="secret", visibility=Visibility.PRIVATE)
    Membership.objects.create(organization=organization, user=resident, role=Role.STAFF)
    make_proposal(secret, resident, title="Internal plan")
    assert "Internal plan" not in client.get("/u/resident/").content.decode()
    client.force_login(other)
    assert "Internal plan" not in client.get("/u/resident/").content.decode()
    client.force_login(owner)  # a member of the organization sees it
    assert "Internal plan" in client.get("/u/resident/").content.decode()


def test_a_private_profile_is_404_to_others_but_not_to_its_owner(client, resident, other):
    client.force_login(resident)
    response = client.post("/accounts/privacy/", {})
    assert response.status_code == 302
    assert client.get("/u/resident/").status_code == 200
    client.force_login(other)
    assert client.get("/u/resident/").status_code == 404
    client.logout()
    assert client.get("/u/resident/").status_code == 404
    assert client.get("/u/nobody/").status_code == 404
    client.force_login(resident)
    client.post("/accounts/privacy/", {"profile_public": "on"})
    client.logout()
    assert client.get("/u/resident/").status_code == 200
