"""The plain-HTML toolkit: every edit works as a form post, with and without htmx."""

from __future__ import annotations

import copy
import re
from typing import Any

from cocreate.proposals.models import Proposal

from ..factories import make_proposal


def form_data(design: dict[str, Any], **extra: str) -> dict[str, str]:
    """The fields the toolkit page posts for `design`."""
    data = {"count": str(len(design["parts"])), "parent": ""}
    for i, part in enumerate(design["parts"]):
        data[f"part-{i}-type"] = part["type"]
        data[f"part-{i}-width"] = f"{part['width']:.2f}"
        if "id" in part:
            data[f"part-{i}-id"] = part["id"]
        for axis, value in (part.get("variant") or {}).items():
            data[f"part-{i}-variant-{axis}"] = value
    data.update(extra)
    return data


def url(challenge) -> str:
    return f"/c/{challenge.slug}/toolkit/"


def widths(html: str) -> list[str]:
    return re.findall(r'name="part-\d+-width" value="([^"]*)"', html)


def test_anyone_can_open_the_toolkit_on_the_baseline(client, challenge):
    response = client.get(url(challenge))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(widths(html)) == len(challenge.baseline["parts"])
    for name in ('name="title"', 'name="rationale"', ">Submit proposal<", "<svg", 'role="status"'):
        assert name in html


def test_remix_of_a_proposal_starts_from_its_design(client, challenge, resident):
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] -= 0.5
    design["parts"][-1]["width"] += 0.5
    proposal = make_proposal(challenge, resident, design=design)
    html = client.get(url(challenge) + f"?remix={proposal.pk}").content.decode()
    assert widths(html)[0] == f"{design['parts'][0]['width']:.2f}"
    assert f'name="parent" value="{proposal.pk}"' in html


def test_add_remove_and_move_parts(client, challenge):
    base = challenge.baseline
    n = len(base["parts"])
    html = client.post(url(challenge), form_data(base, op="add", **{"add-type": "sidewalk-tree"}))
    assert len(widths(html.content.decode())) == n + 1
    html = client.post(url(challenge), form_data(base, op="remove:1")).content.decode()
    assert len(widths(html)) == n - 1
    moved = client.post(url(challenge), form_data(base, op="right:0")).content.decode()
    types = re.findall(r'name="part-\d+-type">\s*(?:<option[^>]*>[^<]*</option>)*?', moved)
    assert types  # the form re-rendered
    first_selected = re.search(r'id="part-0-type".*?<option value="([^"]+)" selected', moved, re.S)
    assert first_selected and first_selected.group(1) == base["parts"][1]["type"]


def test_a_change_shows_the_fit_error_at_once_and_clears_when_fixed(client, challenge):
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] += 1.0
    html = client.post(url(challenge), form_data(design, op="update")).content.decode()
    assert 'data-check="fit"' in html and 'data-severity="error"' in html
    design["parts"][0]["width"] -= 1.0
    html = client.post(url(challenge), form_data(design, op="update")).content.decode()
    assert 'data-check="fit"' not in html


