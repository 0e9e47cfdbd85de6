"""The editor's endpoints: autosave, Streetmix import and export, the units preference; each
works for plain forms too, refuses bad input with a 4xx and answers in constant queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cocreate.accounts.models import User

from ..factories import make_proposal

STREETS = Path(__file__).resolve().parents[1] / "fixtures" / "streetmix"


def toolkit(challenge) -> str:
    return f"/c/{challenge.slug}/toolkit/"


def narrower(challenge) -> dict:
    design = json.loads(json.dumps(challenge.baseline))
    design["parts"][0]["width"] = 1.9
    design["parts"][-1]["width"] = 2.3  # still 21.00 m in all
    return design


@pytest.mark.parametrize("rows", [1, 50])
def test_autosave_keeps_the_draft_for_the_next_visit(
    client, challenge, resident, django_assert_num_queries, rows
):
    for i in range(rows):
        make_proposal(challenge, resident, title=f"Idea {i}")
    client.get(toolkit(challenge))  # a session and its CSRF cookie, as the editor has
    body = {"design-json": json.dumps(narrower(challenge)), "title": "Mine", "rationale": ""}
    with django_assert_num_queries(4):
        response = client.post(toolkit(challenge) + "draft/", body)
    assert response.status_code == 204
    html = client.get(toolkit(challenge)).content.decode()
    assert 'id="restored"' in html and 'value="1.90"' in html and 'value="Mine"' in html
    assert 'value="2.10"' in client.get(toolkit(challenge) + "?fresh=1").content.decode()


@pytest.mark.parametrize(
    ("design_json", "says"),
    [("not json", "expected a design object"), ('{"parts": "x"}', "parts"), ("[]", "design")],
)
def test_autosave_refuses_what_is_not_a_design(client, challenge, design_json, says):
    response = client.post(toolkit(challenge) + "draft/", {"design-json": design_json})
    assert response.status_code == 400
    assert says in response.json()["error"]


def test_the_editor_posts_its_design_as_json_and_submits(client, challenge, resident):
    client.force_login(resident)
    body = {"design-json": json.dumps(narrower(challenge)), "op": "submit", "title": "T"}
    body["rationale"] = "R"
    response = client.post(toolkit(challenge), body)
    assert response.status_code == 302
    assert resident.proposals.get().design["parts"][0]["width"] == 1.9


def test_import_from_streetmix_without_javascript_becomes_the_draft(client, challenge):
    street = (STREETS / "default-street-schema-35.json").read_bytes()
    upload = SimpleUploadedFile("street.json", street, content_type="application/json")
    response = client.post(toolkit(challenge) + "streetmix/import/", {"street": upload})
    assert response.status_code == 302 and response["Location"] == toolkit(challenge)
    html = client.get(toolkit(challenge)).content.decode()
    assert "Imported from Streetmix." in html
    assert html.count('name="part-') >= 14 and 'data-check="fit"' in html  # 24 m on a 21 m site


@pytest.mark.parametrize("rows", [1, 50])
def test_import_answers_the_editor_in_json_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    for i in range(rows):
        make_proposal(challenge, resident, title=f"Idea {i}")
    street = (STREETS / "default-street-schema-35.json").read_bytes()
    upload = SimpleUploadedFile("street.json", street, content_type="application/json")
    with django_assert_num_queries(2):
        response = client.post(
            toolkit(challenge) + "streetmix/import/",
            {"street": upload},
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 200
    assert len(response.json()["design"]["parts"]) == 14


def test_import_refuses_a_file_that_is_not_a_street(client, challenge):
    upload = SimpleUploadedFile("x.json", b"\xff\xfe not text", content_type="application/json")
    response = client.post(
        toolkit(challenge) + "streetmix/import/", {"street": upload}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400 and "not JSON text" in response.json()["error"]
    response = client.post(toolkit(challenge) + "streetmix/import/", HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "Choose a Streetmix street" in response.json()["error"]


@pytest.mark.parametrize("rows", [1, 50])
def test_export_for_streetmix_downloads_the_draft_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    for i in range(rows):
        make_proposal(challenge, resident, title=f"Idea {i}")
    client.get(toolkit(challenge))
    client.post(toolkit(challenge) + "draft/", {"design-json": json.dumps(narrower(challenge))})
    with django_assert_num_queries(2):
        response = client.get(toolkit(challenge) + "streetmix/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    street = json.loads(response.content)
    assert street["schemaVersion"] == 35 and street["segments"][0]["width"] == 1.9


def test_units_are_remembered_for_people_signed_in(client, resident, django_assert_num_queries):
    client.force_login(resident)
    with django_assert_num_queries(5):
        assert client.post("/accounts/units/", {"units": "imperial"}).status_code == 204
    assert User.objects.get(pk=resident.pk).units == "imperial"
    response = client.post("/accounts/units/", {"units": "cubits"})
    assert response.status_code == 400 and "metric or imperial" in response.json()["error"]
    client.logout()
    assert client.post("/accounts/units/", {"units": "imperial"}).status_code == 204
