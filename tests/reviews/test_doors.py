"""Who gets through each reviews page (404 outside, 403 inside without the role), refusals that
name the field and lose nothing, and the panels other pages include."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from cocreate.challenges.models import Challenge
from cocreate.organizations.models import Role
from cocreate.proposals.models import Proposal
from cocreate.reviews.models import Assignment, Criterion, Score

from ..factories import make_member, make_proposal
from ..html import parse

ORG, SLUG = "auckland-transport", "dominion-road"
BASE = f"/manage/{ORG}/c/{SLUG}/"
STAFF_ONLY = ["scorecard/", "reviewers/", "scores/"]
EXPECTED = {  # role: (staff-only pages, the score sheet of the fixture's proposal)
    "owner": (200, 200),
    "staff": (200, 200),
    "assigned reviewer": (403, 200),
    "unassigned reviewer": (403, 403),
    "judge": (403, 403),
    "moderator": (403, 403),
    "resident": (404, 404),
    "other organization": (404, 404),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_page_answers_each_role_as_it_should(client, world, role):
    client.force_login(world.people[role])
    staff_pages, sheet = EXPECTED[role]
    for path in STAFF_ONLY:
        assert client.get(BASE + path).status_code == staff_pages, path
    assert client.get(BASE + f"p/{world.proposal.pk}/score/").status_code == sheet
    posts = {
        "scorecard/": {"name": "Sneaky", "weight": "1"},
        "scorecard/change/": {"criterion": world.safety.pk, "op": "remove"},
        "reviewers/": {"reviewer": world.people["staff"].pk, "proposals": world.proposal.pk},
        f"p/{world.proposal.pk}/reviewers/": {"reviewer": world.people["staff"].pk},
    }
    for path, post in posts.items():
        answer = client.post(BASE + path, post).status_code
        assert answer == (302 if staff_pages == 200 else staff_pages), path
    if staff_pages != 200:
        assert Criterion.objects.filter(challenge=world.challenge).count() == 2
        assert Assignment.objects.count() == 1


def test_anonymous_visitors_get_404(client, world):
    for path in [*STAFF_ONLY, f"p/{world.proposal.pk}/score/"]:
        assert client.get(BASE + path).status_code == 404


def test_another_organizations_slug_or_challenge_is_404(client, world):
    client.force_login(world.people["owner"])
    assert client.get(f"/manage/other-council/c/{SLUG}/scores/").status_code == 404
    assert client.get(f"/manage/{ORG}/c/queen-street/scores/").status_code == 404
    foreign = make_proposal(world.other_challenge, world.people["resident"], title="Elsewhere")
    assert client.get(BASE + f"p/{foreign.pk}/score/").status_code == 404
    response = client.post(
        BASE + f"p/{foreign.pk}/reviewers/", {"reviewer": world.people["staff"].pk}
    )
    assert response.status_code == 404


def test_a_hidden_proposal_is_404_to_its_reviewer_but_open_to_staff(client, world):
    Proposal.objects.filter(pk=world.proposal.pk).update(hidden=True)
    client.force_login(world.people["assigned reviewer"])
    assert client.get(BASE + f"p/{world.proposal.pk}/score/").status_code == 404
    client.force_login(world.people["staff"])
    assert client.get(BASE + f"p/{world.proposal.pk}/score/").status_code == 200
    scores = parse(client.get(BASE + "scores/?show=all"))
    assert not scores.select(f"tr[data-proposal='{world.proposal.pk}']")


def test_a_draft_challenge_still_opens_to_its_staff(client, world):
    Challenge.objects.filter(pk=world.challenge.pk).update(published_at=None)
    client.force_login(world.people["staff"])
    assert client.get(BASE + "scores/").status_code == 200
    client.force_login(world.people["resident"])
    assert client.get(BASE + "scores/").status_code == 404


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "whole number from 1 to 5"),
        ("-1", "whole number from 1 to 5"),
        ("2.5", "whole number from 1 to 5"),
        ("99999999999999999999999", "whole number from 1 to 5"),
        ("0", "whole number from 1 to 5"),
        ("6", "whole number from 1 to 5"),
        ("", "to go with the comment"),
    ],
)
def test_a_malformed_score_is_refused_beside_its_criterion(client, world, typed, message):
    client.force_login(world.people["assigned reviewer"])
    key = world.safety.pk
    post = {f"score_{key}": typed, f"comment_{key}": "Kept, not lost"}
    response = client.post(BASE + f"p/{world.proposal.pk}/score/", post)
    assert response.status_code == 400
    page = parse(response)
    error = page.one(f"fieldset[data-criterion='{key}'] .field-error").text
    assert "Safety for people walking and cycling" in error and message in error
    assert page.one(f"textarea[name=comment_{key}]").text == "Kept, not lost"
    assert not Score.objects.exists()


def test_a_score_for_a_metric_criterion_is_ignored_by_the_form(client, world):
    client.force_login(world.people["assigned reviewer"])
    post = {f"score_{world.capacity.pk}": "5", f"score_{world.safety.pk}": "3"}
    assert client.post(BASE + f"p/{world.proposal.pk}/score/", post).status_code == 302
    assert list(Score.objects.values_list("criterion_id", "value")) == [(world.safety.pk, 3)]


@pytest.mark.parametrize("role", ["judge", "moderator", "resident"])
def test_assigning_someone_who_does_not_review_is_a_400_naming_them(client, world, role):
    client.force_login(world.people["staff"])
    person = world.people[role]
    response = client.post(
        BASE + f"p/{world.proposal.pk}/reviewers/", {"reviewer": person.pk, "op": "assign"}
    )
    assert response.status_code == 400
    text = parse(response).one(".message.error").text
    assert person.username in text and "not a reviewer, staff or admin" in text
    response = client.post(
        BASE + "reviewers/", {"reviewer": person.pk, "proposals": world.proposal.pk}
    )
    assert response.status_code == 400
    page = parse(response)
    assert "not a reviewer" in page.one("#bulk-reviewer-error").text
    assert (
        page.one(f"input[name=proposals][value='{world.proposal.pk}']").get("checked") is not None
    )
    assert Assignment.objects.count() == 1


@pytest.mark.parametrize("reviewer", ["abc", "-3", "1e9", "99999999999999999999999", ""])
def test_a_malformed_reviewer_is_a_400(client, world, reviewer):
    client.force_login(world.people["staff"])
    response = client.post(BASE + "reviewers/", {"reviewer": reviewer, "proposals": "1"})
    assert response.status_code == 400
    assert "reviewer" in parse(response).one("#bulk-reviewer-error").text.lower()


def test_ticking_no_proposal_is_a_400(client, world):
    client.force_login(world.people["staff"])
    response = client.post(BASE + "reviewers/", {"reviewer": world.people["staff"].pk})
    assert response.status_code == 400
    assert "Choose at least one proposal" in parse(response).one(".assign-form .field-error").text
    response = client.post(
        BASE + "reviewers/", {"reviewer": world.people["staff"].pk, "proposals": "x"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"name": "", "weight": "1"}, "name"),
        ({"name": "Cost", "weight": "NaN"}, "weight"),
        ({"name": "Cost", "weight": "-1"}, "weight"),
        ({"name": "Cost", "weight": "1000"}, "weight"),
        ({"name": "Cost", "weight": "0"}, "weight"),
        ({"name": "Cost", "weight": "1", "kind": "metric", "metric": "cost"}, "metric"),
        ({"name": "Cost", "weight": "1", "direction": "sideways"}, "direction"),
        ({"name": "Bad\x00name", "weight": "1"}, "name"),
    ],
)
def test_a_refused_criterion_is_a_400_beside_its_field(client, world, post, field):
    client.force_login(world.people["staff"])
    response = client.post(BASE + "scorecard/", post)
    assert response.status_code == 400
    page = parse(response)
    assert page.one(f"#new-{field}-error").text
    if "\x00" not in post["name"]:
        assert page.one("#new-name")["value"] == post["name"]  # shown back, not lost
    assert Criterion.objects.filter(challenge=world.challenge).count() == 2


def test_a_refused_change_keeps_what_was_typed(client, world):
    client.force_login(world.people["staff"])
    post = {"criterion": world.safety.pk, "op": "save", "name": "Safer streets", "weight": "0"}
    response = client.post(BASE + "scorecard/change/", post)
    assert response.status_code == 400
    page = parse(response)
    prefix = f"#c{world.safety.pk}"
    assert page.one(f"{prefix}-weight-error").text == "Give a weight from 1 to 100."
    assert page.one(f"{prefix}-name")["value"] == "Safer streets"
    world.safety.refresh_from_db()
    assert world.safety.name == "Safety for people walking and cycling"


def test_changing_an_unknown_criterion_is_404(client, world):
    client.force_login(world.people["staff"])
    for pk in ("999999", "abc", ""):
        response = client.post(BASE + "scorecard/change/", {"criterion": pk, "op": "remove"})
        assert response.status_code == 404


def test_the_proposal_page_panel_is_only_for_staff_and_assigned_reviewers(client, world):
    url = f"/c/{SLUG}/p/{world.proposal.pk}/"
    page = parse(client.get(url))
    assert not page.select("#reviews")
    for role in ("resident", "judge", "moderator", "unassigned reviewer"):
        client.force_login(world.people[role])
        assert not parse(client.get(url)).select("#reviews"), role
    client.force_login(world.people["assigned reviewer"])
    panel = parse(client.get(url)).one("#reviews")
    assert panel.link("Score this proposal")["href"] == BASE + f"p/{world.proposal.pk}/score/"
    assert not panel.select("select")
    client.force_login(world.people["staff"])
    panel = parse(client.get(url)).one("#reviews")
    assigned = [li.one(".who").text for li in panel.select("ul.assigned-reviewers > li")]
    assert assigned == ["assigned"]
    assert panel.button("Assign reviewer")


def _panel_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_panel_costs_the_same_at_1_and_50_reviewers(client, world):
    url = f"/c/{SLUG}/p/{world.proposal.pk}/"
    client.force_login(world.people["staff"])
    client.get(url)  # warm the page's shared parts
    few = _panel_queries(client, url)
    for i in range(50):
        reviewer = make_member(world.organization, Role.REVIEWER, username=f"many{i}")
        if i % 2:
            Assignment.objects.create(proposal=world.proposal, reviewer=reviewer)
    many = _panel_queries(client, url)
    assert few == many
    panel = parse(client.get(url)).one("#reviews")
    assert len(panel.select("ul.assigned-reviewers > li")) == 26


def test_the_public_scorecard_lists_criteria_and_weights(world, django_assert_num_queries):
    template = Template("{% load reviews %}{% scorecard_public challenge %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"challenge": world.challenge}))
    page = parse(type("R", (), {"content": html.encode()})())
    rows = page.select("table.scorecard tbody tr")
    assert [(r.one(".name").text, r.one("td[data-share]").text) for r in rows] == [
        ("Safety for people walking and cycling", "60%"),
        ("Moves more people", "40%"),
    ]
    assert "From the design's Capacity (people/hour): more is better" in rows[1].text
    empty = Template("{% load reviews %}{% scorecard_public challenge %}").render(
        Context({"challenge": world.other_challenge})
    )
    assert "table" not in empty
