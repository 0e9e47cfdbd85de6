"""Reads for search: one selector per use case, one query each, on SQLite (FTS5) and PostgreSQL.

The SQL differs per vendor; what comes back does not. Both rank (FTS5 bm25 with the title worth
ten times the rationale; PostgreSQL ts_rank_cd over the title-A/rationale-B vector), both mark
matched words, and both read only the page of rows they return. Search also reads the comments'
index: a proposal is found by its own text or by a visible comment, ranked by the better of the
two, and a hit found through a comment carries that comment's excerpt. Proposals that moderation
hid are found by neither selector. See `index.py` for the indexes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cocreate.challenges.models import Challenge
from cocreate.proposals.models import Proposal

from . import query as q
from .index import PG_CONFIG
from .similarity import design_similarity

# Marks the database puts around matched words; private-use characters that never reach a page
# (escaped text is scanned for balanced pairs, strays are dropped).
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
MAX_LIMIT = 50
SIMILAR_POOL = 40  # text candidates re-ranked by design similarity
TEXT_WEIGHT = 0.7  # of a suggestion's score when a design is given; the rest is the design's


@dataclass(frozen=True)
class SearchHit:
    pk: int
    title: str
    title_html: SafeString
    snippet_html: SafeString
    thumbnail_svg: str
    status: str
    author: str
    created_at: datetime | None
    rank: float
    # Set when the best match is in a comment: `snippet_html` is then that comment's excerpt.
    comment_pk: int | None = None
    comment_author: str = ""
    support_count: int = 0
    change_summary: str = ""
    total: int = 0  # how many proposals match, on every page


@dataclass(frozen=True)
class SimilarProposal:
    pk: int
    title: str
    thumbnail_svg: str
    score: float  # 0..1, higher is more alike
    text_score: float
    design_score: float | None
    author: str = ""
    support_count: int = 0
    change_summary: str = ""


def marked(text: str) -> SafeString:
    """Escape `text` entirely, then turn the database's match marks into <mark> elements."""
    html = _MARKED.sub(r"<mark>\1</mark>", str(escape(text or "")))
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


