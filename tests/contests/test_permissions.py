"""Who reaches which contest page: staff and the owner run it, jurors judge, a judge of another
contest or organization and residents are kept out (404 outside the organization, 403 inside)."""

from __future__ import annotations

import pytest

from cocreate.organizations.models import Role

from ..factories import UserFactory, make_member, make_organization
from .conftest import make_contest, open_round, seat

STAFF = "/manage/auckland-transport/c/best-bus-stop/"


@pytest.fixture
def people(owner, organization, contest, entries):
    (juror,) = seat(owner, contest, 1)
    open_round(owner, contest)
    other_contest = make_contest(owner, organization, slug="best-shelter")
    (other_juror,) = seat(owner, other_contest, 1)
    elsewhere_owner = UserFactory()
    elsewhere = make_organization(elsewhere_owner, slug="wellington")
    return {
        "owner": owner,
        "staff": make_member(organization, Role.STAFF),
        "juror": juror,
        "judge of another contest": other_juror,
        "judge of another organization": make_member(elsewhere, Role.JUDGE),
        "owner of another organization": elsewhere_owner,
        "resident": UserFactory(),
    }


EXPECTED = {
    #                                  contest  judge  judge-proposal  score POST
    "owner": (200, 200, 200, 403),
    "staff": (200, 200, 200, 403),
    "juror": (403, 200, 200, 302),
    "judge of another contest": (403, 403, 403, 403),
    "judge of another organization": (404, 404, 404, 404),
    "owner of another organization": (404, 404, 404, 404),
    "resident": (404, 404, 404, 404),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_permission_matrix(client, people, entries, criteria, who):
    client.force_login(people[who])
    proposal = entries[0]
    got = (
        client.get(f"{STAFF}contest/").status_code,
        client.get(f"{STAFF}judge/").status_code,
        client.get(f"{STAFF}judge/{proposal.pk}/").status_code,
        client.post(f"{STAFF}judge/{proposal.pk}/", {f"score_{criteria[0].pk}": "4"}).status_code,
    )
    assert got == EXPECTED[who]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_staff_posts_refuse_everyone_but_staff(client, people, who):
    client.force_login(people[who])
    status = client.post(f"{STAFF}contest/prizes/", {"title": "Mine"}).status_code
    assert status == (302 if who in {"owner", "staff"} else EXPECTED[who][0])


def test_anonymous_visitors_see_nothing_of_the_staff_pages(client, people, entries):
    for url in (f"{STAFF}contest/", f"{STAFF}judge/", f"{STAFF}judge/{entries[0].pk}/"):
        assert client.get(url).status_code == 404


def test_ideas_challenges_have_no_contest_pages(client, owner, challenge):
    client.force_login(owner)
    assert client.get("/manage/auckland-transport/c/dominion-road/contest/").status_code == 404
    assert client.get("/c/dominion-road/results/").status_code == 404