def test_htmx_gets_only_the_toolkit_partial(client, challenge):
    response = client.post(
        url(challenge), form_data(challenge.baseline, op="update"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="toolkit"')
    assert "<html" not in html


def test_an_unreadable_width_is_shown_back_with_an_error_and_blocks_submission(
    client, challenge, resident
):
    client.force_login(resident)
    data = form_data(challenge.baseline, op="submit", title="T", rationale="R")
    data["part-0-width"] = "wide"
    response = client.post(url(challenge), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="wide"' in html and 'aria-invalid="true"' in html
    assert Proposal.objects.count() == 0


def test_submit_is_refused_with_the_messages_while_an_error_remains(client, challenge, resident):
    client.force_login(resident)
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] += 1.0
    response = client.post(
        url(challenge), form_data(design, op="submit", title="Wide", rationale="More room")
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert Proposal.objects.count() == 0


def test_submit_publishes_and_redirects_to_the_proposal(client, challenge, resident):
    client.force_login(resident)
    response = client.post(
        url(challenge),
        form_data(challenge.baseline, op="submit", title="Keep it", rationale="It works"),
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/c/{challenge.slug}/p/{proposal.pk}/"
    assert proposal.author == resident and proposal.title == "Keep it"


def test_anonymous_submit_asks_to_log_in_and_keeps_the_draft(client, challenge, resident):
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] -= 0.3
    design["parts"][-1]["width"] += 0.3
    response = client.post(
        url(challenge), form_data(design, op="submit", title="My street", rationale="Because")
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    client.force_login(resident)  # the session (and its draft) survives logging in
    html = client.get(url(challenge) + "?resume=1").content.decode()
    assert 'value="My street"' in html
    assert widths(html)[0] == f"{design['parts'][0]['width']:.2f}"
    response = client.post(
        url(challenge), form_data(design, op="submit", title="My street", rationale="Because")
    )
    assert response.status_code == 302
    assert Proposal.objects.get().author == resident


def test_a_zero_width_is_an_unreadable_width_not_a_crash(client, challenge):
    data = form_data(challenge.baseline, op="update")
    data["part-2-width"] = "0"
    response = client.post(url(challenge), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="part-2-width-error"' in html


def test_a_tampered_design_is_refused_with_the_engines_message_and_the_draft_kept(
    client, challenge
):
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] -= 0.2
    design["parts"][-1]["width"] += 0.2
    client.post(url(challenge), form_data(design, op="update"))  # the saved draft
    data = form_data(design, op="update")
    data["part-1-type"] = ""
    data["part-3-id"] = "x" * 80
    response = client.post(url(challenge), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "parts[1].type" in html
    assert widths(html)[0] == f"{design['parts'][0]['width']:.2f}"


def test_ids_that_are_not_plain_digits_are_ignored_not_a_crash(client, challenge):
    assert client.get(url(challenge) + "?remix=%C2%B2").status_code == 200  # "²"
    data = form_data(challenge.baseline, op="update", parent="\u00b2")
    assert client.post(url(challenge), data).status_code == 200


def test_a_width_under_a_millimetre_is_marked_and_the_words_typed_are_kept(client, challenge):
    data = form_data(challenge.baseline, op="update", title="Mine", rationale="Because")
    data["part-1-width"] = "0.0004"
    html = client.post(url(challenge), data).content.decode()
    assert 'id="part-1-width-error"' in html
    assert 'value="Mine"' in html and ">Because</textarea>" in html


def test_a_tampered_post_keeps_the_title_and_why_just_typed(client, challenge):
    data = form_data(challenge.baseline, op="update", title="Mine", rationale="Because")
    data["part-0-type"] = ""
    response = client.post(url(challenge), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 400
    assert html.lstrip().startswith('<form id="toolkit"')  # htmx swaps 400 answers in
    assert 'value="Mine"' in html and ">Because</textarea>" in html


def test_submitting_a_remix_of_a_deleted_proposal_explains_and_keeps_the_draft(
    client, challenge, resident
):
    parent = make_proposal(challenge, resident, title="Gone soon")
    client.force_login(resident)
    data = form_data(challenge.baseline, op="submit", title="Mine", rationale="Because")
    data["parent"] = str(parent.pk)
    parent.delete()
    response = client.post(url(challenge), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "no longer here" in html and 'value="Mine"' in html
    response = client.post(url(challenge), {**data, "parent": ""})
    assert response.status_code == 302
    assert Proposal.objects.get().parent is None


def test_a_nul_character_in_the_title_is_a_clear_error_on_every_database(
    client, challenge, resident
):
    client.force_login(resident)
    data = form_data(challenge.baseline, op="submit", title="Mine\x00", rationale="Because")
    response = client.post(url(challenge), data)
    assert response.status_code == 200
    assert "NUL character" in response.content.decode()
    assert Proposal.objects.count() == 0
