"""The statuses page and services: list, add, edit, remove, and what they refuse."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cocreate.audit.models import AuditEntry
from cocreate.decisions import services
from cocreate.organizations.models import ProposalStatus, Role

from ..factories import UserFactory, make_member, make_organization, make_proposal
from ..html import parse
from .helpers import answer, status

URL = "/manage/auckland-transport/statuses/"


def _settings(**changes):
    values = {
        "name": "Funded",
        "colour": "green",
        "stage": "accepted",
        "closes": False,
        "template": "Funded in the **2026** budget.",
        "position": 9,
    }
    return {**values, **changes}


def _post(**fields):
    """A status form's post (prefix `new` adds, `s<pk>` edits)."""
    prefix = fields.pop("prefix", "new")
    data = {"op": fields.pop("op", "add"), "target": fields.pop("target", "")}
    for name, value in _settings(**fields).items():
        if name == "closes":
            if value:
                data[f"{prefix}-closes"] = "on"
            continue
        data[f"{prefix}-{name}"] = value
    return data


# --- services ----------------------------------------------------------------------------


def test_create_update_remove_are_audited_with_names(owner, organization):
    created = services.status_create(actor=owner, organization=organization, **_settings())
    services.status_update(actor=owner, status=created, **_settings(name="Funded for 2026"))
    services.status_remove(actor=owner, status=created)
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "before", "after"))
    assert entries[0] == ("decisions.status_create", {}, _settings())
    assert entries[1] == (
        "decisions.status_update",
        {"name": "Funded"},
        {"name": "Funded for 2026"},
    )
    assert entries[2][0] == "decisions.status_remove"
    assert entries[2][1]["name"] == "Funded for 2026"
    assert not ProposalStatus.objects.filter(name__startswith="Funded").exists()


def test_a_new_status_without_a_position_goes_last(owner, organization):
    created = services.status_create(
        actor=owner, organization=organization, **_settings(position=None)
    )
    assert created.position == max(
        ProposalStatus.objects.filter(organization=organization).values_list("position", flat=True)
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "planned"}, "name"),  # the defaults have "Planned": names are unique per org
        ({"name": "Bad\x07name"}, "name"),
        ({"name": "x" * 61}, "name"),
        ({"colour": "pink"}, "colour"),
        ({"stage": "maybe"}, "stage"),
        ({"template": "a\x00b"}, "template"),
        ({"position": -1}, "position"),
        ({"position": 10**9}, "position"),
    ],
)
def test_create_refuses_with_the_field_named(owner, organization, changes, field):
    with pytest.raises(ValidationError) as refused:
        services.status_create(actor=owner, organization=organization, **_settings(**changes))
    assert field in refused.value.error_dict


def test_a_name_may_repeat_in_another_organization(owner, organization):
    other = make_organization(owner, slug="other-org")
    services.status_create(actor=owner, organization=organization, **_settings())
    services.status_create(actor=owner, organization=other, **_settings())


def test_a_status_in_use_is_not_removed(owner, organization, challenge, resident):
    proposal = make_proposal(challenge, resident)
    answer(owner, proposal, "Planned")
    with pytest.raises(ValidationError, match="rename it instead"):
        services.status_remove(actor=owner, status=status(organization, "Planned"))
    answer(owner, proposal, "In progress")  # no proposal shows Planned now, an answer did
    with pytest.raises(ValidationError, match="rename it instead"):
        services.status_remove(actor=owner, status=status(organization, "Planned"))


def test_the_last_merged_status_stays(owner, organization):
    merged = status(organization, "Merged")
    with pytest.raises(ValidationError, match="Merged"):
        services.status_remove(actor=owner, status=merged)
    with pytest.raises(ValidationError) as refused:
        services.status_update(actor=owner, status=merged, **_settings(stage="declined"))
    assert "stage" in refused.value.error_dict


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.JUDGE, Role.MODERATOR])
def test_only_owners_and_staff_configure(organization, role):
    member = make_member(organization, role)
    with pytest.raises(PermissionDenied):
        services.status_create(actor=member, organization=organization, **_settings())


def test_renaming_shows_at_once_on_cards_and_pages(
    client, owner, organization, challenge, resident
):
    proposal = make_proposal(challenge, resident)
    answer(owner, proposal, "Planned")
    client.get(f"/c/{challenge.slug}/")  # cached cards
    client.get(f"/c/{challenge.slug}/p/{proposal.pk}/")  # cached heading
    planned = status(organization, "Planned")
    services.status_update(
        actor=owner,
        status=planned,
        **_settings(name="On the plan", colour="teal", stage="accepted"),
    )
    card = parse(client.get(f"/c/{challenge.slug}/")).one("li.card .status-badge")
    assert card.text == "On the plan"
    page = parse(client.get(f"/c/{challenge.slug}/p/{proposal.pk}/"))
    assert page.one("p.meta .status-badge").text == "On the plan"
    assert page.one("[data-status]").text == "On the plan"


