"""Staff notes and the checklist: kept by the organization's people, never seen by anyone else."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import get_resolver

from cocreate.audit.models import AuditEntry
from cocreate.organizations.models import Role
from cocreate.tracking.models import ChecklistItem, StaffNote
from cocreate.tracking.services import checklist_item_add, staff_note_add

from ..factories import UserFactory, make_challenge, make_member, make_organization
from ..html import parse
from ..visibility.test_url_walk import _fill, _routes
from .conftest import refusals

NOTE = "Zanzibarnote: the contractor quoted twice the budget"
ITEM = "Zanzibaritem: ask the bus operator"


def _url(proposal) -> str:
    challenge = proposal.challenge
    return f"/manage/{challenge.organization.slug}/c/{challenge.slug}/p/{proposal.pk}/notes/"


def _page(proposal) -> str:
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/"


@pytest.mark.parametrize("role", [Role.STAFF, Role.REVIEWER, Role.OWNER])
def test_the_organizations_people_keep_notes_and_a_checklist(client, organization, accepted, role):
    person = make_member(organization, role, username=f"m-{role}")
    client.force_login(person)
    response = client.post(_url(accepted), {"op": "note", "text": NOTE})
    assert response.status_code == 302 and response["Location"].endswith("#staff-notes")
    client.post(_url(accepted), {"op": "item", "text": ITEM})
    item = ChecklistItem.objects.get()
    client.post(_url(accepted), {"op": "tick", "item": item.pk})
    page = parse(client.get(_page(accepted)))
    panel = page.one("#staff-notes")
    note = panel.one("ul.notes > li")
    assert NOTE in note.text and person.username in note.one("p.meta").text
    tick = panel.one("ul.checklist button[role=checkbox]")
    assert tick["aria-checked"] == "true" and tick["aria-label"] == ITEM
    client.post(_url(accepted), {"op": "untick", "item": item.pk})
    item.refresh_from_db()
    assert not item.done and item.done_by is None
    client.post(_url(accepted), {"op": "remove", "item": item.pk})
    assert not ChecklistItem.objects.exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="tracking.").values_list("action", flat=True)
    )
    assert sorted(set(actions)) == [
        "tracking.checklist_add",
        "tracking.checklist_remove",
        "tracking.checklist_tick",
        "tracking.note_add",
    ]


@pytest.mark.parametrize(
    ("post", "says"),
    [
        ({"op": "note", "text": ""}, "Write the note"),
        ({"op": "note", "text": "x" * 5_001}, "5,000"),
        ({"op": "note", "text": "a\x00b"}, "NUL"),
        ({"op": "item", "text": "x" * 201}, "200"),
        ({"op": "item", "text": "two\nlines"}, "control character"),
        ({"op": "tick", "item": "abc"}, "whole number"),
        ({"op": "frobnicate"}, "checklist"),
    ],
)
def test_bad_notes_input_is_a_400(client, staff, accepted, post, says):
    client.force_login(staff)
    response = client.post(_url(accepted), post)
    assert response.status_code == 400
    assert says in refusals(response)
    assert not StaffNote.objects.exists() and not ChecklistItem.objects.exists()


def test_ticking_another_proposals_item_is_a_404(client, staff, accepted, challenge, resident):
    from ..factories import make_proposal

    other = make_proposal(challenge, resident, title="Other")
    item = checklist_item_add(actor=staff, proposal=other, text="Elsewhere")
    client.force_login(staff)
    assert client.post(_url(accepted), {"op": "tick", "item": item.pk}).status_code == 404
    item.refresh_from_db()
    assert not item.done


def _world(organization, owner, accepted, resident):
    staff = make_member(organization, Role.STAFF, username="officer")
    staff_note_add(actor=staff, proposal=accepted, text=NOTE)
    checklist_item_add(actor=staff, proposal=accepted, text=ITEM)
    rival_owner = UserFactory(username="rival-owner")
    rival = make_organization(rival_owner, slug="rival")
    rival_staff = make_member(rival, Role.STAFF, username="rival-staff")
    make_challenge(rival_owner, rival, slug="rival-street")
    moderator = make_member(organization, Role.MODERATOR, username="moderator")
    judge = make_member(organization, Role.JUDGE, username="judge")
    return {
        "anonymous": None,
        "author": resident,  # the proposal's own author
        "resident": UserFactory(username="neighbour"),
        "rival staff": rival_staff,
        "rival owner": rival_owner,
        "moderator": moderator,
        "judge": judge,
    }


def test_nobody_outside_the_reviewing_roles_sees_a_note_on_the_proposal_page(
    organization, owner, accepted, resident
):
    viewers = _world(organization, owner, accepted, resident)
    for name, person in viewers.items():
        client = Client()
        if person is not None:
            client.force_login(person)
        response = client.get(_page(accepted))
        assert response.status_code == 200
        page = parse(response)
        assert not page.select("#staff-notes"), name
        assert not page.select("ul.checklist") and not page.select("ul.notes"), name
        body = response.content.decode()
        assert "Zanzibar" not in body, name
        assert client.get(_url(accepted)).status_code in (403, 404), name
        assert client.post(_url(accepted), {"op": "note", "text": "x"}).status_code in (403, 404)
    assert StaffNote.objects.count() == 1 and ChecklistItem.objects.count() == 1


@pytest.mark.parametrize("viewer", ["anonymous", "author", "resident", "rival staff", "judge"])
def test_no_page_of_the_site_serves_a_note_to_an_outsider(
    organization, owner, accepted, resident, viewer
):
    """Every route of the URL map, filled with this proposal and its challenge, fetched as
    someone outside the reviewing roles: the note's and the item's words appear nowhere."""
    person = _world(organization, owner, accepted, resident)[viewer]
    client = Client()
    if person is not None:
        client.force_login(person)
    values = {
        "slug": accepted.challenge.slug,
        "pk": str(accepted.pk),
        "comment_pk": "1",
        "org_slug": organization.slug,
        "org": organization.slug,
        "digest": "x",
        "username": "officer",
        "object_id": str(accepted.pk),
        "content_type_id": "1",
        "id": str(accepted.pk),
        "key": "x",
        "uidb36": "x",
        "url": "x",
        "app_label": "tracking",
    }
    paths = [_fill(route, values) for route in _routes(get_resolver().url_patterns)]
    paths += [f"/c/{accepted.challenge.slug}/search/?q=contractor", "/notifications/"]
    for path in paths:
        body = client.get(path).content.decode(errors="replace")
        assert "Zanzibar" not in body, path
    assert len(paths) > 60


@pytest.mark.parametrize("rows", [1, 50])
def test_notes_page_and_proposal_page_in_constant_queries(
    client, staff, accepted, django_assert_num_queries, rows
):
    for n in range(rows):
        staff_note_add(actor=staff, proposal=accepted, text=f"Note {n}")
        checklist_item_add(actor=staff, proposal=accepted, text=f"Item {n}")
    client.force_login(staff)
    with django_assert_num_queries(9):
        response = client.get(_url(accepted))
    assert len(parse(response).select("ul.notes > li")) == rows
    # 18 of the page, signed in, with the progress record; with every staff panel the merged
    # apps add: what is merged into it, its answers, the answer form's and the merge form's
    # statuses, an open merge, the likely duplicates' two (search, candidates) and reviewers
    with django_assert_num_queries(25):
        response = client.get(_page(accepted))
    page = parse(response)
    assert len(page.select("#staff-notes ul.notes > li")) == rows
    assert len(page.select("#staff-notes ul.checklist > li")) == rows
    assert page.select("#progress progress")


def test_services_refuse_outsiders(accepted, resident):
    with pytest.raises(PermissionDenied):
        staff_note_add(actor=resident, proposal=accepted, text="mine")
