"""The members page: admins add people by username or email, change roles and remove members;
the last admin stays; every change is in the audit log; query counts are constant."""

from __future__ import annotations

import pytest

from cocreate.audit.models import AuditEntry
from cocreate.organizations.models import Membership, Role
from cocreate.organizations.services import membership_remove, membership_set

from ..factories import UserFactory, make_member, make_organization
from ..html import parse


def _url(organization, rest: str = "") -> str:
    return f"/manage/{organization.slug}/members/{rest}"


def _roles(organization) -> dict[str, str]:
    return dict(
        Membership.objects.filter(organization=organization).values_list("user__username", "role")
    )


def _log(organization) -> list[tuple[str, str, dict, dict]]:
    return [
        (e.action, e.target_label, e.before, e.after)
        for e in AuditEntry.objects.filter(organization=organization).order_by("id")
    ]


@pytest.fixture
def admin_client(client, owner):
    client.force_login(owner)
    return client


def test_the_page_lists_members_with_their_roles(admin_client, organization):
    make_member(organization, Role.JUDGE, username="judy")
    page = parse(admin_client.get(_url(organization)))
    rows = [(li["data-member"], li.one(".role-name").text) for li in page.select("li.member")]
    assert rows == [("owner", "Organization admin"), ("judy", "Judge")]
    assert page.one("label[for=id_person]").text == "Username or email"
    assert [o.text for o in page.select("select#id_role option")] == [
        "Choose a role", "Organization admin", "Staff", "Reviewer", "Judge", "Moderator",
    ]  # fmt: skip
    assert page.button("Add member")
    assert page.button("Remove judy")


@pytest.mark.parametrize("role", [Role.STAFF, Role.REVIEWER, Role.JUDGE, Role.MODERATOR])
def test_members_who_are_not_admins_are_refused(client, organization, role):
    someone = make_member(organization, role)
    client.force_login(someone)
    assert client.get(_url(organization)).status_code == 403
    assert client.post(_url(organization), {"person": "x", "role": "owner"}).status_code == 403
    assert client.post(_url(organization, f"{someone.pk}/"), {"role": "owner"}).status_code == 403
    assert client.post(_url(organization, f"{someone.pk}/remove/")).status_code == 403
    assert _roles(organization)[someone.username] == role


def test_outsiders_get_a_404(client, organization, resident):
    for who in (resident, None):
        if who:
            client.force_login(who)
        else:
            client.logout()
        assert client.get(_url(organization)).status_code == 404
        assert (
            client.post(_url(organization), {"person": "resident", "role": "owner"}).status_code
            == 404
        )
    assert "resident" not in _roles(organization)


@pytest.mark.parametrize(
    "handle", ["resident", "RESIDENT", "resident@example.org", " Resident@Example.org "]
)
def test_an_admin_adds_a_person_by_username_or_email(admin_client, organization, resident, handle):
    response = admin_client.post(_url(organization), {"person": handle, "role": "reviewer"})
    assert response.status_code == 302
    assert _roles(organization)["resident"] == Role.REVIEWER
    assert _log(organization) == [
        ("organizations.member_add", "resident", {}, {"role": "Reviewer"})
    ]
    page = parse(admin_client.get(response["Location"]))
    assert "resident is Reviewer." in [p.text for p in page.select(".message")]


NO_ACCOUNT = "No account has that username or email: they need to sign up first."


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"person": "nobody", "role": "staff"}, "person", NO_ACCOUNT),
        ({"person": "", "role": "staff"}, "person", "Type the person's username or email."),
        ({"person": "resident", "role": "king"}, "role", "Choose one of the roles."),
        ({"person": "resident"}, "role", "Choose a role."),
        ({"person": "res\x00ident", "role": "staff"}, "person", None),
        ({"person": "r" * 300, "role": "staff"}, "person", None),
    ],
)  # fmt: skip
def test_a_bad_add_names_the_field_and_adds_nobody(
    admin_client, organization, resident, data, field, message
):
    response = admin_client.post(_url(organization), data)
    assert response.status_code == 400
    page = parse(response)
    errors = [p.text for p in page.one(f"#id_{field}").parent.select(".field-error")]
    assert errors and (message is None or errors == [message])
    if message:  # what was typed is kept
        assert page.one("#id_person").get("value", "") == data["person"]
    assert set(_roles(organization)) == {"owner"}
    assert _log(organization) == []


def test_an_inactive_account_cannot_be_added(admin_client, organization):
    UserFactory(username="gone", is_active=False)
    response = admin_client.post(_url(organization), {"person": "gone", "role": "staff"})
    assert response.status_code == 400
    assert "gone" not in _roles(organization)


def test_changing_a_role_is_logged_and_setting_the_same_role_changes_nothing(
    admin_client, organization
):
    judy = make_member(organization, Role.JUDGE, username="judy")
    assert (
        admin_client.post(_url(organization, f"{judy.pk}/"), {"role": "moderator"}).status_code
        == 302
    )
    assert (
        admin_client.post(_url(organization, f"{judy.pk}/"), {"role": "moderator"}).status_code
        == 302
    )
    assert _roles(organization)["judy"] == Role.MODERATOR
    assert _log(organization) == [
        ("organizations.role_change", "judy", {"role": "Judge"}, {"role": "Moderator"})
    ]


