"""The reviews pages and posts: content, doors, refusals, and query counts equal at 1 and 50
rows."""

from __future__ import annotations

import pytest

from cocreate.organizations.models import Role
from cocreate.reviews.models import Assignment, Criterion, Score
from cocreate.reviews.services import criterion_add, reviewer_assign, score_set

from ..factories import make_member, make_proposal
from ..html import messages, parse

ORG, SLUG = "auckland-transport", "dominion-road"
BASE = f"/manage/{ORG}/c/{SLUG}/"


def _proposals(world, n):
    return [
        make_proposal(world.challenge, world.people["resident"], title=f"Idea {i}")
        for i in range(n)
    ]


def _reviewers(world, n):
    return [make_member(world.organization, Role.REVIEWER, username=f"rev{i}") for i in range(n)]


# Pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 20])  # 20: the most criteria a scorecard may have
def test_scorecard_page_in_constant_queries(client, world, django_assert_num_queries, rows):
    for i in range(rows - 2 if rows > 2 else 0):
        criterion_add(actor=world.people["owner"], challenge=world.challenge, name=f"C{i}")
    if rows == 1:
        Criterion.objects.filter(pk=world.capacity.pk).delete()
    client.force_login(world.people["staff"])
    with django_assert_num_queries(QUERIES["scorecard"]):
        response = client.get(BASE + "scorecard/")
    assert response.status_code == 200
    page = parse(response)
    assert len(page.select("ol.criteria > li.criterion")) == rows
    assert page.button("Add criterion")
    legend = page.one(f"#criterion-{world.safety.pk} legend").text
    assert legend.startswith("Safety for people walking and cycling")


@pytest.mark.parametrize("rows", [1, 50])
def test_reviewers_page_in_constant_queries(client, world, django_assert_num_queries, rows):
    proposals = _proposals(world, rows)
    for reviewer in _reviewers(world, rows):
        reviewer_assign(actor=world.people["owner"], reviewer=reviewer, proposals=proposals[:3])
    client.force_login(world.people["staff"])
    with django_assert_num_queries(QUERIES["reviewers"]):
        response = client.get(BASE + "reviewers/")
    assert response.status_code == 200
    page = parse(response)
    # owner, staff, two fixture reviewers and the new ones; judges and moderators don't review
    assert len(page.select("table.loads tbody tr")) == 4 + rows
    assigned = page.one(f"table.loads tr[data-reviewer='{world.people['assigned reviewer'].pk}']")
    assert assigned.one("td[data-assigned]").text == "1"
    assert len(page.select("table.assignments tbody tr")) == rows + 1
    assert page.button("Assign reviewer")


@pytest.mark.parametrize("rows", [1, 50])
def test_score_page_in_constant_queries(client, world, django_assert_num_queries, rows):
    _proposals(world, rows)
    for reviewer in _reviewers(world, rows):
        reviewer_assign(actor=world.people["owner"], reviewer=reviewer, proposals=[world.proposal])
        score_set(actor=reviewer, proposal=world.proposal, scores={world.safety.pk: (3, "")})
    client.force_login(world.people["assigned reviewer"])
    with django_assert_num_queries(QUERIES["score"]):
        response = client.get(BASE + f"p/{world.proposal.pk}/score/")
    assert response.status_code == 200
    page = parse(response)
    assert page.select("figure.section-drawing > svg")
    fieldset = page.one(f"fieldset[data-criterion='{world.safety.pk}']")
    assert fieldset.one("legend").text.startswith("Safety for people walking and cycling")
    assert [i["value"] for i in fieldset.select("input[type=radio]")] == ["1", "2", "3", "4", "5"]
    assert not fieldset.select("input[checked]")  # the others' scores are not this reviewer's
    assert page.one(f"div[data-criterion='{world.capacity.pk}'] output[data-normalised]")
    assert page.button("Save scores")


@pytest.mark.parametrize("rows", [1, 50])
def test_scores_page_in_constant_queries(client, world, django_assert_num_queries, rows):
    proposals = _proposals(world, rows)
    owner, staff = world.people["owner"], world.people["staff"]
    for i, proposal in enumerate(proposals):
        score_set(actor=owner, proposal=proposal, scores={world.safety.pk: (1 + i % 5, "")})
        score_set(actor=staff, proposal=proposal, scores={world.safety.pk: (1 + (i + 1) % 5, "")})
    client.force_login(staff)
    with django_assert_num_queries(QUERIES["scores"]):
        response = client.get(BASE + "scores/?sort=total&show=all")
    assert response.status_code == 200
    page = parse(response)
    assert len(page.select("table.results tbody tr")) == rows + 1
    cells = [tr.one("td[data-total]") for tr in page.select("table.results tbody tr")]
    partial = [bool(cell.select(".partial")) for cell in cells]
    assert partial == [False] * rows + [True]  # the fixture's unscored proposal comes last
    numbers = [float(cell.text) for cell in cells[:rows]]
    assert numbers == sorted(numbers, reverse=True)
    scored_only = parse(client.get(BASE + "scores/"))  # the default: what reviewers scored
    assert len(scored_only.select("table.results tbody tr")) == rows
    assert f"{rows} of {rows + 1} proposals scored" in scored_only.one(".summary").text


