"""What became of the ideas: the funnel, every answer, and the as-built design with credits."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cocreate.accountability.compare import change_keys, kept
from cocreate.accountability.models import AsBuilt
from cocreate.accountability.services import as_built_publish
from cocreate.audit.models import AuditEntry
from cocreate.challenges.models import Visibility
from cocreate.design.diff import diff_designs
from cocreate.moderation.services import moderation_decide
from cocreate.organizations.models import Role
from cocreate.proposals.services import support_add

from ..factories import UserFactory, make_challenge, make_member, make_proposal
from ..html import parse
from ..tracking.conftest import answer, refusals


def _widened(baseline):
    """Wider west footpath, narrower west traffic lane: two changes."""
    design = copy.deepcopy(baseline)
    design["parts"][0]["width"] = 2.4
    design["parts"][2]["width"] = 2.4
    return design


def _repainted(baseline):
    design = copy.deepcopy(baseline)
    design["parts"][1]["variant"]["bike-asphalt"] = "regular"
    return design


def _page(challenge):
    return f"/c/{challenge.slug}/accountability/"


def _staff_url(challenge):
    return f"/manage/{challenge.organization.slug}/c/{challenge.slug}/as-built/"


def test_the_funnel_counts_from_the_latest_answers(client, owner, challenge, resident):
    make_proposal(challenge, resident, title="Waiting")
    answer(owner, make_proposal(challenge, resident, title="No"), "Declined")
    answer(owner, make_proposal(challenge, resident, title="Soon"), "Planned")
    answer(owner, make_proposal(challenge, resident, title="Done"), "Built")
    hidden = make_proposal(challenge, resident, title="Hidden")
    moderation_decide(actor=owner, proposal=hidden, decision="hide")
    page = parse(client.get(_page(challenge)))
    counts = {
        li.one(".funnel-label").text: int(li.one(".funnel-count").text)
        for li in page.select("ol.funnel > li")
    }
    assert counts == {"Submitted": 4, "Answered": 3, "Accepted": 2, "Built": 1}
    assert page.one("ol.funnel > li.funnel-built .funnel-share").text == "25% of submitted"
    assert all(svg["aria-hidden"] == "true" for svg in page.select("ol.funnel svg"))
    rows = {row.one(".answer-head a").text: row for row in page.select("ol.answer-list > li")}
    assert set(rows) == {"Waiting", "No", "Soon", "Done"}
    assert rows["Done"].one("[data-status]").text == "Built"
    assert rows["Done"].one("[data-answer]").text == "Built: yes."
    assert rows["Waiting"].one("[data-status]").text == "Awaiting an answer"
    assert not rows["Waiting"].select("[data-answer]")


def test_the_challenge_page_links_to_it(client, challenge):
    link = parse(client.get(f"/c/{challenge.slug}/")).link("What became of the ideas")
    assert link["href"] == _page(challenge)


def test_it_is_as_visible_as_its_challenge(client, owner, organization, resident):
    private = make_challenge(owner, organization, slug="inner", visibility=Visibility.PRIVATE)
    client.force_login(resident)
    assert client.get(_page(private)).status_code == 404
    assert client.get("/c/nowhere/accountability/").status_code == 404
    client.force_login(owner)
    assert client.get(_page(private)).status_code == 200


def test_answers_are_paged_fifty_at_a_time(client, challenge, resident):
    for n in range(51):
        make_proposal(challenge, resident, title=f"Idea {n}")
    page = parse(client.get(_page(challenge)))
    assert len(page.select("ol.answer-list > li")) == 50
    second = parse(client.get(_page(challenge) + "?page=2"))
    assert len(second.select("ol.answer-list > li")) == 1
    assert client.get(_page(challenge) + "?page=zzz").status_code == 200


def test_staff_publish_the_as_built_and_the_ideas_it_took_are_credited(
    client, owner, challenge, resident, other
):
    wide = answer(
        owner,
        make_proposal(
            challenge, resident, title="Wider footpath", design=_widened(challenge.baseline)
        ),
    )
    paint = make_proposal(
        challenge, other, title="Plain cycle lane", design=_repainted(challenge.baseline)
    )
    support_add(actor=other, proposal=wide)
    client.force_login(owner)
    form = parse(client.get(_staff_url(challenge) + f"?start={wide.pk}"))
    started = json.loads(form.one("textarea[name=design]").data)
    assert started["parts"][0]["width"] == 2.4
    response = client.post(
        _staff_url(challenge),
        {"design": json.dumps(started), "note": "Built as **proposed**.", "credited": [wide.pk]},
    )
    assert response.status_code == 302 and response["Location"] == _page(challenge)
    assert AuditEntry.objects.filter(action="accountability.as_built_publish").count() == 1
    client.logout()
    page = parse(client.get(_page(challenge)))
    section = page.one("#as-built")
    assert len(section.select(".built-pair figure svg")) == 2
    assert section.one(".as-built-note strong").text == "proposed"
    assert [r.select("td")[0].text for r in section.select("table.changes tbody tr")]
    built = {li["data-proposal"]: li for li in section.select("ul.ideas-built > li")}
    assert list(built) == [str(wide.pk)]
    assert built[str(wide.pk)].link("resident")["href"] == "/u/resident/"
    assert "2 of its 2 changes built" in built[str(wide.pk)].text
    assert "credited by" in built[str(wide.pk)].text
    shares = {
        card.one("h4 a").text: card.one(".kept-share").text
        for card in section.select(".top-ideas > li")
    }
    assert shares == {"Wider footpath": "100%", "Plain cycle lane": "0%"}
    assert paint.pk  # shown among the most supported, though nothing of it was built


def test_a_top_proposal_whose_change_was_built_is_named_without_a_tick(
    owner, challenge, resident, client
):
    wide = make_proposal(
        challenge, resident, title="Wider footpath", design=_widened(challenge.baseline)
    )
    as_built_publish(actor=owner, challenge=challenge, design=wide.design, note="", credited=[])
    page = parse(client.get(_page(challenge)))
    named = page.select("#as-built ul.ideas-built > li")
    assert [li["data-proposal"] for li in named] == [str(wide.pk)]
    assert "credited by" not in named[0].text


def test_change_keys_count_what_both_made():
    from cocreate.design import load_bundled

    toolkit = load_bundled().get("dominion-road", None)
    base = toolkit.baseline
    both = _repainted(_widened(base))
    proposal = change_keys(diff_designs(toolkit, base, _widened(base)))
    built = change_keys(diff_designs(toolkit, base, both))
    assert sum(proposal.values()) == 2 and kept(proposal, built) == 2
    assert kept(change_keys(diff_designs(toolkit, base, _repainted(base))), proposal) == 0


@pytest.mark.parametrize(
    ("design", "credited", "says"),
    [
        ("{not json", [], "not valid JSON"),
        ('{"parts": "many"}', [], "not a design"),
        ("[]", [], "not a design"),
        (None, ["999999"], "Credit"),
        (None, ["abc"], "Credit proposals of this challenge only"),
        ("x" * 200_001, [], "200,000"),
    ],
)
def test_bad_as_built_input_is_a_400_and_publishes_nothing(
    client, owner, challenge, design, credited, says
):
    client.force_login(owner)
    text = design if design is not None else json.dumps(challenge.baseline)
    response = client.post(
        _staff_url(challenge), {"design": text, "note": "", "credited": credited}
    )
    assert response.status_code == 400
    assert says in refusals(response)
    assert not AsBuilt.objects.exists()


def test_a_design_breaking_the_rules_is_refused(owner, challenge):
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] = 9.0  # wider than the street allows
    with pytest.raises(ValidationError) as refused:
        as_built_publish(actor=owner, challenge=challenge, design=design, note="", credited=[])
    assert "design" in refused.value.message_dict


def test_a_proposal_of_another_challenge_cannot_be_credited(
    owner, organization, challenge, resident
):
    elsewhere = make_proposal(make_challenge(owner, organization, slug="k-road"), resident)
    with pytest.raises(ValidationError) as refused:
        as_built_publish(
            actor=owner,
            challenge=challenge,
            design=challenge.baseline,
            note="",
            credited=[elsewhere.pk],
        )
    assert "credited" in refused.value.message_dict


def test_only_staff_publish(client, organization, challenge, resident):
    reviewer = make_member(organization, Role.REVIEWER, username="reviewer")
    for person, status in ((resident, 404), (reviewer, 403)):
        client.force_login(person)
        assert client.get(_staff_url(challenge)).status_code == status
        response = client.post(_staff_url(challenge), {"design": json.dumps(challenge.baseline)})
        assert response.status_code == status
    with pytest.raises(PermissionDenied):
        as_built_publish(
            actor=resident, challenge=challenge, design=challenge.baseline, note="", credited=[]
        )
    assert not AsBuilt.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_accountability_page_in_constant_queries(
    client, owner, challenge, resident, django_assert_num_queries, rows
):
    proposals = [
        make_proposal(challenge, resident, title=f"Idea {n}", design=_widened(challenge.baseline))
        for n in range(rows)
    ]
    for proposal in proposals[:3]:
        answer(owner, proposal, "Planned")
        support_add(actor=UserFactory(), proposal=proposal)
    as_built_publish(
        actor=owner,
        challenge=challenge,
        design=_widened(challenge.baseline),
        note="",
        credited=[p.pk for p in proposals],
    )
    with django_assert_num_queries(8):
        response = client.get(_page(challenge))
    page = parse(response)
    assert len(page.select("ol.answer-list > li")) == rows
    assert len(page.select("#as-built ul.ideas-built > li")) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_as_built_staff_page_in_constant_queries(
    client, owner, challenge, resident, django_assert_num_queries, rows
):
    proposals = [make_proposal(challenge, resident, title=f"Idea {n}") for n in range(rows)]
    as_built_publish(
        actor=owner,
        challenge=challenge,
        design=challenge.baseline,
        note="",
        credited=[proposals[0].pk],
    )
    client.force_login(owner)
    with django_assert_num_queries(8):
        response = client.get(_staff_url(challenge) + f"?start={proposals[-1].pk}")
    assert len(parse(response).select("fieldset.credits input[type=checkbox]")) == rows
