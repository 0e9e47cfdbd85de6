"""The Django admin as an attacker and an unlucky organization would use it: its sign-in is rate
limited, the demo has no superusers, and what the admin writes goes through the services' rules."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge, Phase
from cocreate.organizations.models import Role

from ..factories import (
    UserFactory,
    make_challenge,
    make_member,
    make_organization,
    make_proposal,
)

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


class _Form(HTMLParser):
    """What a browser would post from the admin's form: every named field with its value."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name and a.get("type") not in {"submit", "button"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data[name] = a.get("value") or ("on" if a.get("type") == "checkbox" else "")
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def _form(client, path: str, **changes: str) -> dict[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = _Form()
    parser.feed(response.content.decode())
    return {**parser.data, **changes}


def _staff_of(organization, role: Role = Role.STAFF) -> User:
    """A member of `organization` who may open the admin."""
    return make_member(organization, role, username="org-staff", is_staff=True)


def _add_challenge(client, **fields: str):
    """Post the admin's add form for a Dominion Road challenge with these fields."""
    path = "/admin/challenges/challenge/add/"
    return client.post(path, _form(client, path, toolkit_id="dominion-road", **fields))


@pytest.fixture
def rival(db):
    """Another organization, its own challenge and a staff member."""
    founder = UserFactory(username="rival-owner")
    organization = make_organization(founder, slug="rival-transport")
    return make_challenge(founder, organization, slug="rival-road")


def test_the_demo_has_no_superuser_and_its_owners_run_only_their_own(db, client):
    from cocreate.demo.seed import seed

    seed(people=8, proposals=5)
    assert not User.objects.filter(is_superuser=True).exists()
    owner = User.objects.get(username="at-staff")
    assert owner.is_staff
    client.force_login(owner)
    listed = client.get("/admin/challenges/challenge/").content.decode()
    assert "Dominion Road" in listed
    assert "cargo bike" not in listed
    cargo = Challenge.objects.get(slug="cargo-bike")
    assert client.get(f"/admin/challenges/challenge/{cargo.pk}/change/").status_code == 302
    assert client.get("/admin/accounts/user/").status_code == 403


def test_adding_a_challenge_goes_through_the_service(client, owner, organization):
    owner.is_staff = True
    owner.save(update_fields=["is_staff"])
    client.force_login(owner)
    response = _add_challenge(
        client,
        organization=str(organization.pk),
        slug="k-road",
        title="Karangahape Road",
        brief="Design **K Road**.",
        support_ladder='[{"supporters": 5, "days": 30}]',
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    challenge = Challenge.objects.get(slug="k-road")
    assert challenge.toolkit_version >= 1
    assert challenge.baseline["parts"]
    assert challenge.baseline_svg.startswith("<svg")
    assert "<strong>K Road</strong>" in challenge.brief_html


def test_a_challenge_is_added_only_to_ones_own_organization(client, organization, rival):
    staff = _staff_of(organization)
    client.force_login(staff)
    response = _add_challenge(
        client, organization=str(rival.organization_id), slug="sneaky", title="Sneaky"
    )
    assert response.status_code == 200
    assert not Challenge.objects.filter(slug="sneaky").exists()


def test_a_ladder_whose_rungs_shrink_is_refused(client, challenge, organization):
    staff = _staff_of(organization)
    client.force_login(staff)
    path = f"/admin/challenges/challenge/{challenge.pk}/change/"
    ladder = '[{"supporters": 100, "days": 60}, {"supporters": 10, "days": 365}]'
    response = client.post(path, _form(client, path, support_ladder=ladder))
    assert response.status_code == 200
    assert "rung 2" in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.support_ladder == []


def test_a_bad_ladder_already_stored_breaks_no_page(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident)
    bad = [{"supporters": 100, "days": 60}, {"supporters": 10, "days": 365}]
    Challenge.objects.filter(pk=challenge.pk).update(support_ladder=bad)
    assert client.get(f"/c/{challenge.slug}/p/{proposal.pk}/").status_code == 200
    client.force_login(other)
    response = client.post(f"/c/{challenge.slug}/p/{proposal.pk}/support/")
    assert response.status_code in {200, 302}
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def _phases(data: dict[str, str], *phases: tuple[str, int, int], now: datetime) -> dict[str, str]:
    """Add new inline phases (name, starts and ends, in days after `now`) to the posted form."""
    first = int(data["phases-TOTAL_FORMS"])
    for n, (name, start, end) in enumerate(phases, start=first):
        for field, days in (("starts_at", start), ("ends_at", end)):
            moment = timezone.localtime(now + timedelta(days=days))
            data[f"phases-{n}-{field}_0"] = moment.strftime("%Y-%m-%d")
            data[f"phases-{n}-{field}_1"] = moment.strftime("%H:%M:%S")
        data[f"phases-{n}-name"] = name
        data[f"phases-{n}-actions"] = json.dumps(["review"])
    data["phases-TOTAL_FORMS"] = str(first + len(phases))
    return data


def test_overlapping_phases_are_refused(client, challenge, organization):
    """The challenge runs "Open" for 30 days from a day ago (the factory's), ending at a moment
    with microseconds, which the admin's form shows to the second."""
    client.force_login(_staff_of(organization))
    path = f"/admin/challenges/challenge/{challenge.pk}/change/"
    ends = challenge.phases.get().ends_at
    assert ends.microsecond
    month_before = ends.replace(microsecond=0) - timedelta(days=30)
    for phases in (
        [("Review", 20, 60)],
        [("Review", 40, 60), ("Late", 50, 70)],
        [("Review", 30, 60)],  # starts within the second "Open" ends in (was a 500 on PostgreSQL)
    ):
        response = client.post(path, _phases(_form(client, path), *phases, now=month_before))
        assert response.status_code == 200
        assert "must not overlap" in response.content.decode()
        assert list(challenge.phases.values_list("name", flat=True)) == ["Open"]
    response = client.post(path, _phases(_form(client, path), ("Review", 31, 60), now=ends))
    assert response.status_code == 302
    whole_second = month_before + timedelta(days=30)
    challenge.phases.filter(name="Open").update(ends_at=whole_second)
    response = client.post(path, _phases(_form(client, path), ("Bonus", 30, 31), now=month_before))
    assert response.status_code == 302  # meeting end to start is no overlap
    assert Phase.objects.filter(challenge=challenge).count() == 3


def test_an_organization_sees_and_changes_only_its_own(client, challenge, resident, rival):
    mine = make_proposal(challenge, resident, title="Mine")
    theirs = make_proposal(rival, resident, title="Theirs")
    client.force_login(_staff_of(challenge.organization, role=Role.OWNER))
    challenges = client.get("/admin/challenges/challenge/").content.decode()
    assert challenge.title in challenges and rival.title not in challenges
    proposals = client.get("/admin/proposals/proposal/").content.decode()
    assert "Mine" in proposals and "Theirs" not in proposals
    organizations = client.get("/admin/organizations/organization/").content.decode()
    assert "Rival Transport" not in organizations
    for path in (
        f"/admin/challenges/challenge/{rival.pk}/change/",
        f"/admin/proposals/proposal/{theirs.pk}/change/",
        f"/admin/organizations/organization/{rival.organization_id}/change/",
    ):
        assert client.get(path).status_code == 302  # "doesn't exist": back to the index
    data = _form(client, f"/admin/challenges/challenge/{challenge.pk}/change/", title="Taken")
    client.post(f"/admin/challenges/challenge/{rival.pk}/change/", data)
    rival.refresh_from_db()
    assert rival.title == "Challenge rival-road"
    assert mine.pk


@pytest.mark.parametrize("superuser", [False, True])
def test_a_residents_words_are_read_only_in_the_admin(client, challenge, resident, superuser):
    proposal = make_proposal(challenge, resident, title="Wider footpaths")
    staff = _staff_of(challenge.organization)
    staff.is_superuser = superuser
    staff.save(update_fields=["is_superuser"])
    client.force_login(staff)
    path = f"/admin/proposals/proposal/{proposal.pk}/change/"
    data = _form(client, path, title="Four lanes of cars", rationale="Staff know best.")
    client.post(path, data)
    proposal.refresh_from_db()
    assert (proposal.title, proposal.rationale) == ("Wider footpaths", "Because people walk here.")


def test_proposals_are_submitted_through_the_toolkit_not_added_in_the_admin(db, client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/proposals/proposal/add/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_overlapping_phases_on_postgresql(owner, organization):
    from django.db import IntegrityError, connection

    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint is PostgreSQL's; SQLite serialises writes")
    challenge = make_challenge(owner, organization)  # "Open": from a day ago for 30 days
    now = timezone.now()
    with pytest.raises(IntegrityError):
        Phase.objects.create(
            challenge=challenge, name="Late", starts_at=now, ends_at=now + timedelta(days=40)
        )


def test_a_phase_deleted_in_the_admin_makes_room(client, challenge, organization):
    client.force_login(_staff_of(organization))
    path = f"/admin/challenges/challenge/{challenge.pk}/change/"
    form = _form(client, path, **{"phases-0-DELETE": "on"})
    data = _phases(form, ("New", 0, 9), now=timezone.now())
    assert client.post(path, data).status_code == 302
    assert list(challenge.phases.values_list("name", flat=True)) == ["New"]