# Posts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 20])
def test_adding_a_criterion_in_constant_queries(client, world, django_assert_num_queries, rows):
    Criterion.objects.filter(challenge=world.challenge).delete()
    for i in range(rows - 1):
        criterion_add(actor=world.people["owner"], challenge=world.challenge, name=f"C{i}")
    client.force_login(world.people["staff"])
    post = {"name": "Fits the street's character", "weight": "2", "kind": "scored"}
    with django_assert_num_queries(QUERIES["scorecard add"]):
        response = client.post(BASE + "scorecard/", {**post, "idempotency_key": "k1"})
    assert response.status_code == 302
    assert Criterion.objects.filter(challenge=world.challenge).count() == rows
    assert client.post(BASE + "scorecard/", {**post, "idempotency_key": "k1"}).status_code == 302
    assert Criterion.objects.filter(challenge=world.challenge).count() == rows  # once


@pytest.mark.parametrize("rows", [2, 20])  # the fixture's two, and the most a scorecard has
def test_changing_a_criterion_in_constant_queries(client, world, django_assert_num_queries, rows):
    for i in range(rows - 2):
        criterion_add(actor=world.people["owner"], challenge=world.challenge, name=f"C{i}")
    client.force_login(world.people["staff"])
    post = {
        "criterion": world.capacity.pk,
        "op": "save",
        "name": "Moves more people",
        "weight": "5",
        "kind": "metric",
        "metric": "capacity",
        "direction": "more",
    }
    with django_assert_num_queries(QUERIES["scorecard change"]):
        response = client.post(BASE + "scorecard/change/", post)
    assert response.status_code == 302
    world.capacity.refresh_from_db()
    assert world.capacity.weight == 5
    with django_assert_num_queries(QUERIES["scorecard move"]):
        client.post(BASE + "scorecard/change/", {"criterion": world.capacity.pk, "op": "up"})
    assert Criterion.objects.filter(challenge=world.challenge).first() == world.capacity


@pytest.mark.parametrize("rows", [1, 50])
def test_bulk_assignment_in_constant_queries(client, world, django_assert_num_queries, rows):
    proposals = _proposals(world, rows)
    reviewer = world.people["unassigned reviewer"]
    client.force_login(world.people["staff"])
    post = {"reviewer": reviewer.pk, "proposals": [p.pk for p in proposals], "op": "assign"}
    with django_assert_num_queries(QUERIES["bulk assign"]):
        response = client.post(BASE + "reviewers/", post)
    assert response.status_code == 302
    assert Assignment.objects.filter(reviewer=reviewer).count() == rows
    page = parse(client.get(BASE + "reviewers/"))
    assert messages(page) == [f"unassigned assigned to {rows} proposal{'s' if rows > 1 else ''}."]
    load = page.one(f"table.loads tr[data-reviewer='{reviewer.pk}'] td[data-assigned]")
    assert load.text == str(rows)
    with django_assert_num_queries(QUERIES["bulk unassign"]):
        response = client.post(BASE + "reviewers/", {**post, "op": "unassign"})
    assert response.status_code == 302
    assert not Assignment.objects.filter(reviewer=reviewer).exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_assign_reviewer_from_the_proposal_page(client, world, django_assert_num_queries, rows):
    _reviewers(world, rows)
    staff, reviewer = world.people["staff"], world.people["unassigned reviewer"]
    client.force_login(staff)
    page = parse(client.get(f"/c/{SLUG}/p/{world.proposal.pk}/"))
    form = page.button("Assign reviewer").parent
    assert form.tag == "form"
    options = [o["value"] for o in form.select("select[name=reviewer] option")]
    assert str(reviewer.pk) in options
    assert str(world.people["assigned reviewer"].pk) not in options  # already assigned
    assert str(world.people["judge"].pk) not in options
    url = form["action"]
    with django_assert_num_queries(QUERIES["proposal assign"]):
        response = client.post(url, {"reviewer": reviewer.pk, "op": "assign"})
    assert response.status_code == 302
    assert response["Location"] == f"/c/{SLUG}/p/{world.proposal.pk}/#reviews"
    assert Assignment.objects.filter(reviewer=reviewer, proposal=world.proposal).exists()
    response = client.post(url, {"reviewer": reviewer.pk, "op": "unassign"})
    assert response.status_code == 302
    assert not Assignment.objects.filter(reviewer=reviewer, proposal=world.proposal).exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_scoring_post_in_constant_queries(client, world, django_assert_num_queries, rows):
    _proposals(world, rows)
    reviewer = world.people["assigned reviewer"]
    client.force_login(reviewer)
    url = BASE + f"p/{world.proposal.pk}/score/"
    post = {f"score_{world.safety.pk}": "4", f"comment_{world.safety.pk}": "Separated lanes"}
    with django_assert_num_queries(QUERIES["score post"]):
        response = client.post(url, post)
    assert response.status_code == 302
    score = Score.objects.get(reviewer=reviewer)
    assert (score.value, score.comment) == (4, "Separated lanes")
    page = parse(client.get(url))
    assert messages(page) == ["Scores saved."]
    assert page.one(f"input[name=score_{world.safety.pk}][checked]")["value"] == "4"
    assert page.one(f"textarea[name=comment_{world.safety.pk}]").text == "Separated lanes"


QUERIES = {
    "scorecard": 6,
    "reviewers": 9,
    "score": 10,
    "scores": 8,
    "scorecard add": 14,
    "scorecard change": 10,
    "scorecard move": 11,
    "bulk assign": 12,
    "bulk unassign": 11,
    "proposal assign": 12,
    "score post": 14,
}