def _when(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else value


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


# bm25 (SQLite) and ts_rank_cd (PostgreSQL) of a comment count half as much as the same match in
# a proposal's rationale: on PostgreSQL a comment is weighted C (0.2) against the rationale's B
# (0.4); on SQLite its bm25 is multiplied by this. A proposal ranks by its best match.
COMMENT_WEIGHT = 0.5

# Matches from a proposal's own text (comment_id NULL) and from its visible comments, reduced to
# one row per proposal at its best score (MIN: bm25 is negative; SQLite takes the bare comment_id
# from that row); only then is each proposal's challenge read (one read per proposal, not per
# match: its row is large), and one page of them gets its marks from the index that matched best.
# CROSS JOIN fixes the join order: the full-text match always drives (never a scan of the
# challenge's proposals; for the marks, one pass over the matches probing the page is cheaper
# than a full-text lookup per row of the page).
_SQLITE_SEARCH = """
WITH own AS (
    SELECT f.rowid AS id, bm25(search_proposal_fts, 10.0, 1.0) AS score, NULL AS comment_id
    FROM search_proposal_fts f
    WHERE search_proposal_fts MATCH %(match)s
),
talk AS (
    SELECT c.proposal_id AS id, %(weight)s * bm25(search_comment_fts) AS score, c.id AS comment_id
    FROM search_comment_fts g
    CROSS JOIN community_comment c ON c.id = g.rowid
    WHERE search_comment_fts MATCH %(match)s AND NOT c.hidden
),
best AS (
    SELECT id, MIN(score) AS score, comment_id
    FROM (SELECT * FROM own UNION ALL SELECT * FROM talk)
    GROUP BY id
),
ranked AS (
    SELECT best.id, best.score, best.comment_id,
           ROW_NUMBER() OVER (ORDER BY {order}) AS position, COUNT(*) OVER () AS total
    FROM best CROSS JOIN proposals_proposal p ON p.id = best.id
    WHERE p.challenge_id = %(challenge)s AND {listable}
),
top AS (SELECT * FROM ranked ORDER BY position LIMIT %(limit)s OFFSET %(offset)s),
marks AS (
    SELECT top.id,
           highlight(search_proposal_fts, 0, %(start)s, %(stop)s) AS title,
           snippet(search_proposal_fts, 1, %(start)s, %(stop)s, '…', 24) AS snippet
    FROM search_proposal_fts CROSS JOIN top ON top.id = search_proposal_fts.rowid
    WHERE search_proposal_fts MATCH %(match)s AND top.comment_id IS NULL
    UNION ALL
    SELECT top.id, NULL, snippet(search_comment_fts, 0, %(start)s, %(stop)s, '…', 24)
    FROM search_comment_fts CROSS JOIN top ON top.comment_id = search_comment_fts.rowid
    WHERE search_comment_fts MATCH %(match)s
)
SELECT p.id, p.title, p.thumbnail_svg, p.status, p.created_at, u.username, top.score,
       marks.title, marks.snippet, top.comment_id, cu.username,
       p.support_count, p.change_summary, top.total
FROM top
JOIN marks ON marks.id = top.id
JOIN proposals_proposal p ON p.id = top.id
JOIN accounts_user u ON u.id = p.author_id
LEFT JOIN community_comment c ON c.id = top.comment_id
LEFT JOIN accounts_user cu ON cu.id = c.author_id
ORDER BY top.position
"""

# The same on PostgreSQL: a proposal's own match is checked against the challenge as its row is
# read anyway; a proposal's comments are reduced to the best one (DISTINCT ON) before its
# challenge is checked, once per proposal.
_PG_SEARCH = f"""
WITH query AS (SELECT websearch_to_tsquery('{PG_CONFIG}', %(text)s) AS tsq),
own AS (
    SELECT p.id, ts_rank_cd(p.search_vector, query.tsq) AS score, NULL::bigint AS comment_id
    FROM proposals_proposal p, query
    WHERE p.challenge_id = %(challenge)s AND p.search_vector @@ query.tsq AND {{listable}}
),
talk AS (
    SELECT DISTINCT ON (c.proposal_id) c.proposal_id AS id,
           ts_rank_cd(c.search_vector, query.tsq) AS score, c.id AS comment_id
    FROM community_comment c, query
    WHERE NOT c.hidden AND c.search_vector @@ query.tsq
    ORDER BY c.proposal_id, score DESC, c.id
),
best AS (
    SELECT DISTINCT ON (found.id) found.id, found.score, found.comment_id
    FROM (SELECT * FROM own UNION ALL
          SELECT talk.* FROM talk JOIN proposals_proposal p ON p.id = talk.id
          WHERE p.challenge_id = %(challenge)s AND {{listable}}) AS found
    ORDER BY found.id, found.score DESC, found.comment_id NULLS FIRST
),
ranked AS (
    SELECT best.*, ROW_NUMBER() OVER (ORDER BY {{order}}) AS position, COUNT(*) OVER () AS total
    FROM best JOIN proposals_proposal p ON p.id = best.id
),
top AS (SELECT * FROM ranked ORDER BY position LIMIT %(limit)s OFFSET %(offset)s)
SELECT p.id, p.title, p.thumbnail_svg, p.status, p.created_at, u.username, top.score,
       CASE WHEN top.comment_id IS NULL THEN
           ts_headline('{PG_CONFIG}', p.title, query.tsq,
                       'StartSel=' || %(start)s || ', StopSel=' || %(stop)s
                       || ', HighlightAll=true')
       END,
       ts_headline('{PG_CONFIG}', coalesce(c.body, p.rationale), query.tsq,
                   'StartSel=' || %(start)s || ', StopSel=' || %(stop)s
                   || ', MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "'),
       top.comment_id, cu.username, p.support_count, p.change_summary, top.total
FROM top
JOIN proposals_proposal p ON p.id = top.id
JOIN accounts_user u ON u.id = p.author_id
LEFT JOIN community_comment c ON c.id = top.comment_id
LEFT JOIN accounts_user cu ON cu.id = c.author_id
CROSS JOIN query
ORDER BY top.position
"""  # noqa: S608 - only constants are formatted in; input is a parameter


def _listable_sql(alias: str = "p") -> str:
    """`Proposal.objects.listable()`'s own condition as SQL on the table alias `alias`, for the
    raw queries below: the query set owns what may be listed, so search cannot drift from it."""
    query = Proposal.objects.listable().query
    sql, params = query.where.as_sql(query.get_compiler(connection=connection), connection)
    if params or "%" in sql:  # pragma: no cover - it has none; fail loudly if it grows some
        raise NotImplementedError("the listable condition must take no parameters")
    table = connection.ops.quote_name(Proposal._meta.db_table)
    return str(sql).replace(f"{table}.", f"{alias}.")


# How each sort orders the matches, per vendor (bm25 is lower for a better match, ts_rank_cd
# higher); ties go to the newer proposal.
SEARCH_ORDERS: dict[str, dict[str, str]] = {
    "best": {
        "sqlite": "best.score, best.id DESC",
        "postgresql": "best.score DESC, best.id DESC",
    },
    "supported": {
        "sqlite": "p.support_count DESC, best.score, best.id DESC",
        "postgresql": "p.support_count DESC, best.score DESC, best.id DESC",
    },
    "newest": {
        "sqlite": "p.created_at DESC, p.id DESC",
        "postgresql": "p.created_at DESC, p.id DESC",
    },
}


def _search_sql(terms: list[q.Term], sort: str) -> tuple[str, dict[str, Any]]:
    """The vendor's search statement and its query-text parameters."""
    listable = _listable_sql()
    orders = SEARCH_ORDERS.get(sort, SEARCH_ORDERS["best"])
    if connection.vendor == "postgresql":
        sql = _PG_SEARCH.format(listable=listable, order=orders["postgresql"])
        return sql, {"text": q.websearch_text(terms)}
    return _SQLITE_SEARCH.format(listable=listable, order=orders["sqlite"]), {
        "match": q.fts5_match(terms),
        "weight": COMMENT_WEIGHT,
    }


def _hit(row: tuple[Any, ...]) -> SearchHit:
    return SearchHit(
        pk=row[0],
        title=row[1],
        thumbnail_svg=row[2],
        status=row[3],
        created_at=_when(row[4]),
        author=row[5],
        rank=abs(float(row[6])),
        title_html=marked(row[7] if row[7] is not None else row[1]),
        snippet_html=marked(row[8]),
        comment_pk=row[9],
        comment_author=row[10] or "",
        support_count=row[11],
        change_summary=row[12],
        total=row[13],
    )


def search_proposals(
    *, challenge: Challenge, query: str, limit: int = 20, offset: int = 0, sort: str = "best"
) -> list[SearchHit]:
    """Proposals of `challenge` matching `query` (all words, "phrases", OR) in their own text or
    in one of their visible comments, in the order `sort` names (a key of SEARCH_ORDERS; best
    match first otherwise); hidden proposals are never found. Each hit carries the `total`
    number of matches.

    One query whatever the number of proposals, comments or matches; an empty or
    punctuation-only query makes none and finds nothing.
    """
    terms = q.parse(query)
    if not terms:
        return []
    sql, params = _search_sql(terms, sort)
    params |= {
        "challenge": challenge.pk,
        "limit": _limit(limit),
        "offset": max(0, int(offset)),
        "start": START,
        "stop": STOP,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_hit(row) for row in rows]


_SQLITE_SIMILAR = """
SELECT p.id, p.title, p.thumbnail_svg, -bm25(search_proposal_fts, 10.0, 1.0) AS score,
       u.username, p.support_count, p.change_summary{design}
FROM search_proposal_fts f JOIN proposals_proposal p ON p.id = f.rowid
JOIN accounts_user u ON u.id = p.author_id
WHERE search_proposal_fts MATCH %s AND p.challenge_id = %s AND {listable}
ORDER BY bm25(search_proposal_fts, 10.0, 1.0), f.rowid DESC LIMIT %s
"""

_PG_SIMILAR = f"""
SELECT p.id, p.title, p.thumbnail_svg, ts_rank(p.search_vector, tsq) AS score,
       u.username, p.support_count, p.change_summary{{design}}
FROM proposals_proposal p JOIN accounts_user u ON u.id = p.author_id,
     to_tsquery('{PG_CONFIG}', %s) AS tsq
WHERE p.challenge_id = %s AND p.search_vector @@ tsq AND {{listable}}
ORDER BY score DESC, p.id DESC LIMIT %s
"""  # noqa: S608 - only constants are formatted in; input is a parameter


def similar_proposals(
    *, challenge: Challenge, title: str, design: Any = None, limit: int = 5
) -> list[SimilarProposal]:
    """Existing proposals most like one being written: by the words of its title (the last one
    may be half typed) and, when `design` is given, by how alike the designs are.

    One query: the best text matches (a pool of SIMILAR_POOL) are re-ranked in Python by
    TEXT_WEIGHT x text score (relative to the best) + the rest x design similarity.
    """
    words = q.title_words(title)
    if not words:
        return []
    limit = _limit(limit)
    prefix = bool(title) and not title[-1].isspace()
    pool = max(limit, SIMILAR_POOL) if design is not None else limit
    design_column = ", p.design" if design is not None else ""
    listable = _listable_sql()
    if connection.vendor == "postgresql":
        sql = _PG_SIMILAR.format(design=design_column, listable=listable)
        text = q.tsquery_any(words, prefix_last=prefix)
    else:
        sql = _SQLITE_SIMILAR.format(design=design_column, listable=listable)
        text = q.fts5_any(words, prefix_last=prefix)
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, challenge.pk, pool])
        rows = cursor.fetchall()
    if not rows:
        return []
    best = max(float(row[3]) for row in rows) or 1.0
    found: list[SimilarProposal] = []
    for row in rows:
        text_score = max(0.0, float(row[3]) / best)
        design_score: float | None = None
        score = text_score
        if design is not None:
            theirs = json.loads(row[7]) if isinstance(row[7], str) else row[7]
            design_score = design_similarity(design, theirs)
            score = TEXT_WEIGHT * text_score + (1 - TEXT_WEIGHT) * design_score
        found.append(
            SimilarProposal(
                pk=row[0],
                title=row[1],
                thumbnail_svg=row[2],
                score=score,
                text_score=text_score,
                design_score=design_score,
                author=row[4],
                support_count=row[5],
                change_summary=row[6],
            )
        )
    found.sort(key=lambda hit: (-hit.score, -hit.pk))
    return found[:limit]
