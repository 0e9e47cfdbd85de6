"""The pure design similarity and query reading (no database)."""

from __future__ import annotations

import math

import pytest

from cocreate.search import query as q
from cocreate.search.similarity import design_similarity, weighted_jaccard


def _street(*parts: tuple[str, float]) -> dict:
    return {"length": 21, "parts": [{"type": t, "width": w} for t, w in parts]}


BASE = _street(
    ("sidewalk", 3), ("drive-lane", 3), ("light-rail", 6), ("drive-lane", 3), ("sidewalk", 3)
)


def test_identical_designs_are_one_and_disjoint_ones_zero():
    assert design_similarity(BASE, BASE) == 1.0
    assert design_similarity(BASE, _street(("park", 18))) == 0.0


def test_similarity_is_symmetric_and_bounded():
    other = _street(("sidewalk", 4), ("bike-lane", 2), ("light-rail", 6), ("sidewalk", 4))
    assert design_similarity(BASE, other) == pytest.approx(design_similarity(other, BASE))
    assert 0 < design_similarity(BASE, other) < 1


def test_a_small_width_change_is_closer_than_a_new_part():
    wider = _street(
        ("sidewalk", 3.5),
        ("drive-lane", 2.5),
        ("light-rail", 6),
        ("drive-lane", 3),
        ("sidewalk", 3),
    )
    bike = _street(
        ("sidewalk", 3), ("bike-lane", 3), ("light-rail", 6), ("drive-lane", 3), ("sidewalk", 3)
    )
    assert design_similarity(BASE, wider) > design_similarity(BASE, bike)


def test_order_counts():
    shuffled = _street(
        ("drive-lane", 3), ("sidewalk", 3), ("light-rail", 6), ("sidewalk", 3), ("drive-lane", 3)
    )
    # Same widths; of the neighbour pairs only sidewalk-lane and lane-sidewalk survive (2 of 6).
    assert design_similarity(BASE, shuffled) == pytest.approx(0.7 + 0.3 * 2 / 6)


def test_configurators_compare_choices_and_parameters():
    a = {"choices": {"frame": "long", "motor": "hub"}, "parameters": {"battery_wh": 500}}
    b = {"choices": {"frame": "long", "motor": "mid"}, "parameters": {"battery_wh": 400}}
    assert design_similarity(a, b) == pytest.approx((1 + 0 + 0.8) / 3)
    assert design_similarity(a, a) == 1.0


@pytest.mark.parametrize(
    "junk",
    [
        None,
        3,
        "x",
        [],
        {},
        {"parts": "no"},
        {"parts": [None, {"width": "wide"}]},
        {"parts": [{"type": "a", "width": math.nan}]},
        {"choices": None},
    ],
)
def test_junk_never_raises(junk):
    value = design_similarity(BASE, junk)
    assert 0.0 <= value <= 1.0
    assert 0.0 <= design_similarity(junk, junk) <= 1.0


def test_weighted_jaccard():
    assert weighted_jaccard({"a": 2, "b": 1}, {"a": 1, "c": 1}) == pytest.approx(1 / 4)
    assert weighted_jaccard({}, {}) == 1.0


def test_queries_quote_every_word():
    terms = q.parse('Bus "light rail" OR tram* NEAR(x) col:umn -"')
    assert q.fts5_match(terms) == (
        '"bus" AND "light rail" OR "tram" AND "near" AND "x" AND "col" AND "umn"'
    )
    assert q.websearch_text(terms) == 'bus "light rail" or tram near x col umn'
    assert q.parse('OR OR ** "" \'') == []


def test_title_words_drop_stopwords_and_repeats_and_prefix_the_last():
    words = q.title_words("The trees, the TREES and shade fo")
    assert words == ["trees", "shade", "fo"]
    assert q.fts5_any(words, prefix_last=True) == 'title : ("trees" OR "shade" OR "fo"*)'
    assert q.tsquery_any(words, prefix_last=False) == "'trees':A | 'shade':A | 'fo':A"
