"""Markers over the proposal's drawing: one per part with visible comments, on that part."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from cocreate.challenges.models import Action
from cocreate.challenges.selectors import challenge_for_view
from cocreate.community.models import Comment
from cocreate.community.selectors import discussion_context
from cocreate.community.services import comment_create
from cocreate.design import load_bundled, section_geometry
from cocreate.moderation.services import moderation_decide
from cocreate.proposals.models import Proposal

from ..factories import make_challenge, make_proposal

NS = "{http://www.w3.org/2000/svg}"
OPEN = [Action.SUBMIT, Action.COMMENT, Action.SUPPORT]


@pytest.fixture
def proposal(owner, organization, resident):
    challenge = make_challenge(owner, organization, slug="talk", actions=OPEN)
    return make_proposal(challenge, resident)


def _page(client, proposal):
    response = client.get(f"/c/{proposal.challenge.slug}/p/{proposal.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _overlay(html):
    """The markers' SVG, parsed (which also proves it well-formed)."""
    found = re.search(r'<svg class="part-markers".*?</svg>', html, re.S)
    return ET.fromstring(found.group(0)) if found else None  # noqa: S314 - our own page


def _markers(html):
    """{part index: (accessible name, href)} of each marker on the page."""
    overlay = _overlay(html)
    markers = {}
    for link in overlay.iter(NS + "a") if overlay is not None else ():
        markers[int(link.get("data-part"))] = (link.get("aria-label"), link.get("href"))
    return markers


def _highlights(html):
    overlay = _overlay(html)
    return [
        g.find(NS + "rect") for g in overlay.iter(NS + "g") if g.get("class") == "part-highlight"
    ]


def test_markers_count_visible_comments_on_their_parts(client, proposal, resident, other, owner):
    hidden = comment_create(actor=other, proposal=proposal, body="Spam", part=0)
    first = comment_create(actor=resident, proposal=proposal, body="Wider?", part=0)
    comment_create(actor=other, proposal=proposal, body="Yes", part=0)
    rail = comment_create(actor=other, proposal=proposal, body="Tracks", part=3)
    comment_create(actor=other, proposal=proposal, body="Not on a part")
    comment_create(actor=resident, proposal=proposal, body="Reply", parent=rail)
    gone = comment_create(actor=resident, proposal=proposal, body="Only hidden", part=5)
    for comment in (hidden, gone):
        moderation_decide(actor=owner, comment=comment, decision="hide")
    markers = _markers(_page(client, proposal))
    assert markers == {
        0: ("2 comments on Sidewalk (part 1)", f"#comment-{first.pk}"),
        3: ("1 comment on Light rail (part 4)", f"#comment-{rail.pk}"),
    }


def test_each_marker_sits_on_its_part(client, proposal, resident):
    for part in (1, 4, 8):
        comment_create(actor=resident, proposal=proposal, body="Here", part=part)
    html = _page(client, proposal)
    geometry = section_geometry(load_bundled().get("dominion-road"), proposal.design)
    overlay = _overlay(html)
    assert overlay.get("viewBox").startswith("0 -")  # a lane above, the drawing's width below
    assert overlay.get("viewBox").split()[2] == f"{geometry.width:g}"
    for index, rect in zip((1, 4, 8), _highlights(html), strict=True):
        part = geometry.parts[index]
        x, width = float(rect.get("x")), float(rect.get("width"))
        assert part.x < x < x + width < part.x + part.width
    for index, link in zip((1, 4, 8), overlay.iter(NS + "a"), strict=True):
        tip = f"L{geometry.parts[index].mid:.1f},"
        assert tip in link.find(NS + "path").get("d")  # the bubble's tail points at the part
    assert "<title>1 comment on Bike lane (part 2)</title>" in html


def test_no_markers_without_anchored_comments(client, proposal, resident):
    comment_create(actor=resident, proposal=proposal, body="General")
    html = _page(client, proposal)
    assert "part-markers" not in html and "drawing-stack" not in html
    assert '<figure class="section-drawing section"><svg' in html


def test_configurators_show_no_markers(client, owner, organization, resident):
    challenge = make_challenge(
        owner, organization, slug="cargo", actions=OPEN, toolkit_id="cargo-bike"
    )
    proposal = make_proposal(challenge, resident)
    comment_create(actor=resident, proposal=proposal, body="Nice bike")
    html = _page(client, proposal)
    assert "Nice bike" in html and "part-markers" not in html


def test_a_migrated_proposal_matches_anchors_by_part_id_first(
    client, owner, organization, resident, django_assert_num_queries
):
    street = make_challenge(owner, organization, slug="street", actions=OPEN)
    toolkit = load_bundled().get("street-section")
    street.toolkit_id, street.toolkit_version = toolkit.id, toolkit.version
    street.baseline = toolkit.parse(toolkit.baseline)
    street.save()
    old = json.loads(json.dumps(street.baseline))
    old["version"] = 1
    for i, part in enumerate(old["parts"]):
        part["id"] = f"p{i}"
    old["parts"][1] = {"type": "planting-strip", "width": old["parts"][1]["width"], "id": "strip"}
    proposal = Proposal.objects.create(
        challenge=street, author=resident, title="Old", rationale="Saved long ago", design=old,
        toolkit_version=1, evaluation={"valid": True, "findings": [], "metrics": {}},
    )  # fmt: skip
    # Anchors whose position no longer says which part they meant: the id decides.
    moved = Comment.objects.create(
        proposal=proposal, author=resident, body="b", body_html="<p>b</p>",
        part_index=3, part_id="strip", part_type="planting-strip",
    )  # fmt: skip
    unknown = Comment.objects.create(
        proposal=proposal, author=resident, body="b", body_html="<p>b</p>",
        part_index=2, part_id="long-gone", part_type="sidewalk",
    )  # fmt: skip
    with django_assert_num_queries(6):  # the sixth: what is merged into it (merges)
        html = _page(client, proposal)
    markers = _markers(html)
    assert markers[1] == ("1 comment on Divider (part 2)", f"#comment-{moved.pk}")
    assert markers[2][1] == f"#comment-{unknown.pk}"  # fallen back to its position
    assert 3 not in markers
    assert 'href="#part-2-comments"' in html  # the list under the drawing agrees
    assert "Part 2: Divider" in html  # labelled as drawn, not by the retired type
    assert "Part 2: planting-strip" not in html


@pytest.mark.parametrize("rows", [1, 50])
def test_proposal_page_with_anchored_comments_in_constant_queries(
    client, proposal, resident, django_assert_num_queries, rows
):
    for i in range(rows):
        comment_create(actor=resident, proposal=proposal, body="On a part", part=i % 9)
    with django_assert_num_queries(6):  # the sixth: what is merged into it (merges)
        html = _page(client, proposal)
    assert len(_markers(html)) == min(rows, 9)


def test_discussion_context_gives_the_markers_in_one_query(
    proposal, resident, other, django_assert_num_queries
):
    comment_create(actor=resident, proposal=proposal, body="On a part", part=2)
    challenge = challenge_for_view(slug=proposal.challenge.slug, user=other)
    with django_assert_num_queries(1):
        context = discussion_context(proposal=proposal, challenge=challenge, user=other)
    [marker] = context["part_markers"].markers
    assert (marker.part.index, marker.count, marker.number) == (2, 1, 3)
