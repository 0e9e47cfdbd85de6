"""The index builder: one shape for every indexed table, and only plain identifiers in its SQL."""

from __future__ import annotations

import pytest

from cocreate.search.index import COMMENTS, PROPOSALS, full_text


def test_each_index_names_its_own_objects():
    assert PROPOSALS.triggers == ("search_proposal_ai", "search_proposal_ad", "search_proposal_au")
    assert COMMENTS.pg_index_name == "search_comment_vector"
    assert "fts5(title, rationale," in PROPOSALS.sqlite_install[0]
    assert "'A')" in PROPOSALS.pg_install[0] and "'B')" in PROPOSALS.pg_install[0]
    assert "AFTER UPDATE OF body ON community_comment" in COMMENTS.sqlite_install[3]


@pytest.mark.parametrize(
    ("name", "table", "column"),
    [("x; DROP TABLE y", "t", "c"), ("n", "t--", "c"), ("n", "t", "c) VALUES (1")],
)
def test_anything_but_a_plain_identifier_is_refused(name, table, column):
    with pytest.raises(ValueError, match="plain SQL identifier"):
        full_text(name, table, {column: "A"})
