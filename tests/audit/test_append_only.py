"""Entries are only ever added: no path through the application (the model, its query set, the
admin, the log page) changes or deletes one, and the database refuses raw writes too."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from cocreate.audit.models import AuditEntry
from cocreate.audit.services import audit_record
from cocreate.organizations.models import Organization

from ..factories import UserFactory, make_organization


@pytest.fixture
def entry(owner, organization):
    return audit_record(
        actor=owner,
        organization=organization,
        action="organizations.role_change",
        target=owner,
        before={"role": "Staff"},
        after={"role": "Organization admin"},
    )


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _rows() -> list[dict]:
    return list(AuditEntry.objects.order_by("pk").values())


def test_the_model_refuses_to_save_or_delete_an_entry(entry):
    kept = _rows()
    entry.action = "tampered"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    assert _rows() == kept


def test_the_query_set_refuses_update_and_delete(entry):
    kept = _rows()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):
        entry.organization.audit_entries.all().update(after={})
    assert _rows() == kept


def test_the_admin_shows_entries_to_superusers_only_and_changes_nothing(
    client, entry, superuser, owner
):
    kept = _rows()
    base = "/admin/audit/auditentry/"
    client.force_login(owner)  # an organization admin, not a superuser
    assert client.get(base).status_code in (302, 403)
    client.force_login(superuser)
    assert client.get(base).status_code == 200
    change = f"{base}{entry.pk}/change/"
    page = client.get(change)
    assert page.status_code == 200  # read-only view
    assert b'name="action"' not in page.content
    assert client.post(change, {"action": "tampered"}).status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    client.post(base, bulk)
    assert _rows() == kept


def test_posting_to_the_log_page_changes_nothing(client, entry, owner, organization):
    kept = _rows()
    client.force_login(owner)
    for data in ({}, {"action": "x"}, {"_method": "DELETE"}):
        assert client.post(f"/manage/{organization.slug}/audit/", data).status_code == 405
    assert client.delete(f"/manage/{organization.slug}/audit/").status_code == 405
    assert client.put(f"/manage/{organization.slug}/audit/").status_code == 405
    assert _rows() == kept


def test_the_database_refuses_a_raw_update(entry):
    kept = _rows()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'tampered' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_id = NULL, after = '{}' WHERE id = %s", [entry.pk]
        )
    assert _rows() == kept


def test_deleting_an_account_only_clears_who(entry, owner, organization):
    other = make_organization(UserFactory(username="second"), slug="second")  # owner leaves
    assert other
    organization_id = organization.pk
    kept = _rows()
    owner.memberships.all().delete()
    owner.delete()
    (after,) = _rows()
    assert after == {**kept[0], "actor_id": None}
    assert Organization.objects.filter(pk=organization_id).exists()


def test_deleting_the_organization_takes_its_log(entry, organization):
    organization.delete()
    assert not AuditEntry.objects.exists()
    if connection.vendor == "postgresql":  # the deferred check runs now, as at commit
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps no deferred trigger (models.py)"
)
def test_postgresql_refuses_a_raw_delete_at_commit(entry):
    kept = _rows()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
        with pytest.raises(DatabaseError):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        transaction.set_rollback(True)
    assert _rows() == kept
