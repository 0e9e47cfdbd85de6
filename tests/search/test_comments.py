"""Search over comments: the comments' index (SQLite FTS5 or PostgreSQL full text) and how the one
search selector merges comment matches with proposals' own."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from cocreate.community.models import Comment
from cocreate.community.services import comment_create, comment_edit
from cocreate.moderation.services import moderation_decide
from cocreate.proposals.models import Proposal
from cocreate.search.apps import _reinstall_index
from cocreate.search.index import COMMENTS, install, missing_triggers
from cocreate.search.selectors import search_proposals, similar_proposals

from ..factories import make_challenge, make_proposal
from .conftest import OPEN


def _pks(challenge, query, **kwargs):
    return [hit.pk for hit in search_proposals(challenge=challenge, query=query, **kwargs)]


def _hide(owner, *, proposal=None, comment=None):
    moderation_decide(actor=owner, proposal=proposal, comment=comment, decision="hide")


@pytest.fixture
def platforms(challenge, resident):
    return make_proposal(challenge, resident, title="Wider platforms")


def test_a_comments_word_finds_its_proposal_with_the_excerpt(challenge, platforms, other):
    make_proposal(challenge, other, title="Parking on both sides")
    comment = comment_create(
        actor=other, proposal=platforms, body="A **funicular** would climb the hill."
    )
    [hit] = search_proposals(challenge=challenge, query="funiculars", limit=5)  # stemmed
    assert (hit.pk, hit.comment_pk, hit.comment_author) == (platforms.pk, comment.pk, "other")
    assert "<mark>funicular</mark>" in str(hit.snippet_html)
    assert str(hit.title_html) == "Wider platforms"  # the title did not match: no marks


def test_own_matches_carry_no_comment(challenge, platforms, other):
    comment_create(actor=other, proposal=platforms, body="Nice.")
    [hit] = search_proposals(challenge=challenge, query="platforms", limit=5)
    assert hit.comment_pk is None and hit.comment_author == ""
    assert "<mark>platforms</mark>" in str(hit.title_html)


def test_all_words_must_match_within_one_comment(challenge, platforms, other):
    comment_create(actor=other, proposal=platforms, body="A funicular.")
    comment_create(actor=other, proposal=platforms, body="A gondola.")
    assert _pks(challenge, "funicular gondola") == []
    assert _pks(challenge, "funicular OR gondola") == [platforms.pk]


def test_hidden_comments_are_not_found_until_restored(challenge, owner, platforms, other):
    comment = comment_create(actor=other, proposal=platforms, body="Buy cheap watches here")
    assert _pks(challenge, "watches") == [platforms.pk]
    _hide(owner, comment=comment)
    assert _pks(challenge, "watches") == []
    moderation_decide(actor=owner, comment=comment, decision="restore")
    assert _pks(challenge, "watches") == [platforms.pk]


def test_a_hidden_comment_never_shows_even_when_the_proposal_matches(
    challenge, owner, platforms, other
):
    comment = comment_create(actor=other, proposal=platforms, body="platforms platforms spam")
    _hide(owner, comment=comment)
    [hit] = search_proposals(challenge=challenge, query="platforms", limit=5)
    assert hit.comment_pk is None and "spam" not in str(hit.snippet_html)


def test_hidden_proposals_are_found_neither_by_their_text_nor_their_comments(
    challenge, owner, platforms, other
):
    comment_create(actor=other, proposal=platforms, body="A funicular.")
    kept = make_proposal(challenge, other, title="Platforms with shelters")
    _hide(owner, proposal=platforms)
    assert _pks(challenge, "platforms") == [kept.pk]
    assert _pks(challenge, "funicular") == []
    assert [h.pk for h in similar_proposals(challenge=challenge, title="platforms")] == [kept.pk]


def test_editing_a_comment_reindexes_it(challenge, platforms, other):
    comment = comment_create(actor=other, proposal=platforms, body="A funicular.")
    comment_edit(actor=other, comment=comment, body="A gondola.")
    assert _pks(challenge, "funicular") == []
    assert _pks(challenge, "gondola") == [platforms.pk]
    Comment.objects.filter(pk=comment.pk).update(body="A monorail.")  # no signals either
    assert _pks(challenge, "gondola") == []
    assert _pks(challenge, "monorail") == [platforms.pk]


def test_deleting_a_comment_or_its_proposal_removes_it(challenge, platforms, other):
    first = comment_create(actor=other, proposal=platforms, body="A funicular.")
    comment_create(actor=other, proposal=platforms, body="A gondola.")
    first.delete()
    assert _pks(challenge, "funicular") == []
    assert _pks(challenge, "gondola") == [platforms.pk]
    Proposal.objects.filter(pk=platforms.pk).delete()  # the comments go with it (cascade)
    assert _pks(challenge, "gondola") == []
    assert not Comment.objects.exists()


def test_own_text_outranks_a_comment_and_each_proposal_counts_once(
    challenge, resident, platforms, other
):
    titled = make_proposal(challenge, resident, title="Trees along the footpath")
    comment_create(actor=other, proposal=platforms, body="Trees would shade the platform.")
    comment_create(actor=other, proposal=titled, body="More trees, please: trees everywhere.")
    comment_create(actor=other, proposal=platforms, body="And trees at the stops.")
    hits = search_proposals(challenge=challenge, query="trees", limit=10)
    assert [h.pk for h in hits] == [titled.pk, platforms.pk]
    assert hits[0].comment_pk is None and hits[1].comment_pk is not None
    assert hits[0].rank > hits[1].rank > 0


def test_a_comment_counts_less_than_the_same_words_in_a_rationale(challenge, resident, other):
    in_rationale = make_proposal(challenge, resident, title="Wider platforms")
    in_comment = make_proposal(challenge, resident, title="Narrower platforms")
    # Same text in both places, so only the weight of where it stands can decide.
    words = "Shade from trees at the stop."
    Proposal.objects.filter(pk__in=[in_rationale.pk, in_comment.pk]).update(rationale="Because.")
    Proposal.objects.filter(pk=in_rationale.pk).update(rationale=words)
    comment_create(actor=other, proposal=in_comment, body=words)
    hits = search_proposals(challenge=challenge, query="trees", limit=10)
    assert [h.pk for h in hits] == [in_rationale.pk, in_comment.pk]


def test_the_best_matching_comment_is_the_one_shown(challenge, platforms, other):
    comment_create(
        actor=other, proposal=platforms, body="Somewhere in this long remark there are trees."
    )
    best = comment_create(actor=other, proposal=platforms, body="Trees, trees and more trees.")
    [hit] = search_proposals(challenge=challenge, query="trees", limit=5)
    assert hit.comment_pk == best.pk


def test_paging_counts_proposals_not_comments(challenge, resident, other):
    proposals = [make_proposal(challenge, resident, title=f"Idea {i}") for i in range(3)]
    for proposal in proposals:
        for n in range(3):
            comment_create(actor=other, proposal=proposal, body=f"Gondola thought {n}")
    first = _pks(challenge, "gondola", limit=2)
    rest = _pks(challenge, "gondola", limit=2, offset=2)
    assert len(first) == 2 and len(rest) == 1
    assert sorted(first + rest) == sorted(p.pk for p in proposals)


def test_comments_stay_inside_their_challenge(challenge, owner, organization, other):
    elsewhere = make_challenge(owner, organization, slug="queen-street", actions=OPEN)
    proposal = make_proposal(elsewhere, other, title="Queen Street")
    comment_create(actor=other, proposal=proposal, body="A funicular.")
    assert _pks(challenge, "funicular") == []
    assert _pks(elsewhere, "funicular") == [proposal.pk]


def test_comment_text_is_escaped(challenge, platforms, other):
    body = "Gondola > tram & bus, <b>bold</b> <script>alert(1)</script> rides"
    comment_create(actor=other, proposal=platforms, body=body)
    [hit] = search_proposals(challenge=challenge, query="gondola", limit=5)
    html = str(hit.snippet_html)
    # SQLite escapes the tags; PostgreSQL's headline drops them. Neither lets one through.
    assert "<script>" not in html and "<b>" not in html
    assert "<mark>Gondola</mark> &gt; tram &amp; bus" in html


def test_search_with_comments_is_one_query(challenge, platforms, other, django_assert_num_queries):
    for n in range(5):
        comment_create(actor=other, proposal=platforms, body=f"Gondola {n}")
    with django_assert_num_queries(1):
        assert len(search_proposals(challenge=challenge, query="gondola", limit=5)) == 1


def test_reinstalling_keeps_the_comment_index(challenge, platforms, other):
    comment_create(actor=other, proposal=platforms, body="A funicular.")
    install(connection)  # idempotent: what migrate and the repair command run
    assert missing_triggers(connection) == []
    assert _pks(challenge, "funicular") == [platforms.pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps the index by triggers")
def test_lost_comment_triggers_are_reported_and_repaired(challenge, platforms, other):
    with connection.cursor() as cursor:
        for trigger in COMMENTS.triggers:
            cursor.execute(f"DROP TRIGGER {trigger}")
    assert missing_triggers(connection) == list(COMMENTS.triggers)
    comment_create(actor=other, proposal=platforms, body="A funicular.")  # not indexed now
    assert _pks(challenge, "funicular") == []
    out = StringIO()
    call_command("search_index", stdout=out)  # the repair by hand
    assert f"re-created triggers: {', '.join(COMMENTS.triggers)}" in out.getvalue()
    assert missing_triggers(connection) == []
    assert _pks(challenge, "funicular") == [platforms.pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps the index by triggers")
def test_migrate_repairs_the_comment_index(challenge, platforms, other):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_comment_ai")
    comment_create(actor=other, proposal=platforms, body="A funicular.")
    _reinstall_index(sender=None)  # what post_migrate runs
    assert missing_triggers(connection) == []
    assert _pks(challenge, "funicular") == [platforms.pk]