# --- the page ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_statuses_page_in_constant_queries(
    client, owner, organization, django_assert_num_queries, rows
):
    for n in range(rows):
        services.status_create(actor=owner, organization=organization, **_settings(name=f"S{n}"))
    client.force_login(owner)
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200
    page = parse(response)
    assert len(page.select("li.status-row")) == 6 + rows
    first = page.select("li.status-row")[0]
    assert first.one(".status-badge").text == "Under review"
    assert "status-blue" in first.one(".status-badge").classes
    assert page.one("label[for=new-name]").text == "Name"


def test_staff_add_edit_and_remove_from_the_page(client, owner, organization):
    staff = make_member(organization, Role.STAFF)
    client.force_login(staff)
    response = client.post(URL, _post())
    assert response.status_code == 302
    funded = status(organization, "Funded")
    assert funded.template == "Funded in the **2026** budget." and funded.colour == "green"
    response = client.post(
        URL, _post(op="edit", target=funded.pk, prefix=f"s{funded.pk}", name="Paid", closes=True)
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#status-{funded.pk}")
    funded.refresh_from_db()
    assert (funded.name, funded.closes) == ("Paid", True)
    response = client.post(URL, {"op": "remove", "target": funded.pk})
    assert response.status_code == 302
    assert not ProposalStatus.objects.filter(pk=funded.pk).exists()


def test_a_double_submitted_add_makes_one_status(client, owner, organization):
    client.force_login(owner)
    data = {**_post(), "idempotency_key": "same-key"}
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert ProposalStatus.objects.filter(organization=organization, name="Funded").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "Planned"}, "name", "already one of your statuses"),
        ({"name": ""}, "name", "Give the status a name"),
        ({"position": "-3"}, "position", "whole number"),
        ({"position": "1e9"}, "position", "whole number"),
        ({"position": "99999"}, "position", "from 0 to 32767"),
        ({"colour": "chartreuse"}, "colour", "valid choice"),
        ({"name": "Tab\there"}, "name", "control character"),
    ],
)
def test_a_refused_add_comes_back_with_the_field_named_and_nothing_lost(
    client, owner, organization, changes, field, message
):
    client.force_login(owner)
    response = client.post(URL, _post(**changes))
    assert response.status_code == 400
    page = parse(response)
    assert message in page.one(f"#new-{field}-error").text
    assert page.one("#new-template").text == "Funded in the **2026** budget."
    assert page.one("#new-" + field).get("aria-invalid") == "true"


def test_removing_a_status_in_use_is_refused_on_the_page(
    client, owner, organization, challenge, resident
):
    answer(owner, make_proposal(challenge, resident), "Declined", "Too narrow.")
    declined = status(organization, "Declined")
    client.force_login(owner)
    response = client.post(URL, {"op": "remove", "target": declined.pk})
    assert response.status_code == 400
    refused = parse(response).one(f"#status-{declined.pk}-refused").text
    assert "rename it instead" in refused
    assert ProposalStatus.objects.filter(pk=declined.pk).exists()


def test_an_edit_refused_reopens_its_form_with_what_was_typed(client, owner, organization):
    planned = status(organization, "Planned")
    client.force_login(owner)
    data = _post(op="edit", target=planned.pk, prefix=f"s{planned.pk}", name="Declined")
    response = client.post(URL, data)
    assert response.status_code == 400
    row = parse(response).one(f"#status-{planned.pk}")
    assert row.one("details").get("open") is not None
    assert row.one(f"#s{planned.pk}-name").get("value") == "Declined"
    assert "already one of your statuses" in row.one(f"#s{planned.pk}-name-error").text


@pytest.mark.parametrize("op", ["edit", "remove"])
def test_another_organizations_status_is_not_found(client, owner, organization, op):
    stranger = UserFactory()
    elsewhere = make_organization(stranger, slug="elsewhere")
    theirs = status(elsewhere, "Planned")
    client.force_login(owner)
    response = client.post(URL, _post(op=op, target=theirs.pk, prefix=f"s{theirs.pk}"))
    assert response.status_code == 404
    assert ProposalStatus.objects.filter(pk=theirs.pk, name="Planned").exists()


def test_a_malformed_post_is_a_400(client, owner, organization):
    client.force_login(owner)
    assert client.post(URL, {"op": "explode"}).status_code == 400
    assert client.post(URL, {"op": "edit", "target": "x"}).status_code == 400


def test_doors(client, organization, resident):
    client.force_login(resident)
    assert client.get(URL).status_code == 404
    client.force_login(make_member(organization, Role.REVIEWER))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _post()).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 404
