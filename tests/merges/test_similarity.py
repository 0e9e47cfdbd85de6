"""The duplicate finder's pure rules: same design, nearly the same design, similar title."""

from __future__ import annotations

from cocreate.merges import similarity as s
from cocreate.search.query import title_words


def street(*widths: float, ids: str = "p") -> dict:
    kinds = ["sidewalk", "bike-lane", "drive-lane", "light-rail"]
    return {
        "parts": [
            {"type": kinds[n % 4], "width": w, "id": f"{ids}{n}"} for n, w in enumerate(widths)
        ]
    }


def candidate(pk: int, title: str, design: dict) -> s.Candidate:
    return s.Candidate(pk, frozenset(title_words(title)), design)


def test_the_same_design_is_found_whatever_its_part_ids_and_title():
    found = s.pairs(
        [
            candidate(1, "Trees please", street(3, 2, 3, 3, ids="a")),
            candidate(2, "Parking out", street(3, 2, 3, 3, ids="b")),
        ]
    )
    assert [(p.a, p.b, p.reason) for p in found] == [(0, 1, s.SAME)]


def test_nearly_the_same_design_is_within_ten_percent_on_every_part():
    base = candidate(1, "One", street(3, 2, 3, 3))
    near = candidate(2, "Two", street(3.2, 1.9, 3, 2.9))
    far = candidate(3, "Three", street(3, 1.5, 3.5, 3))
    reordered = candidate(4, "Four", {"parts": list(reversed(street(3, 2, 3, 3)["parts"]))})
    found = s.pairs([base, near, far, reordered])
    assert [(p.a, p.b, p.reason) for p in found] == [(0, 1, s.NEAR)]


def test_similar_titles_need_a_similar_design_too():
    design = street(3, 2, 3, 3)
    other = {"parts": [{"type": "parklet", "width": 11}]}
    found = s.pairs(
        [
            candidate(1, "Protected bike lanes both ways", design),
            candidate(2, "Protected bike lanes, both ways please", street(2.5, 2.5, 3, 3)),
            candidate(3, "Protected bike lanes both ways", other),
            candidate(4, "Trees instead of a traffic lane", street(2.5, 2.5, 3, 3)),
        ]
    )
    text = [(p.a, p.b) for p in found if p.reason == s.TEXT]
    assert text == [(0, 1)]
    assert all(p.score >= s.TEXT_THRESHOLD for p in found)


def test_configurators_compare_choices_and_parameters():
    bike = {"choices": {"frame": "long-john"}, "parameters": {"battery": 500}}
    found = s.pairs(
        [
            candidate(1, "A", bike),
            candidate(2, "B", {**bike, "parameters": {"battery": 520}}),
            candidate(3, "C", {**bike, "choices": {"frame": "longtail"}}),
        ]
    )
    assert [(p.a, p.b, p.reason) for p in found] == [(0, 1, s.NEAR)]


def test_groups_are_stars_around_the_best_ranked_without_chains():
    # 0~1 and 1~2 but not 0~2: 1 joins 0's group, 2 stays out (it is not like 0).
    found = [s.Pair(0, 1, s.NEAR, 0.9), s.Pair(1, 2, s.NEAR, 0.9)]
    candidates = [candidate(n, "x", {}) for n in range(3)]
    groups = s.groups(candidates, found)
    assert [(g.target, [p.b for p in g.members]) for g in groups] == [(0, [1])]


def test_a_group_is_capped():
    candidates = [candidate(n, "x", street(3, 2, 3, 3)) for n in range(20)]
    groups = s.groups(candidates, s.pairs(candidates))
    assert [len(g.members) + 1 for g in groups] == [s.MAX_GROUP] * 3 + [2]


def test_malformed_designs_never_raise():
    odd = [None, {"parts": "x"}, {"parts": [1, {"width": "nan"}]}, {"choices": 3}, []]
    candidates = [candidate(n, "Same title here", d) for n, d in enumerate(odd)]
    s.groups(candidates, s.pairs(candidates))
