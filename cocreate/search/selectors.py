"""Reads for search: one selector per use case, one query each, on SQLite (FTS5) and PostgreSQL.

The SQL differs per vendor; what comes back does not. Both rank (FTS5 bm25 with the title worth
ten times the rationale; PostgreSQL ts_rank_cd over the title-A/rationale-B vector), both mark
matched words, and both read only the page of rows they return. See `index.py` for the index.
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


@dataclass(frozen=True)
class SimilarProposal:
    pk: int
    title: str
    thumbnail_svg: str
    score: float  # 0..1, higher is more alike
    text_score: float
    design_score: float | None


def marked(text: str) -> SafeString:
    """Escape `text` entirely, then turn the database's match marks into <mark> elements."""
    html = _MARKED.sub(r"<mark>\1</mark>", str(escape(text or "")))
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


def _when(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else value


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


_SQLITE_SEARCH = """
WITH top AS (
    SELECT f.rowid AS id, bm25(search_proposal_fts, 10.0, 1.0) AS score
    FROM search_proposal_fts f JOIN proposals_proposal p ON p.id = f.rowid
    WHERE search_proposal_fts MATCH %s AND p.challenge_id = %s
    ORDER BY score, f.rowid DESC LIMIT %s OFFSET %s
)
SELECT p.id, p.title, p.thumbnail_svg, p.status, p.created_at, u.username, top.score,
       highlight(search_proposal_fts, 0, %s, %s),
       snippet(search_proposal_fts, 1, %s, %s, '…', 24)
FROM top
JOIN search_proposal_fts ON search_proposal_fts.rowid = top.id
JOIN proposals_proposal p ON p.id = top.id
JOIN accounts_user u ON u.id = p.author_id
WHERE search_proposal_fts MATCH %s
ORDER BY top.score, top.id DESC
"""

_PG_SEARCH = f"""
WITH query AS (SELECT websearch_to_tsquery('{PG_CONFIG}', %s) AS tsq),
top AS (
    SELECT p.id, ts_rank_cd(p.search_vector, query.tsq) AS score
    FROM proposals_proposal p, query
    WHERE p.challenge_id = %s AND p.search_vector @@ query.tsq
    ORDER BY score DESC, p.id DESC LIMIT %s OFFSET %s
)
SELECT p.id, p.title, p.thumbnail_svg, p.status, p.created_at, u.username, top.score,
       ts_headline('{PG_CONFIG}', p.title, query.tsq,
                   'StartSel=' || %s || ', StopSel=' || %s || ', HighlightAll=true'),
       ts_headline('{PG_CONFIG}', p.rationale, query.tsq,
                   'StartSel=' || %s || ', StopSel=' || %s
                   || ', MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "')
FROM top
JOIN proposals_proposal p ON p.id = top.id
JOIN accounts_user u ON u.id = p.author_id
CROSS JOIN query
ORDER BY top.score DESC, top.id DESC
"""  # noqa: S608 - only constants are formatted in; input is a parameter


def search_proposals(
    *, challenge: Challenge, query: str, limit: int = 20, offset: int = 0
) -> list[SearchHit]:
    """Proposals of `challenge` matching `query` (all words, "phrases", OR), best first.

    One query whatever the number of proposals or matches; an empty or punctuation-only query
    makes none and finds nothing.
    """
    terms = q.parse(query)
    if not terms:
        return []
    limit, offset = _limit(limit), max(0, int(offset))
    marks = (START, STOP, START, STOP)
    if connection.vendor == "postgresql":
        sql = _PG_SEARCH
        params: list[Any] = [q.websearch_text(terms), challenge.pk, limit, offset, *marks]
    else:
        sql = _SQLITE_SEARCH
        match = q.fts5_match(terms)
        params = [match, challenge.pk, limit, offset, *marks, match]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        SearchHit(
            pk=row[0],
            title=row[1],
            thumbnail_svg=row[2],
            status=row[3],
            created_at=_when(row[4]),
            author=row[5],
            rank=abs(float(row[6])),
            title_html=marked(row[7]),
            snippet_html=marked(row[8]),
        )
        for row in rows
    ]


_SQLITE_SIMILAR = """
SELECT p.id, p.title, p.thumbnail_svg, -bm25(search_proposal_fts, 10.0, 1.0) AS score{design}
FROM search_proposal_fts f JOIN proposals_proposal p ON p.id = f.rowid
WHERE search_proposal_fts MATCH %s AND p.challenge_id = %s
ORDER BY bm25(search_proposal_fts, 10.0, 1.0), f.rowid DESC LIMIT %s
"""

_PG_SIMILAR = f"""
SELECT p.id, p.title, p.thumbnail_svg, ts_rank(p.search_vector, tsq) AS score{{design}}
FROM proposals_proposal p, to_tsquery('{PG_CONFIG}', %s) AS tsq
WHERE p.challenge_id = %s AND p.search_vector @@ tsq
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
    if connection.vendor == "postgresql":
        sql = _PG_SIMILAR.format(design=design_column)
        text = q.tsquery_any(words, prefix_last=prefix)
    else:
        sql = _SQLITE_SIMILAR.format(design=design_column)
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
            theirs = json.loads(row[4]) if isinstance(row[4], str) else row[4]
            design_score = design_similarity(design, theirs)
            score = TEXT_WEIGHT * text_score + (1 - TEXT_WEIGHT) * design_score
        found.append(SimilarProposal(row[0], row[1], row[2], score, text_score, design_score))
    found.sort(key=lambda hit: (-hit.score, -hit.pk))
    return found[:limit]