def test_changing_the_role_of_someone_outside_is_a_404(admin_client, organization, resident):
    assert (
        admin_client.post(_url(organization, f"{resident.pk}/"), {"role": "staff"}).status_code
        == 404
    )
    assert admin_client.post(_url(organization, "999999/"), {"role": "staff"}).status_code == 404


def test_a_bad_role_change_says_why(admin_client, organization):
    judy = make_member(organization, Role.JUDGE, username="judy")
    response = admin_client.post(_url(organization, f"{judy.pk}/"), {"role": "king"})
    assert response.status_code == 400
    assert "Choose one of the roles." in [p.text for p in parse(response).select(".message.error")]
    assert _roles(organization)["judy"] == Role.JUDGE


def test_removing_a_member_is_logged_and_a_second_click_changes_nothing(admin_client, organization):
    judy = make_member(organization, Role.JUDGE, username="judy")
    first = admin_client.post(_url(organization, f"{judy.pk}/remove/"))
    second = admin_client.post(_url(organization, f"{judy.pk}/remove/"))
    assert first.status_code == second.status_code == 302
    assert "judy" not in _roles(organization)
    assert _log(organization) == [("organizations.member_remove", "judy", {"role": "Judge"}, {})]


def test_the_same_key_twice_answers_once(admin_client, organization, resident):
    data = {"person": "resident", "role": "staff", "idempotency_key": "k1"}
    first = admin_client.post(_url(organization), data)
    second = admin_client.post(_url(organization), data)
    assert first.status_code == second.status_code == 302
    assert len(_log(organization)) == 1


def test_the_last_admin_can_be_neither_demoted_nor_removed(admin_client, owner, organization):
    message = "owner is the last organization admin: make someone else an admin first."
    demote = admin_client.post(_url(organization, f"{owner.pk}/"), {"role": "staff"})
    assert demote.status_code == 400
    assert message in [p.text for p in parse(demote).select(".message.error")]
    remove = admin_client.post(_url(organization, f"{owner.pk}/remove/"))
    assert remove.status_code == 400
    assert message in [p.text for p in parse(remove).select(".message.error")]
    assert _roles(organization) == {"owner": Role.OWNER}
    assert _log(organization) == []


def test_with_a_second_admin_the_first_may_step_down_and_leave(admin_client, owner, organization):
    second = make_member(organization, Role.OWNER, username="second")
    assert (
        admin_client.post(_url(organization, f"{owner.pk}/"), {"role": "staff"}).status_code == 302
    )
    assert admin_client.get(_url(organization)).status_code == 403  # no longer an admin
    membership_set(actor=second, organization=organization, user=owner, role=Role.OWNER)
    response = admin_client.post(_url(organization, f"{owner.pk}/remove/"))
    assert response["Location"] == "/"
    assert _roles(organization) == {"second": Role.OWNER}


def test_another_organizations_admin_cannot_touch_members(client, organization, resident):
    other_owner = UserFactory(username="rival")
    other = make_organization(other_owner, slug="rival")
    judy = make_member(organization, Role.JUDGE, username="judy")
    client.force_login(other_owner)
    assert client.post(_url(organization, f"{judy.pk}/remove/")).status_code == 404
    assert client.post(_url(other, f"{judy.pk}/remove/")).status_code == 302  # not theirs: no-op
    assert client.post(_url(other, f"{judy.pk}/"), {"role": "owner"}).status_code == 404
    assert _roles(organization)["judy"] == Role.JUDGE


def test_services_refuse_people_without_the_role(organization, resident):
    staff = make_member(organization, Role.STAFF)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        membership_set(actor=staff, organization=organization, user=resident, role=Role.OWNER)
    with pytest.raises(PermissionDenied):
        membership_remove(actor=staff, organization=organization, user=staff)


@pytest.mark.parametrize("rows", [1, 50])
def test_members_page_in_constant_queries(
    admin_client, organization, django_assert_num_queries, rows
):
    for n in range(rows):
        make_member(organization, Role.REVIEWER, username=f"member{n:02d}")
    # organization, session, user, roles, members, the header's unread count
    with django_assert_num_queries(6):
        response = admin_client.get(_url(organization))
    assert len(parse(response).select("li.member")) == rows + 1


@pytest.mark.parametrize("rows", [1, 50])
def test_member_posts_in_constant_queries(
    admin_client, organization, resident, django_assert_num_queries, rows
):
    members = [make_member(organization, Role.REVIEWER, username=f"m{n:02d}") for n in range(rows)]
    target = members[0]
    posts = [
        (_url(organization), {"person": "resident", "role": "staff"}, 15),
        (_url(organization, f"{target.pk}/"), {"role": "judge"}, 15),
        (_url(organization, f"{target.pk}/remove/"), {}, 15),
    ]
    for n, (url, data, queries) in enumerate(posts):
        # session, user, organization, roles, the person, (the key's claim,) the admins and
        # the membership locked, the write, its audit entry, (the key's answer kept)
        with django_assert_num_queries(queries):
            response = admin_client.post(url, {**data, "idempotency_key": f"key{n}"})
        assert response.status_code == 302
