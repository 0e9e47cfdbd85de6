"""Odd input at every form, over HTTP: a NUL byte, control characters, too much text, missing
fields, numbers that are not numbers. Each gets a clear 4xx or the form again with the error
(never a 500), and nothing already saved is lost."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from cocreate.accounts.models import User
from cocreate.challenges.models import Action
from cocreate.community.models import Comment
from cocreate.community.services import comment_create
from cocreate.moderation.models import Report
from cocreate.notifications.models import Frequency, Kind, Preference
from cocreate.notifications.services import preferences_set
from cocreate.organizations.models import Membership, Role
from cocreate.proposals.models import Draft, Pledge, Proposal
from cocreate.proposals.services import pledge_set

from ..factories import UserFactory, make_challenge, make_proposal

NUL, ESC, BELL = "a\x00b", "a\x1bb", "\x07"
UNREADABLE_NUMBERS = ["NaN", "inf", "-Infinity", "1e999999", "9" * 60, "-5", "lots", "²"]
ODD_TEXT = [NUL, ESC, BELL, "x" * 100_000]


@pytest.fixture
def talk(owner, organization):
    return make_challenge(
        owner, organization, slug="talk", actions=[Action.SUBMIT, Action.COMMENT, Action.SUPPORT]
    )


@pytest.fixture
def proposal(talk, resident):
    return make_proposal(talk, resident)


@pytest.fixture
def page(proposal):
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/"


# --- comments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"body": NUL}, "NUL character"),
        ({"body": ESC}, "control character (U+001B)"),
        ({"body": "x" * 100_000}, "Keep the comment under 5,000 characters"),
        ({}, "Write a comment before posting it."),
        ({"body": "Fine", "part": "NaN"}, "Choose one of this design"),
        ({"body": "Fine", "part": "-1"}, "Choose one of this design"),
        ({"body": "Fine", "part": "9" * 40}, "Choose one of this design"),
        ({"body": "Fine", "parent": "1e3"}, "Reply to a comment on this proposal."),
        ({"body": "Fine", "stance": NUL}, "NUL character"),
    ],
)
def test_odd_comments_are_refused_with_the_form_again(client, other, page, data, says):
    client.force_login(other)
    response = client.post(page + "comments/", data)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Comment.objects.exists()


def test_a_multi_line_comment_keeps_its_line_breaks(client, other, page):
    client.force_login(other)
    response = client.post(page + "comments/", {"body": "First line\r\n\tsecond"})
    assert response.status_code == 302
    assert Comment.objects.get().body == "First line\n\tsecond"


@pytest.mark.parametrize("body", ODD_TEXT)
def test_an_odd_edit_keeps_the_saved_comment(client, resident, proposal, page, body):
    comment = comment_create(actor=resident, proposal=proposal, body="Mine")
    client.force_login(resident)
    response = client.post(page + f"comments/{comment.pk}/edit/", {"body": body})
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.body == "Mine"


# --- moderation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [{"reason": "spam", "note": note} for note in ODD_TEXT]
    + [{}, {"reason": NUL}, {"reason": "x" * 5000}],
)
def test_odd_reports_are_refused_and_not_filed(client, other, page, data):
    client.force_login(other)
    response = client.post(page + "report/", data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Report.objects.exists()


@pytest.fixture
def moderator(organization):
    user = UserFactory(username="mod")
    Membership.objects.create(organization=organization, user=user, role=Role.MODERATOR)
    return user


@pytest.mark.parametrize(
    "data",
    [
        {"kind": NUL, "target": "1"},
        {"kind": "proposal", "target": "NaN"},
        {"kind": "proposal", "target": "-1"},
        {"kind": "proposal", "target": "9" * 40},
        {"kind": "proposal"},
    ],
)
def test_a_decision_about_nothing_is_a_404(client, moderator, organization, data):
    client.force_login(moderator)
    response = client.post(f"/o/{organization.slug}/moderation/decide/", data)
    assert response.status_code == 404


@pytest.mark.parametrize("note", ODD_TEXT)
def test_an_odd_decision_note_changes_nothing(client, moderator, organization, proposal, note):
    client.force_login(moderator)
    data = {"kind": "proposal", "target": str(proposal.pk), "decision": "hide", "note": note}
    response = client.post(f"/o/{organization.slug}/moderation/decide/", data, follow=True)
    assert response.status_code == 200
    assert re.search(r'<p class="message error">(The|Keep the) note ', response.content.decode())
    proposal.refresh_from_db()
    assert not proposal.hidden


# --- supports and pledges --------------------------------------------------------------------


@pytest.mark.parametrize("amount", [*UNREADABLE_NUMBERS, "0", "0.001", "1000000.01", ""])
def test_odd_pledges_are_refused_and_the_saved_one_kept(client, other, proposal, page, amount):
    pledge_set(actor=other, proposal=proposal, kind="money", amount=Decimal("25"))
    client.force_login(other)
    response = client.post(page + "pledge/", {"kind": "money", "amount": amount}, follow=True)
    assert response.status_code == 200
    assert "more than 0 and at most 1,000,000" in response.content.decode()
    assert Pledge.objects.get().amount == Decimal("25.00")


@pytest.mark.parametrize(
    "data", [{"kind": NUL, "amount": "5"}, {"kind": "money", "amount": "5", "note": ESC}]
)
def test_odd_pledge_words_are_refused(client, other, page, data):
    client.force_login(other)
    response = client.post(page + "pledge/", data, follow=True)
    assert response.status_code == 200
    assert '<p class="message error">The ' in response.content.decode()
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("back", [NUL, "x" * 100_000, "https://elsewhere.example/"])
def test_support_goes_back_only_to_a_readable_page_on_this_site(client, other, page, back):
    client.force_login(other)
    response = client.post(page + "support/", {"next": back})
    assert response.status_code == 302
    assert response["Location"] == page


# --- notifications, settings -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "challenge", "pk": "NaN"},
        {"kind": "challenge", "pk": "-1"},
        {"kind": "challenge", "pk": "1e9"},
        {"kind": NUL, "pk": "1"},
        {"kind": "challenge"},
    ],
)
def test_following_nothing_is_a_404(client, resident, data):
    client.force_login(resident)
    assert client.post("/notifications/follow/", data).status_code == 404


@pytest.mark.parametrize("frequency", ODD_TEXT)
def test_odd_preferences_are_refused_and_the_saved_ones_kept(client, resident, frequency):
    kind = Kind.values[0]
    preferences_set(actor=resident, choices={kind: Frequency.OFF})
    client.force_login(resident)
    response = client.post("/notifications/settings/", {kind: frequency})
    assert response.status_code == 400
    assert Preference.objects.get(user=resident, kind=kind).frequency == Frequency.OFF


@pytest.mark.parametrize("units", [*ODD_TEXT, ""])
def test_odd_units_are_a_400_and_the_saved_ones_kept(client, resident, units):
    client.force_login(resident)
    response = client.post("/accounts/units/", {"units": units})
    assert response.status_code == 400
    assert response.json()["error"]
    assert User.objects.get(pk=resident.pk).units == "metric"


@pytest.mark.parametrize("value", ["yes", "1", NUL, "x" * 5000])
def test_only_a_ticked_box_makes_a_profile_public(client, resident, value):
    resident.profile_public = False
    resident.save(update_fields=["profile_public"])
    client.force_login(resident)
    assert client.post("/accounts/privacy/", {"profile_public": value}).status_code == 302
    assert not User.objects.get(pk=resident.pk).profile_public


# --- query strings ---------------------------------------------------------------------------


@pytest.mark.parametrize("odd", [*UNREADABLE_NUMBERS, NUL, ESC, "x" * 5000])
def test_odd_query_strings_still_show_the_page(client, resident, talk, proposal, odd):
    client.force_login(resident)
    for path, query in [
        (f"/c/{talk.slug}/", {"sort": odd, "page": odd}),
        (f"/u/{resident.username}/", {"page": odd}),
        ("/notifications/", {"before": odd}),
        ("/notifications/", {"after": odd}),
        (f"/c/{talk.slug}/search/", {"q": "wider", "page": odd}),
        (f"/c/{talk.slug}/similar/", {"title": odd}),
        (f"/c/{talk.slug}/toolkit/", {"remix": odd, "fresh": odd}),
    ]:
        assert client.get(path, query).status_code == 200, (path, query)


@pytest.mark.parametrize("q", [NUL, ESC])
def test_a_search_with_control_characters_says_so(client, talk, q):
    response = client.get(f"/c/{talk.slug}/search/", {"q": q})
    assert response.status_code == 400
    assert 'id="search-q-error"' in response.content.decode()


@pytest.mark.parametrize("odd", [NUL, "1e9", "-3", "x" * 5000, "NaN"])
def test_comparing_with_an_odd_side_names_the_side(client, talk, odd):
    response = client.get(f"/c/{talk.slug}/compare/", {"a": "baseline", "b": odd})
    assert response.status_code == 400
    assert "Design B: choose a proposal" in response.content.decode()


# --- the toolkit -----------------------------------------------------------------------------


def _section_post(design, **extra):
    """The plain-HTML toolkit's fields for `design`, with `extra` on top."""
    fields = {"count": str(len(design["parts"])), "parent": "", "op": "update"}
    for index, part in enumerate(design["parts"]):
        fields |= {
            f"part-{index}-{key}": str(part[key]) for key in ("type", "width", "id") if key in part
        }
        for axis, value in (part.get("variant") or {}).items():
            fields[f"part-{index}-variant-{axis}"] = value
    return fields | extra


