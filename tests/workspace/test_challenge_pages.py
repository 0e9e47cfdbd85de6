"""Challenges from pages: the workspace's list, creating and editing a challenge (settings,
phases, baseline, cover, publishing), what each bad input answers, and who may see a draft."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image as Picture

from cocreate.audit.models import AuditEntry
from cocreate.challenges.models import Challenge, Phase
from cocreate.challenges.services import phase_add
from cocreate.challenges.toolkits import toolkit_for
from cocreate.organizations.models import Role

from ..factories import UserFactory, make_challenge, make_member, make_organization, make_proposal
from ..html import messages, parse


def _settings(**changes):  # type: ignore[no-untyped-def]
    """A valid post of the challenge form, with `changes`."""
    data = {
        "title": "Best bus stop",
        "slug": "",
        "summary": "Design the stop",
        "brief": "Draw **the stop**.",
        "toolkit": "street-section@2",
        "visibility": "public",
        "support_budget": "",
        "answer_days": "60",
        "answer_trigger": "submission",
        "mode": "ideas",
        "cover_alt": "",
    }
    return data | changes


def _edit(draft: Challenge) -> str:
    return f"/manage/{draft.organization.slug}/c/{draft.slug}/edit/"


def _picture(kind: str = "PNG") -> io.BytesIO:
    out = io.BytesIO()
    Picture.new("RGB", (64, 32), "#3a7").save(out, kind)
    out.seek(0)
    out.name = f"cover.{kind.lower()}"
    return out


# ---- the workspace's list ------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_home_lists_every_challenge_with_its_state_in_constant_queries(
    client, owner, organization, staff, django_assert_num_queries, rows
):
    make_challenge(owner, organization, slug="published-one")
    for n in range(rows - 1):
        make_challenge(owner, organization, slug=f"more-{n}")
    make_proposal(Challenge.objects.get(slug="published-one"), owner)
    draft = Challenge.objects.get(slug="published-one")
    Challenge.objects.filter(slug="more-0").update(published_at=None)
    client.force_login(staff)
    with django_assert_num_queries(6):
        response = client.get(f"/manage/{organization.slug}/")
    page = parse(response)
    assert response.status_code == 200
    items = page.select("li.workspace-challenge")
    assert len(items) == rows
    first = next(i for i in items if i["data-slug"] == draft.slug)
    assert first.one("[data-status]")["data-status"] == "published"
    assert first.one(".proposal-count").text == "1 proposal"
    if rows > 1:
        unpublished = next(i for i in items if i["data-slug"] == "more-0")
        assert unpublished.one("[data-status]").text == "Draft"
    assert page.one("a.button.primary")["href"] == f"/manage/{organization.slug}/challenges/new/"


def test_home_is_hidden_from_outsiders_and_refused_to_members_without_the_role(
    client, organization, resident
):
    client.force_login(resident)
    assert client.get(f"/manage/{organization.slug}/").status_code == 404
    reviewer = make_member(organization, Role.REVIEWER)
    client.force_login(reviewer)
    assert client.get(f"/manage/{organization.slug}/").status_code == 403
    client.logout()
    assert client.get(f"/manage/{organization.slug}/").status_code == 404


# ---- creating -------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_new_form_in_constant_queries(
    client, owner, organization, staff, django_assert_num_queries, rows
):
    for n in range(rows):
        make_challenge(owner, organization, slug=f"c-{n}")
    client.force_login(staff)
    with django_assert_num_queries(5):
        response = client.get(f"/manage/{organization.slug}/challenges/new/")
    page = parse(response)
    assert response.status_code == 200
    legends = [legend.text for legend in page.select("form.challenge-form > fieldset > legend")]
    assert legends == [
        "About",
        "Brief",
        "Toolkit",
        "Who takes part, and how",
        "The answer promise",
        "Mode",
        "Cover",
    ]
    toolkits = [o["value"] for o in page.select("select[name=toolkit] option")]
    assert {"street-section@1", "street-section@2", "dominion-road@1", "cargo-bike@1"} <= set(
        toolkits
    )


def test_creating_makes_a_private_draft_once_and_suggests_the_address(
    client, organization, staff, resident
):
    client.force_login(staff)
    path = f"/manage/{organization.slug}/challenges/new/"
    data = _settings(idempotency_key="k-1")
    first = client.post(path, data)
    again = client.post(path, data)
    challenge = Challenge.objects.get()
    assert first.status_code == 302 and again.status_code == 302
    assert first["Location"] == again["Location"] == _edit(challenge)
    assert challenge.slug == "best-bus-stop"
    assert challenge.published_at is None
    assert (challenge.toolkit_id, challenge.toolkit_version) == ("street-section", 2)
    assert challenge.baseline == toolkit_for(challenge).baseline
    assert "<strong>the stop</strong>" in challenge.brief_html
    assert challenge.answer_days == 60
    assert AuditEntry.objects.filter(action="challenges.challenge_create").count() == 1
    client.force_login(resident)
    assert client.get(f"/c/{challenge.slug}/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"answer_days": "-3"}, "answer_days", "Enter a whole number"),
        ({"answer_days": "0"}, "answer_days", "Promise an answer within 1 to 3650 days."),
        ({"answer_days": "99999999999999999999"}, "answer_days", "Enter a whole number"),
        ({"answer_days": "NaN"}, "answer_days", "Enter a whole number"),
        ({"support_budget": "1e9"}, "support_budget", "Enter a whole number"),
        ({"support_budget": "100000"}, "support_budget", "from 1 to 1000"),
        ({"toolkit": "lego@9"}, "toolkit", "Select a valid choice"),
        ({"visibility": "everyone"}, "visibility", "Select a valid choice"),
        ({"slug": "no spaces"}, "slug", "Use only letters, digits"),
        ({"slug": "dominion-road"}, "slug", "This address is taken"),
        ({"rung-0-supporters": "10"}, "rung-0-days", "Rung 1: give both"),
    ],
)
def test_bad_input_is_refused_on_its_field(
    client, challenge, organization, staff, changes, field, message
):
    client.force_login(staff)
    response = client.post(f"/manage/{organization.slug}/challenges/new/", _settings(**changes))
    assert response.status_code == 400
    errors = parse(response).select(f"#id_{field}_error li")
    assert errors and message in errors[0].text
    assert Challenge.objects.count() == 1  # only the fixture's


def test_a_ladder_that_does_not_climb_is_refused_above_the_form(client, organization, staff):
    client.force_login(staff)
    rungs = {"rung-0-supporters": "100", "rung-0-days": "60"}
    rungs |= {"rung-1-supporters": "50", "rung-1-days": "90"}
    response = client.post(f"/manage/{organization.slug}/challenges/new/", _settings(**rungs))
    assert response.status_code == 400
    assert "rung 2: asks for more" in parse(response).one("#form-errors").text
    assert not Challenge.objects.exists()


def test_preview_renders_the_brief_without_saving(client, organization, staff):
    client.force_login(staff)
    response = client.post(
        f"/manage/{organization.slug}/challenges/new/",
        _settings(brief="**Stops**\n\n- shelter\n- *seats*", preview="1"),
    )
    assert response.status_code == 200
    preview = parse(response).one("#preview .brief")
    assert preview.one("strong").text == "Stops"
    assert [li.text for li in preview.select("li")] == ["shelter", "seats"]
    assert parse(response).one("textarea[name=brief]").text.strip().startswith("**Stops**")
    assert not Challenge.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_creating_post_in_constant_queries(
    client, owner, organization, staff, django_assert_num_queries, rows
):
    for n in range(rows):
        make_challenge(owner, organization, slug=f"c-{n}")
    client.force_login(staff)
    with django_assert_num_queries(15):
        response = client.post(
            f"/manage/{organization.slug}/challenges/new/", _settings(idempotency_key=f"k{rows}")
        )
    assert response.status_code == 302


# ---- editing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_edit_form_in_constant_queries(
    client, owner, draft, staff, django_assert_num_queries, rows
):
    start = timezone.now()
    for n in range(rows):
        phase_add(
            actor=owner,
            challenge=draft,
            name=f"Phase {n}",
            starts_at=start + timedelta(days=n),
            ends_at=start + timedelta(days=n + 1),
            actions=["submit"],
        )
    client.force_login(staff)
    with django_assert_num_queries(7):
        response = client.get(_edit(draft))
    page = parse(response)
    assert response.status_code == 200
    assert page.one("input[name=title]")["value"] == "Better bus stops"
    assert len(page.select("ol.phase-rows > li form.phase-form")) == rows
    assert page.one("#publish button").text == "Publish"
    assert page.one("#baseline figure svg")


@pytest.mark.parametrize("rows", [1, 50])
def test_edit_post_in_constant_queries(
    client, owner, draft, staff, django_assert_num_queries, rows
):
    draft.support_ladder = [{"supporters": n + 1, "days": n + 1} for n in range(min(rows, 5))]
    draft.save()
    client.force_login(staff)
    changes = _settings(title="Best bus stop", slug="bus-stops", toolkit="street-section@2")
    with django_assert_num_queries(10):
        response = client.post(_edit(draft), changes)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Best bus stop"
    assert draft.support_ladder == []
    entry = AuditEntry.objects.get(action="challenges.challenge_update")
    assert entry.before["title"] == "Better bus stops"
    assert entry.after["title"] == "Best bus stop"
    assert "summary" in entry.after and "visibility" not in entry.after


def test_edit_sets_a_ladder_budget_promise_and_mode(client, draft, staff):
    client.force_login(staff)
    rungs = {"rung-0-supporters": "100", "rung-0-days": "60"}
    rungs |= {"rung-1-supporters": "1000", "rung-1-days": "365"}
    changes = _settings(
        slug="bus-stops",
        toolkit="street-section@2",
        support_budget="3",
        allow_oppose="on",
        answer_days="30",
        answer_trigger="last_rung",
        mode="contest",
        visibility="unlisted",
        **rungs,
    )
    assert client.post(_edit(draft), changes).status_code == 302
    draft.refresh_from_db()
    assert draft.support_ladder == [
        {"supporters": 100, "days": 60},
        {"supporters": 1000, "days": 365},
    ]
    assert (draft.support_budget, draft.allow_oppose, draft.answer_days) == (3, True, 30)
    assert (draft.answer_trigger, draft.mode, draft.visibility) == (
        "last_rung",
        "contest",
        "unlisted",
    )
    page = parse(client.get(_edit(draft)))
    assert page.one("input[name=rung-1-supporters]")["value"] == "1000"
    assert page.one("input[name=answer_trigger][value=last_rung]").get("checked") is not None


def test_changing_the_toolkit_brings_its_baseline_unless_proposals_exist(
    client, owner, draft, staff
):
    client.force_login(staff)
    response = client.post(_edit(draft), _settings(slug="bus-stops", toolkit="dominion-road@1"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.toolkit_id == "dominion-road"
    assert draft.baseline == toolkit_for(draft).baseline
    phase_add(
        actor=owner,
        challenge=draft,
        name="Open",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=9),
        actions=["submit"],
    )
    make_proposal(draft, owner)
    response = client.post(_edit(draft), _settings(slug="bus-stops", toolkit="street-section@2"))
    assert response.status_code == 400
    assert "can no longer be changed" in parse(response).one("#id_toolkit_error").text
    draft.refresh_from_db()
    assert draft.toolkit_id == "dominion-road"


def test_another_organizations_challenge_is_not_found(client, draft, staff):
    stranger = UserFactory()
    elsewhere = make_organization(stranger, slug="elsewhere")
    theirs = make_challenge(stranger, elsewhere, slug="theirs")
    client.force_login(staff)
    assert client.get(f"/manage/{draft.organization.slug}/c/theirs/edit/").status_code == 404
    assert client.get(f"/manage/elsewhere/c/{theirs.slug}/edit/").status_code == 404
    assert client.post(f"/manage/elsewhere/c/{theirs.slug}/publish/").status_code == 404


# ---- cover ---------------------------------------------------------------------------------------


def test_cover_is_uploaded_with_its_description_and_shown_on_the_challenge_page(
    client, draft, staff
):
    client.force_login(staff)
    changes = _settings(slug="bus-stops", toolkit="street-section@2")
    refused = client.post(_edit(draft), changes | {"cover": _picture()})
    assert refused.status_code == 400
    assert "Describe the cover" in parse(refused).one("#id_cover_alt_error").text
    not_a_picture = io.BytesIO(b"GIF89a not really")
    not_a_picture.name = "cover.png"
    response = client.post(_edit(draft), changes | {"cover": not_a_picture, "cover_alt": "x"})
    assert response.status_code == 400
    assert parse(response).select("#id_cover_error")
    response = client.post(
        _edit(draft), changes | {"cover": _picture("WEBP"), "cover_alt": "The stop at dusk"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.cover_image is not None
    page = parse(client.get(f"/c/{draft.slug}/"))
    image = page.one("figure.challenge-cover img")
    assert image["alt"] == "The stop at dusk"
    assert client.get(image["src"]).status_code == 200
    client.post(_edit(draft), changes | {"cover_remove": "on"})
    draft.refresh_from_db()
    assert draft.cover_image is None
    assert not parse(client.get(f"/c/{draft.slug}/")).select("figure.challenge-cover")


# ---- phases --------------------------------------------------------------------------------------


def _phase(prefix: str, **changes):  # type: ignore[no-untyped-def]
    data = {"name": "Ideas", "starts_at": "2031-03-01T09:00", "ends_at": "2031-04-01T09:00"}
    data |= {"actions": ["submit", "support"]}
    data |= changes
    return {f"{prefix}-{key}": value for key, value in data.items()}


def test_phases_are_added_changed_and_removed(client, draft, staff):
    client.force_login(staff)
    base = f"/manage/{draft.organization.slug}/c/{draft.slug}/phases/"
    response = client.post(base, _phase("new-phase") | {"idempotency_key": "p1"})
    assert response.status_code == 302
    assert client.post(base, _phase("new-phase") | {"idempotency_key": "p1"}).status_code == 302
    phase = Phase.objects.get()
    assert phase.actions == ["submit", "support"]
    assert phase.starts_at.isoformat() == "2031-03-01T09:00:00+00:00"
    overlapping = client.post(
        base, _phase("new-phase", starts_at="2031-03-15T00:00", ends_at="2031-05-01T00:00")
    )
    assert overlapping.status_code == 400
    assert "must not overlap" in parse(overlapping).one("#id_new-phase-starts_at_error").text
    backwards = client.post(base, _phase("new-phase", ends_at="2031-02-01T00:00"))
    assert "end after it starts" in parse(backwards).one("#id_new-phase-ends_at_error").text
    malformed = client.post(base, _phase("new-phase", starts_at="31/02/2031"))
    assert "Enter a date and time" in parse(malformed).one("#id_new-phase-starts_at_error").text
    unknown = client.post(base, _phase("new-phase", actions=["vote"]))
    assert unknown.status_code == 400
    assert Phase.objects.count() == 1
    prefix = f"phase-{phase.pk}"
    response = client.post(f"{base}{phase.pk}/", _phase(prefix, name="Vote", actions=["compare"]))
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.name, phase.actions) == ("Vote", ["compare"])
    assert client.post(f"{base}{phase.pk}/", {"remove": "1"}).status_code == 302
    assert not Phase.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"challenges.phase_add", "challenges.phase_update", "challenges.phase_remove"} <= actions


def test_a_phase_of_another_challenge_is_not_found(client, owner, organization, draft, staff):
    other = make_challenge(owner, organization, slug="other")
    phase = other.phases.get()
    client.force_login(staff)
    path = f"/manage/{organization.slug}/c/{draft.slug}/phases/{phase.pk}/"
    assert client.post(path, {"remove": "1"}).status_code == 404
    assert other.phases.exists()


# ---- publishing ----------------------------------------------------------------------------------


def test_publishing_needs_a_phase_then_opens_the_draft(client, owner, draft, staff, resident):
    client.force_login(staff)
    path = f"/manage/{draft.organization.slug}/c/{draft.slug}/publish/"
    refused = client.post(path)
    assert refused.status_code == 400
    assert "Add at least one phase" in parse(refused).one("#publish .message.error").text
    phase_add(
        actor=owner,
        challenge=draft,
        name="Ideas",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(days=30),
        actions=["submit"],
    )
    response = client.post(path, follow=True)
    assert "Published" in messages(parse(response))[0]
    draft.refresh_from_db()
    assert draft.published_at is not None
    client.force_login(resident)
    assert client.get(f"/c/{draft.slug}/").status_code == 200


def test_a_draft_is_seen_only_by_its_organizations_members(client, draft, resident):
    reviewer = make_member(draft.organization, Role.REVIEWER)
    stranger = UserFactory()
    make_organization(stranger, slug="elsewhere")
    for person, status in [(None, 404), (resident, 404), (stranger, 404), (reviewer, 200)]:
        client.logout()
        if person is not None:
            client.force_login(person)
        assert client.get(f"/c/{draft.slug}/").status_code == status
        listed = parse(client.get(f"/o/{draft.organization.slug}/"))
        titles = [a.text for a in listed.select(".cards.challenges h3 a")]
        assert draft.title not in titles
    assert draft.title not in client.get("/").content.decode() or reviewer


# ---- the baseline --------------------------------------------------------------------------------


def _widened(challenge: Challenge, index: int, by: float):  # type: ignore[no-untyped-def]
    design = json.loads(json.dumps(challenge.baseline))
    design["parts"][index]["width"] = round(design["parts"][index]["width"] + by, 2)
    return design


@pytest.mark.parametrize("rows", [1, 50])
def test_baseline_page_in_constant_queries(
    client, owner, challenge, organization, staff, django_assert_num_queries, rows
):
    for n in range(rows):
        make_proposal(challenge, owner, title=f"Idea {n}")
    client.force_login(staff)
    with django_assert_num_queries(7):
        response = client.get(f"/manage/{organization.slug}/c/{challenge.slug}/baseline/")
    page = parse(response)
    assert response.status_code == 200
    assert page.one("#editor").get("data-draft-url") is None
    assert page.one("form#toolkit")["action"] == (
        f"/manage/{organization.slug}/c/{challenge.slug}/baseline/"
    )
    assert page.button("Save baseline")
    assert not page.select("form#toolkit [name=title]")
    assert "start from the baseline you save" in page.one("#baseline-warning").text


@pytest.mark.parametrize("rows", [1, 50])
def test_saving_the_baseline_in_constant_queries(
    client, owner, challenge, organization, staff, django_assert_num_queries, rows
):
    for n in range(rows):
        make_proposal(challenge, owner, title=f"Idea {n}")
    kept = list(challenge.proposals.values_list("design", flat=True))
    client.force_login(staff)
    design = _widened(challenge, 0, 0.2)
    design["parts"][-1]["width"] = round(design["parts"][-1]["width"] - 0.2, 2)
    path = f"/manage/{organization.slug}/c/{challenge.slug}/baseline/"
    with django_assert_num_queries(9):
        response = client.post(
            path, {"design-json": json.dumps(design), "op": "submit", "count": "0"}
        )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.baseline["parts"][0]["width"] == design["parts"][0]["width"]
    assert f"{design['parts'][0]['width']:g}" in challenge.baseline_svg or challenge.baseline_svg
    assert list(challenge.proposals.values_list("design", flat=True)) == kept
    entry = AuditEntry.objects.get(action="challenges.challenge_baseline_set")
    assert entry.after["baseline"] == challenge.baseline


def test_a_baseline_breaking_a_rule_is_refused_and_kept_on_the_page(
    client, challenge, organization, staff
):
    client.force_login(staff)
    before = challenge.baseline
    design = _widened(challenge, 0, 5)  # wider than the street: the fit rule's error
    path = f"/manage/{organization.slug}/c/{challenge.slug}/baseline/"
    response = client.post(path, {"design-json": json.dumps(design), "op": "submit"})
    assert response.status_code == 400
    page = parse(response)
    assert page.select("#submit-errors p")
    assert page.select("ul.blocked-list li")
    challenge.refresh_from_db()
    assert challenge.baseline == before


def test_the_baseline_form_view_adds_a_part_without_saving(client, challenge, organization, staff):
    client.force_login(staff)
    path = f"/manage/{organization.slug}/c/{challenge.slug}/baseline/"
    fields = parse(client.get(path))
    data = {
        el["name"]: el.get("value", "")
        for el in fields.select("form#toolkit input")
        if el.get("name") and el.get("type") != "submit"
    }
    data |= {
        sel["name"]: next(o["value"] for o in sel.select("option") if o.get("selected") is not None)
        for sel in fields.select("form#toolkit select")
        if sel.select("option[selected]")
    }
    data |= {"op": "add", "add-type": "sidewalk"}
    response = client.post(path, data)
    assert response.status_code == 200
    count = len(challenge.baseline["parts"])
    assert parse(response).one("input[name=count]")["value"] == str(count + 1)
    challenge.refresh_from_db()
    assert len(challenge.baseline["parts"]) == count


def test_a_post_that_is_no_design_answers_400(client, challenge, organization, staff):
    client.force_login(staff)
    path = f"/manage/{organization.slug}/c/{challenge.slug}/baseline/"
    response = client.post(path, {"design-json": "[1, 2", "op": "submit"})
    assert response.status_code == 400
    assert parse(response).one("form#toolkit p.message.error[role=alert]")


# ---- the organization's page ---------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_organization_page_lists_its_published_challenges_in_constant_queries(
    client, owner, organization, draft, django_assert_num_queries, rows
):
    for n in range(rows):
        make_challenge(owner, organization, slug=f"open-{n}")
    # the organization, its challenges, and its response record (decisions: one query, cached)
    with django_assert_num_queries(3):
        response = client.get(f"/o/{organization.slug}/")
    page = parse(response)
    assert response.status_code == 200
    assert page.one("h1").text == organization.name
    cards = page.select("ul.cards.challenges > li.card")
    assert len(cards) == rows
    assert all(card.select("a.thumb svg") for card in cards)
    assert draft.title not in [card.one("h3 a").text for card in cards]
    assert client.get("/o/nobody-here/").status_code == 404


def test_the_challenge_page_links_to_its_organization(client, challenge):
    page = parse(client.get(f"/c/{challenge.slug}/"))
    link = page.one("p.meta a")
    assert link["href"] == f"/o/{challenge.organization.slug}/"
