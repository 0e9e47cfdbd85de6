"""Which proposals are probably the same idea: pure, no Django.

Three reasons make a pair, each cheap and bounded:

- **the same design**: equal signatures (the parts' types, variants and widths in millimetres,
  or a configurator's choices and parameters; part ids and other bookkeeping left out),
  grouped in a dictionary, linear in the candidates;
- **nearly the same design**: the same shape (same parts in the same order, or the same
  choices) with every width or parameter within NEAR_SHARE of the other's, compared pair by
  pair inside a shape's bucket (at most MAX_NEAR_CHECKS pairs, stopping at the first number
  that differs too much);
- **a similar title and design**: title words (the search's own `title_words`) shared through
  an inverted index, skipping words most titles use; only pairs whose word overlap could still
  reach TEXT_THRESHOLD get the search's `design_similarity` (at most MAX_TEXT_PAIRS of them),
  and the score is the search's blend of the two (TEXT_WEIGHT).

Groups are stars, not chains: the best-ranked candidate (the caller's order, e.g. most
supported) takes its unassigned look-alikes, best first, up to MAX_GROUP; so every member of a
group is a likely duplicate of the group's first proposal, the one to merge the others into.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from cocreate.search.similarity import design_similarity

TEXT_WEIGHT = 0.7  # as the search's similar proposals blend title and design
TEXT_THRESHOLD = 0.75  # blended score from which a pair is offered
# The least word overlap that can reach the threshold (with a design similarity of 1).
MIN_TEXT = (TEXT_THRESHOLD - (1 - TEXT_WEIGHT)) / TEXT_WEIGHT
NEAR_SHARE = 0.1  # every width or parameter within 10% of the other's
MAX_NEAR_CHECKS = 20_000  # same-shape pairs compared number by number, best-ranked first
MAX_TEXT_PAIRS = 3000  # word-sharing pairs scored, rarest words first
COMMON_SHARE = 0.2  # a word in more than this share of the titles (and ...
COMMON_MIN = 10  # ... in more than this many) tells nothing
MAX_GROUP = 6  # proposals in one group, its target included

UNKNOWN: tuple[Any, ...] = ("?",)
SAME, NEAR, TEXT = "same design", "nearly the same design", "similar title and design"


@dataclass(frozen=True)
class Candidate:
    pk: int
    words: frozenset[str]  # the title's telling words
    design: Any


@dataclass(frozen=True)
class Pair:
    a: int  # positions in the candidates, a < b
    b: int
    reason: str
    score: float


def _mm(value: Any) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return round(number * 1000) if number == number and abs(number) < 1e12 else 0


def shape(design: Any) -> tuple[tuple[Any, ...], tuple[int, ...]]:
    """(shape, numbers): what must be equal and what may differ a little. Sections: the parts'
    types and variants in order, and their widths in millimetres; configurators: the choices
    and the parameters' names, and their values in thousandths."""
    if not isinstance(design, Mapping):
        return UNKNOWN, ()
    parts = design.get("parts")
    if isinstance(parts, list):
        kinds, widths = [], []
        for part in parts:
            if not isinstance(part, Mapping):
                continue
            variant = part.get("variant")
            variant_items = sorted(variant.items()) if isinstance(variant, Mapping) else []
            kinds.append((str(part.get("type", "")), repr(variant_items)))
            widths.append(_mm(part.get("width")))
        return ("section", *kinds), tuple(widths)
    choices = design.get("choices") or {}
    parameters = design.get("parameters") or {}
    if not isinstance(choices, Mapping) or not isinstance(parameters, Mapping):
        return UNKNOWN, ()
    numeric = sorted(k for k, v in parameters.items() if isinstance(v, int | float))
    others = sorted((k, repr(v)) for k, v in parameters.items() if k not in numeric)
    key = ("configurator", repr(sorted(choices.items())), tuple(numeric), tuple(others))
    return key, tuple(_mm(parameters[k]) for k in numeric)


def pairs(candidates: Sequence[Candidate]) -> list[Pair]:
    """Every likely-duplicate pair among `candidates`, each once, with its best reason."""
    found: dict[tuple[int, int], Pair] = {}

    def offer(pair: Pair) -> None:
        key = (pair.a, pair.b)
        if key not in found or found[key].score < pair.score:
            found[key] = pair

    shapes = [shape(candidate.design) for candidate in candidates]
    buckets: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, (key, _numbers) in enumerate(shapes):
        if key != UNKNOWN:  # what is not a design is nobody's duplicate
            buckets[key].append(index)
    checks = MAX_NEAR_CHECKS
    for members in buckets.values():
        for a, b in combinations(members, 2):
            if checks <= 0:
                break
            checks -= 1
            if shapes[a][1] == shapes[b][1]:
                offer(Pair(a, b, SAME, 1.0))
            elif _near(shapes[a][1], shapes[b][1]):
                offer(Pair(a, b, NEAR, 0.9))
    for pair in _by_title(candidates):
        offer(pair)
    return sorted(found.values(), key=lambda p: (-p.score, p.a, p.b))


def _near(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Every number within NEAR_SHARE of the other's (stops at the first that is not)."""
    return all(abs(x - y) <= NEAR_SHARE * max(abs(x), abs(y)) for x, y in zip(a, b, strict=True))


def _by_title(candidates: Sequence[Candidate]) -> list[Pair]:
    postings: dict[str, list[int]] = defaultdict(list)
    for index, candidate in enumerate(candidates):
        for word in candidate.words:
            postings[word].append(index)
    common = max(COMMON_MIN, COMMON_SHARE * len(candidates))
    sharing: set[tuple[int, int]] = set()
    for _word, members in sorted(postings.items(), key=lambda item: (len(item[1]), item[0])):
        if len(members) > common:
            break
        for i, a in enumerate(members):
            sharing.update((a, b) for b in members[i + 1 :])
        if len(sharing) >= MAX_TEXT_PAIRS:
            break
    found: list[Pair] = []
    for a, b in sorted(sharing)[:MAX_TEXT_PAIRS]:
        words_a, words_b = candidates[a].words, candidates[b].words
        overlap = len(words_a & words_b) / len(words_a | words_b)
        if overlap < MIN_TEXT:
            continue
        design = design_similarity(candidates[a].design, candidates[b].design)
        score = TEXT_WEIGHT * overlap + (1 - TEXT_WEIGHT) * design
        if score >= TEXT_THRESHOLD:
            found.append(Pair(a, b, TEXT, round(score, 3)))
    return found


@dataclass(frozen=True)
class Group:
    target: int  # position of the proposal to merge the others into
    members: list[Pair]  # each pair's `b` side is the other proposal (a is the target)


def groups(candidates: Sequence[Candidate], found: list[Pair]) -> list[Group]:
    """Stars around the best-ranked candidates (`candidates` come in the caller's ranking);
    each candidate in at most one group."""
    neighbours: dict[int, list[Pair]] = defaultdict(list)
    for pair in found:
        neighbours[pair.a].append(pair)
        neighbours[pair.b].append(Pair(pair.b, pair.a, pair.reason, pair.score))
    taken: set[int] = set()
    result: list[Group] = []
    for index in range(len(candidates)):
        if index in taken or index not in neighbours:
            continue
        ranked = sorted(neighbours[index], key=lambda p: (-p.score, p.b))
        members = [p for p in ranked if p.b not in taken][: MAX_GROUP - 1]
        if members:
            taken.add(index)
            taken.update(p.b for p in members)
            result.append(Group(index, members))
    return result
