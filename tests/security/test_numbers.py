"""Numbers people send that used to answer 500, or cost far too much: a configurator parameter of
1e400 or 1e308 (the metric totals overflowed, and a draft saved with one broke the toolkit page
on every load); Streetmix on a challenge that is no street; a 2,000-part draft (5.9 MB pages);
and the form view, which could not post back the 200 parts it allows."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cocreate.challenges.models import Action
from cocreate.challenges.toolkits import MAX_PARTS
from cocreate.proposals.models import Draft, Proposal
from cocreate.proposals.services import proposal_create

from ..factories import make_challenge


@pytest.fixture
def bikes(owner, organization):
    return make_challenge(
        owner, organization, slug="bikes", toolkit_id="cargo-bike", actions=[Action.SUBMIT]
    )


def _toolkit(challenge) -> str:
    return f"/c/{challenge.slug}/toolkit/"


def _bike(bikes, battery: str) -> str:
    """The bike's design as JSON text with `battery` written as is (1e400 is no Python float)."""
    design = {**bikes.baseline, "parameters": {**bikes.baseline["parameters"], "battery_wh": 0}}
    return json.dumps(design).replace('"battery_wh": 0', f'"battery_wh": {battery}')


@pytest.mark.parametrize("battery", ["1e400", "-1e400", "1e308", "1e15", "NaN", "Infinity"])
@pytest.mark.parametrize("where", ["", "draft/"])
def test_a_huge_parameter_is_refused_with_its_name_and_nothing_is_kept(
    client, bikes, battery, where
):
    response = client.post(_toolkit(bikes) + where, {"design-json": _bike(bikes, battery)})
    assert response.status_code == 400
    assert "battery_wh" in response.content.decode()
    assert not Draft.objects.exists()


def test_the_form_view_refuses_a_huge_parameter_beside_its_field(client, bikes):
    response = client.post(_toolkit(bikes), {"parameter-battery_wh": "1e400", "op": "update"})
    assert (
        response.status_code == 200
        and 'id="parameter-battery_wh-error"' in response.content.decode()
    )


def test_a_kept_draft_that_no_longer_opens_starts_afresh_instead_of_failing(client, bikes):
    client.get(_toolkit(bikes))
    client.post(_toolkit(bikes) + "draft/", {"design-json": _bike(bikes, "500")})
    Draft.objects.update(design=json.loads(_bike(bikes, "1e308")))  # kept before the fix
    response = client.get(_toolkit(bikes))
    html = response.content.decode()
    assert response.status_code == 200 and "could not be opened" in html
    assert "battery_wh" in html
    # Its version is the kept one: the next save replaces it, as starting afresh asks.
    assert 'name="version" value="1"' in html


@pytest.mark.parametrize("path", ["streetmix/export/", "streetmix/import/"])
def test_streetmix_on_a_challenge_that_is_no_street_is_not_found(client, bikes, path):
    street = SimpleUploadedFile("street.json", b"{}", content_type="application/json")
    if path.endswith("export/"):
        response = client.get(_toolkit(bikes) + path)
    else:
        response = client.post(_toolkit(bikes) + path, {"street": street})
    assert response.status_code == 404


def _parts(challenge, count: int) -> dict:
    design = json.loads(json.dumps(challenge.baseline))
    sidewalk = {"type": "sidewalk", "width": 0.1}
    design["parts"] = [dict(sidewalk) for _ in range(count)]
    return design


@pytest.mark.parametrize("where", ["", "draft/"])
def test_a_draft_over_the_part_limit_is_refused_with_the_limit(client, challenge, where):
    body = {"design-json": json.dumps(_parts(challenge, 2000))}
    response = client.post(_toolkit(challenge) + where, body)
    assert response.status_code == 400
    assert f"at most {MAX_PARTS} parts, got 2000" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_proposal_over_the_part_limit_is_refused(challenge, resident):
    with pytest.raises(ValidationError, match=f"at most {MAX_PARTS} parts"):
        proposal_create(
            actor=resident,
            challenge=challenge,
            design=_parts(challenge, MAX_PARTS + 1),
            title="Long",
            rationale="Very",
        )
    assert not Proposal.objects.exists()


def test_a_streetmix_street_over_the_part_limit_is_refused(client, challenge):
    segment = {"type": "sidewalk", "variantString": "normal", "width": 0.1}
    street = {"schemaVersion": 35, "width": 30, "segments": [segment] * (MAX_PARTS + 1)}
    upload = SimpleUploadedFile("s.json", json.dumps(street).encode(), "application/json")
    response = client.post(
        _toolkit(challenge) + "streetmix/import/",
        {"street": upload},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and f"at most {MAX_PARTS} parts" in response.json()["error"]


def test_the_form_view_posts_back_the_most_parts_a_design_may_have(client, owner, organization):
    """Every field the form view shows for 200 parts of the type with most variant axes, posted
    back as the browser would: within Django's field limit, and kept."""
    street = make_challenge(owner, organization, slug="street", toolkit_id="street-section")
    design = json.loads(json.dumps(street.baseline))
    design["parts"] = [{"type": "bike-lane", "width": 0.1} for _ in range(MAX_PARTS)]
    client.get(_toolkit(street))
    assert (
        client.post(_toolkit(street) + "draft/", {"design-json": json.dumps(design)}).status_code
        == 204
    )
    html = client.get(_toolkit(street) + "?form=1").content.decode()
    form = html.split('id="toolkit"')[1].split("</form>")[0]
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = chosen[0] if chosen else ""
    fields["op"] = "update"
    assert len(fields) > 1000  # over Django's default limit
    response = client.post(_toolkit(street), fields)
    assert response.status_code == 200
    assert len(Draft.objects.get().design["parts"]) == MAX_PARTS
