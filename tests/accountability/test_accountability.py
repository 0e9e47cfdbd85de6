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


def _opened(page):
    """The design the editor opens on."""
    return json.loads(page.one("script#draft-design").data)


def _form_view(page):
    """What the editor's form (its plain-HTML view, without JavaScript) posts as it stands."""
    form = page.one("form#toolkit")
    data: dict[str, object] = {
        el["name"]: el.get("value", "")
        for el in form.select("input")
        if el.get("name") and el.get("type") not in ("submit", "checkbox")
    }
    data |= {
        sel["name"]: next(o["value"] for o in sel.select("option") if o.get("selected") is not None)
        for sel in form.select("select")
        if sel.select("option[selected]")
    }
    data["note"] = form.one("textarea[name=note]").data
    data["credited"] = [el["value"] for el in form.select("input[name=credited][checked]")]
    return data


def _publish(client, challenge, design, **fields):
    """What the editor posts when staff press "Publish as-built design"."""
    data = {"design-json": json.dumps(design), "op": "submit", "count": "0", "note": ""}
    return client.post(_staff_url(challenge), data | fields)


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
    assert form.one("#as-built-start option[selected]")["value"] == str(wide.pk)
    started = _opened(form)
    assert started["parts"][0]["width"] == 2.4
    assert form.button("Publish as-built design")
    response = _publish(
        client, challenge, started, note="Built as **proposed**.", credited=[wide.pk]
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
    ("design", "fields", "says"),
    [
        ("{not json", {}, "expected a design object"),
        ('{"parts": "many"}', {}, "parts"),
        ("[]", {}, "expected a design object"),
        (None, {"credited": ["999999"]}, "Credit"),
        (None, {"credited": ["abc"]}, "Credit proposals of this challenge only"),
        (None, {"note": "x" * 10_001}, "10,000"),
        (None, {"note": "a\x00b"}, "note"),
        ("x" * 200_001, {}, "200,000"),
    ],
)
def test_bad_as_built_input_is_a_400_and_publishes_nothing(
    client, owner, challenge, design, fields, says
):
    client.force_login(owner)
    text = design if design is not None else json.dumps(challenge.baseline)
    data = {"design-json": text, "op": "submit", "note": "Kept."} | fields
    response = client.post(_staff_url(challenge), data)
    assert response.status_code == 400
    assert says in refusals(response)
    assert "note" in fields or parse(response).one("textarea[name=note]").data == "Kept."
    assert not AsBuilt.objects.exists()


def test_a_design_breaking_a_rule_is_refused_on_the_page_and_kept(client, owner, challenge):
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] = 9.0  # wider than the street allows
    client.force_login(owner)
    response = _publish(client, challenge, design, note="Wide.")
    assert response.status_code == 400
    page = parse(response)
    assert page.select("#submit-errors p") and page.select("ul.blocked-list li")
    assert _opened(page)["parts"][0]["width"] == 9.0
    assert page.one("textarea[name=note]").data == "Wide."
    assert not AsBuilt.objects.exists()


def test_the_editor_opens_on_the_as_built_else_the_top_accepted_proposal_else_the_baseline(
    client, owner, challenge, resident, other
):
    client.force_login(owner)
    page = parse(client.get(_staff_url(challenge)))
    assert _opened(page) == challenge.baseline
    assert page.one("#as-built-start option[selected]")["value"] == "baseline"
    wide = make_proposal(challenge, resident, title="Wide", design=_widened(challenge.baseline))
    paint = make_proposal(challenge, other, title="Paint", design=_repainted(challenge.baseline))
    support_add(actor=other, proposal=wide)
    assert _opened(parse(client.get(_staff_url(challenge)))) == challenge.baseline  # none accepted
    answer(owner, paint)
    answer(owner, wide)
    page = parse(client.get(_staff_url(challenge)))
    assert _opened(page) == wide.design  # the accepted one with the most support
    assert page.one("#as-built-start option[selected]")["value"] == str(wide.pk)
    as_built_publish(
        actor=owner, challenge=challenge, design=paint.design, note="Paint", credited=[paint.pk]
    )
    page = parse(client.get(_staff_url(challenge)))
    assert _opened(page) == AsBuilt.objects.get().design
    assert page.one("#as-built-start option[selected]")["value"] == "current"
    assert page.one("textarea[name=note]").data == "Paint"
    assert [el["value"] for el in page.select("input[name=credited][checked]")] == [str(paint.pk)]
    baseline = parse(client.get(_staff_url(challenge) + "?start=baseline"))
    assert _opened(baseline) == challenge.baseline
    stale = parse(client.get(_staff_url(challenge) + "?start=99999"))
    assert stale.one("#as-built-start option[selected]")["value"] == "current"


def test_without_javascript_the_form_view_edits_and_publishes(client, owner, challenge, resident):
    """The editor's plain-HTML form of parts: "Check design" applies the fields typed and keeps
    the note and ticks; publishing from it works as from the editor."""
    wide = make_proposal(challenge, resident, title="Wide", design=_widened(challenge.baseline))
    client.force_login(owner)
    page = parse(client.get(_staff_url(challenge) + "?start=baseline"))
    assert page.one("form#toolkit")["action"] == _staff_url(challenge) + "?start=baseline"
    data = _form_view(page) | {"note": "Built *this*.", "credited": [str(wide.pk)]}
    data |= {"part-0-width": "2.4", "part-2-width": "2.4", "op": "update"}
    response = client.post(page.one("form#toolkit")["action"], data)
    assert response.status_code == 200
    page = parse(response)
    assert _opened(page) == wide.design
    assert page.one("textarea[name=note]").data == "Built *this*."
    assert [el["value"] for el in page.select("input[name=credited][checked]")] == [str(wide.pk)]
    assert page.one("#as-built-start option[selected]")["value"] == "baseline"
    assert not AsBuilt.objects.exists()
    response = client.post(_staff_url(challenge), _form_view(page) | {"op": "submit"})
    assert response.status_code == 302
    built = AsBuilt.objects.get()
    assert built.design == wide.design
    assert built.note_html.strip() == "<p>Built <em>this</em>.</p>"
    assert list(built.credited.all()) == [wide]


def test_the_form_view_marks_an_unreadable_width_and_publishes_nothing(client, owner, challenge):
    client.force_login(owner)
    data = _form_view(parse(client.get(_staff_url(challenge))))
    data |= {"part-0-width": "wide", "op": "submit"}
    response = client.post(_staff_url(challenge), data)
    assert response.status_code == 400
    assert "Fix the numbers marked" in refusals(response)
    assert parse(response).one("#part-0-width")["aria-invalid"] == "true"
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
        response = _publish(client, challenge, challenge.baseline)
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
    with django_assert_num_queries(9):
        response = client.get(_staff_url(challenge) + f"?start={proposals[-1].pk}")
    page = parse(response)
    assert len(page.select("fieldset.credits input[type=checkbox]")) == rows
    assert len(page.select("#as-built-start option")) == rows + 2


@pytest.mark.parametrize("rows", [1, 50])
def test_publishing_the_as_built_in_constant_queries(
    client, owner, challenge, resident, django_assert_num_queries, rows
):
    proposals = [
        make_proposal(challenge, resident, title=f"Idea {n}", design=_widened(challenge.baseline))
        for n in range(rows)
    ]
    client.force_login(owner)
    with django_assert_num_queries(19):
        response = _publish(
            client,
            challenge,
            _widened(challenge.baseline),
            note="Built.",
            credited=[p.pk for p in proposals],
        )
    assert response.status_code == 302
    assert AsBuilt.objects.get().credited.count() == rows
