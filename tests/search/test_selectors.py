"""The search selectors on the database under test (SQLite FTS5 or PostgreSQL full text)."""

from __future__ import annotations

import pytest
from django.db import connection

from cocreate.proposals.models import Proposal
from cocreate.search.index import install, missing_triggers
from cocreate.search.selectors import marked, search_proposals, similar_proposals

from ..factories import make_challenge, make_proposal

FILLER = [
    ("Trees along the footpath", "Shade for people waiting at the stops."),
    ("Two bus lanes instead of trams", "Buses are cheaper and can start next year."),
    ("Parking on both sides", "Shops need customers who drive."),
    ("A protected cycleway", "Children could ride to school safely."),
]


def _seed(challenge, author):
    for title, rationale in FILLER:
        proposal = make_proposal(challenge, author, title=title)
        Proposal.objects.filter(pk=proposal.pk).update(rationale=rationale)


def test_search_finds_by_title_and_rationale_ranked_title_first(challenge, resident):
    _seed(challenge, resident)
    in_rationale = make_proposal(challenge, resident, title="Wider platforms")
    Proposal.objects.filter(pk=in_rationale.pk).update(rationale="Trees would shade the platform.")
    hits = search_proposals(challenge=challenge, query="trees", limit=10)
    assert [hit.title for hit in hits] == ["Trees along the footpath", "Wider platforms"]
    assert "<mark>Trees</mark>" in str(hits[0].title_html)
    assert "<mark>Trees</mark>" in str(hits[1].snippet_html)
    assert hits[0].author == "resident" and hits[0].thumbnail_svg.startswith("<svg")


def test_search_stems_words_and_requires_all_of_them(challenge, resident):
    _seed(challenge, resident)
    assert [h.title for h in search_proposals(challenge=challenge, query="lane", limit=5)] == [
        "Two bus lanes instead of trams"
    ]
    assert search_proposals(challenge=challenge, query="bus parking", limit=5) == []
    either = search_proposals(challenge=challenge, query="bus OR parking", limit=5)
    assert {h.title for h in either} == {"Two bus lanes instead of trams", "Parking on both sides"}
    phrase = search_proposals(challenge=challenge, query='"protected cycleway"', limit=5)
    assert [h.title for h in phrase] == ["A protected cycleway"]


def test_update_keeps_the_index_in_sync_without_signals(challenge, resident):
    proposal = make_proposal(challenge, resident, title="Old words")
    Proposal.objects.filter(pk=proposal.pk).update(title="Fresh title", rationale="Gondola")
    assert search_proposals(challenge=challenge, query="old", limit=5) == []
    assert [h.pk for h in search_proposals(challenge=challenge, query="gondola", limit=5)] == [
        proposal.pk
    ]
    proposal.refresh_from_db()
    proposal.title = "Renamed again"
    proposal.save()
    assert [h.pk for h in search_proposals(challenge=challenge, query="renamed", limit=5)] == [
        proposal.pk
    ]
    proposal.delete()
    assert search_proposals(challenge=challenge, query="renamed", limit=5) == []


def test_search_stays_inside_its_challenge(challenge, owner, organization, resident):
    other = make_challenge(owner, organization, slug="queen-street")
    make_proposal(other, resident, title="Trees on Queen Street")
    assert search_proposals(challenge=challenge, query="trees", limit=5) == []
    assert len(search_proposals(challenge=other, query="trees", limit=5)) == 1


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "'",
        "*",
        "trees*",
        "^trees",
        "trees:",
        "title:trees",
        "(trees",
        "trees)",
        "NEAR(trees bus)",
        "AND",
        "OR",
        "NOT trees",
        "-trees",
        "trees -",
        "a & b | !c",
        "<script>alert(1)</script>",
        "trees\\",
        "trees;--",
        "\ue000trees\ue001",
        "🌳 trees",
        "x" * 2000,
        "trees " * 100,
        "%",
        "_",
        "{a b}",
        "col : x",
        "+trees",
    ],
)
def test_query_syntax_characters_never_fail(challenge, resident, query):
    _seed(challenge, resident)
    hits = search_proposals(challenge=challenge, query=query, limit=5)
    assert all("<script>" not in str(h.title_html) for h in hits)
    similar_proposals(challenge=challenge, title=query, limit=5)
    similar_proposals(challenge=challenge, title=query, design=challenge.baseline, limit=5)


def test_user_text_is_escaped_and_only_marks_become_html(challenge, resident):
    make_proposal(challenge, resident, title="<b>Trees</b> & \ue000 \ue001 shade")
    [hit] = search_proposals(challenge=challenge, query="trees", limit=5)
    assert "<b>" not in str(hit.title_html) and "&lt;b&gt;" in str(hit.title_html)
    assert "\ue000" not in str(hit.title_html) and "\ue001" not in str(hit.title_html)
    assert str(marked("a \ue000<i>\ue001 \ue000")) == "a <mark>&lt;i&gt;</mark> "


def test_offset_pages_through_results(challenge, resident):
    for i in range(5):
        make_proposal(challenge, resident, title=f"Trees number {i}")
    first = search_proposals(challenge=challenge, query="trees", limit=3)
    rest = search_proposals(challenge=challenge, query="trees", limit=3, offset=3)
    assert len(first) == 3 and len(rest) == 2
    assert not {h.pk for h in first} & {h.pk for h in rest}


def test_search_is_one_query(challenge, resident, django_assert_num_queries):
    _seed(challenge, resident)
    with django_assert_num_queries(1):
        search_proposals(challenge=challenge, query="trees", limit=5)
    with django_assert_num_queries(0):
        assert search_proposals(challenge=challenge, query=" ?! ", limit=5) == []


def test_similar_puts_the_near_duplicate_first(challenge, resident):
    _seed(challenge, resident)
    duplicate = make_proposal(challenge, resident, title="Plant street trees for shade")
    make_proposal(challenge, resident, title="Street lighting")
    hits = similar_proposals(challenge=challenge, title="Street trees for more sha", limit=5)
    assert hits[0].pk == duplicate.pk
    assert 0 < hits[-1].score <= hits[0].score == 1.0


def test_similar_uses_the_design_to_break_text_ties(challenge, resident):
    baseline = challenge.baseline
    # Same words, different designs: the one whose design matches comes first. The other drops
    # the west cycle lane for a wider footpath.
    parts = [dict(part) for part in baseline["parts"]]
    del parts[1]
    parts[0]["width"] = 3.6
    far = make_proposal(
        challenge, resident, title="Light rail street", design={**baseline, "parts": parts}
    )
    near = make_proposal(challenge, resident, title="Light rail street", design=baseline)
    hits = similar_proposals(challenge=challenge, title="light rail", design=baseline, limit=5)
    assert [h.pk for h in hits] == [near.pk, far.pk]
    assert hits[0].design_score == pytest.approx(1.0)
    assert hits[1].design_score is not None and hits[1].design_score < 1.0


def test_similar_is_one_query_and_empty_titles_make_none(
    challenge, resident, django_assert_num_queries
):
    _seed(challenge, resident)
    with django_assert_num_queries(1):
        similar_proposals(challenge=challenge, title="trees", design=challenge.baseline)
    with django_assert_num_queries(0):
        assert similar_proposals(challenge=challenge, title="the of and") == []


def test_index_survives_reinstall_and_keeps_its_triggers(challenge, resident):
    make_proposal(challenge, resident, title="Trees")
    assert missing_triggers(connection) == []
    install(connection)  # idempotent: what the repair command runs
    assert len(search_proposals(challenge=challenge, query="trees", limit=5)) == 1