def _toolkit(talk):
    return f"/c/{talk.slug}/toolkit/"


@pytest.mark.parametrize(
    ("words", "says"),
    [
        ({"title": "Mine\x00"}, "The title contains a NUL character"),
        ({"title": "Mine\x1b"}, "The title contains a control character"),
        ({"title": "x" * 141}, "Keep the title under 140 characters"),
        ({"rationale": "Why\x00"}, "The reason contains a NUL character"),
        ({"rationale": "x" * 20_001}, "Keep the reason under 20,000 characters"),
    ],
)
def test_odd_words_are_shown_back_with_the_error_and_nothing_is_published(
    client, resident, talk, words, says
):
    client.force_login(resident)
    data = _section_post(talk.baseline, title="Mine", rationale="Because", op="submit") | words
    response = client.post(_toolkit(talk), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert says in html
    assert not Proposal.objects.exists()
    kept = Draft.objects.get(challenge=talk)  # as typed, but for the NUL no database stores
    words = (data["title"], data["rationale"])
    assert (kept.title, kept.rationale) == tuple(w.replace("\x00", "") for w in words)


@pytest.mark.parametrize("width", [*UNREADABLE_NUMBERS, "0", "0.0004", "1001", ""])
def test_odd_widths_are_marked_beside_the_part(client, talk, width):
    data = _section_post(talk.baseline, **{"part-1-width": width})
    response = client.post(_toolkit(talk), data)
    assert response.status_code == 200
    assert 'id="part-1-width-error"' in response.content.decode()


@pytest.mark.parametrize(
    "odd",
    [
        {"count": "NaN"},
        {"count": "-3"},
        {"count": "9" * 30},
        {"count": "201"},
        {"part-0-type": NUL},
        {"part-0-type": "x" * 5000},
        {"part-0-id": ESC},
        {"design-json": '{"parts": []}' + NUL},
        {"design-json": "[" * 300_000},
        {"design-json": "not json"},
    ],
)
def test_a_post_that_is_no_design_is_a_400_and_the_saved_draft_is_kept(client, talk, odd):
    saved = _section_post(talk.baseline, title="Kept")
    saved["part-0-width"] = str(float(saved["part-0-width"]) - 0.5)
    saved["part-1-width"] = str(float(saved["part-1-width"]) + 0.5)
    client.post(_toolkit(talk), saved)
    kept = Draft.objects.get(challenge=talk).design
    response = client.post(_toolkit(talk), _section_post(talk.baseline) | odd)
    assert response.status_code == 400
    assert Draft.objects.get(challenge=talk).design == kept


@pytest.mark.parametrize("odd", [NUL, "x" * 300_000, "[]", "{"])
def test_an_odd_autosave_is_a_400_and_the_saved_draft_is_kept(client, talk, odd):
    client.post(_toolkit(talk) + "draft/", {"design-json": json.dumps(talk.baseline)})
    kept = Draft.objects.values().get(challenge=talk)
    response = client.post(_toolkit(talk) + "draft/", {"design-json": odd})
    assert response.status_code == 400
    assert response.json()["error"]
    assert Draft.objects.values().get(challenge=talk) == kept


@pytest.fixture
def bikes(owner, organization):
    return make_challenge(owner, organization, slug="bikes", toolkit_id="cargo-bike")


@pytest.mark.parametrize("value", [*UNREADABLE_NUMBERS[:5], "", "1,5,5"])
def test_odd_configurator_numbers_are_marked_and_block_submission(client, resident, bikes, value):
    client.force_login(resident)
    data = {"op": "submit", "title": "Mine", "rationale": "Because", "parameter-battery_wh": value}
    response = client.post(_toolkit(bikes), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fix the numbers marked in the form first." in html
    assert not Proposal.objects.exists()


def test_an_import_without_a_file_says_what_to_choose(client, talk):
    response = client.post(_toolkit(talk) + "streetmix/import/", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "Choose a Streetmix street file" in response.json()["error"]
