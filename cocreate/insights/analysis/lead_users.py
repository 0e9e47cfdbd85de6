"""Lead users: the few people who were ahead of the crowd, ranked with the evidence for each.

A *feature* is one idea a design holds: a part type, a variant value, two types side by side,
a type in the left or right half of the street, a configurator choice or parameter value. It
*became common* on the day from which it stays in at least 20 % of the proposals made so far
(cumulative, by ``created_at``); features that never do count for nobody's lead.

Four components per author, each divided by the best author's value, then weighted
(``WEIGHTS``):

- **lead time** (0.5): for each feature that became common, its *innovators* (Rogers: the
  first 2.5 % of the people who ever used it, at least the first one) who used it before that
  day earn ``ahead / span x ahead / longest``: days ahead as a share of the data's span, times
  how close they came to the feature's very first use. An idea seen through several features
  (a type, its variants, its sides) counts once, at its best.
- **remixes** (0.2): proposals by others descending from theirs, 1 for a child, 0.5 for a
  grandchild, 0.25 below, … (each counted once, at its nearest distance; ``log1p``).
- **supporters** (0.15): distinct people other than themselves supporting any of their
  proposals (``log1p``).
- **breadth** (0.15): distinct features across their proposals.

The proposals are put in a canonical order (``created_at``, id, author) first, so the result
does not depend on input order; the work is numpy over integer arrays, so 100,000 proposals with
1,000,000 supports rank in a few seconds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, count
from typing import Any

import numpy as np
import numpy.typing as npt

COMMON_PERCENT = 20  # a feature present in this share of proposals so far is common
INNOVATORS_PERCENT = 2.5  # Rogers' innovators: the first 2.5 % of a feature's adopters
WEIGHTS = {"lead": 0.5, "remixes": 0.2, "supporters": 0.15, "breadth": 0.15}
LINEAGE_DEPTH = 16  # credit 0.5**15 below this is noise; the cap keeps long chains linear
MAX_M = 1000  # a part wider than a kilometre is a typo, not a street
TOP = 100  # people ranked (the rest would only bloat the stored report)
KINDS = ("type", "choice", "parameter", "variant", "next", "side")  # evidence order on ties
LEAD_SENTENCES = 3  # features named per person; the rest are counted

Feature = tuple[str, ...]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Proposal:
    """What lead-user ranking reads of one proposal."""

    id: str
    author: str
    created_at: datetime
    parent: str | None
    design: dict[str, Any]
    supporters: tuple[str, ...] = field(default_factory=tuple)


def features(designs: Sequence[Mapping[str, Any]]) -> tuple[Ints, Ints, list[Feature]]:
    """The ideas the designs hold, as pairs ``(design index, feature id)`` (each once) and the
    features by id: for sections the part types, variant values, neighbouring type pairs and
    the half of the street each type sits in; for configurators the choices and parameters.

    Python only reads the parts; the pairs and halves are numpy work on integer millimetres.
    """
    types: dict[str, int] = {}
    named: dict[Feature, int] = {}  # variants, choices and parameters
    kind: list[str] = []
    width: list[float] = []
    owner: list[int] = []
    named_owner, named_id = [], []
    number = (int, float)
    for i, design in enumerate(designs):
        parts = design.get("parts")
        for part in parts if type(parts) is list else ():
            name = part.get("type") if type(part) is dict else None
            if type(name) is not str:
                continue
            kind.append(name)
            w = part.get("width")
            width.append(w if type(w) in number else 0)
            owner.append(i)
            variant = part.get("variant")
            for axis, value in variant.items() if variant and type(variant) is dict else ():
                if type(value) is str:
                    named_owner.append(i)
                    named_id.append(named.setdefault(("variant", name, axis, value), len(named)))
        for key in ("choices", "options", "parameters"):
            found = design.get(key)
            for option, value in found.items() if type(found) is dict else ():
                if key != "parameters" and type(value) is str:
                    feature: Feature = ("choice", option, value)
                elif key == "parameters" and type(value) in number and math.isfinite(value):
                    feature = ("parameter", option, f"{value:g}")
                else:
                    continue
                named_owner.append(i)
                named_id.append(named.setdefault(feature, len(named)))

    t = np.fromiter(map(types.setdefault, kind, count()), np.int64, len(kind))
    t = np.searchsorted(np.fromiter(types.values(), np.int64, len(types)), t)
    metres = np.array(width, np.float64)
    w = np.where((metres > 0) & (metres < MAX_M), np.rint(metres * 1000), 0).astype(np.int64)
    at = np.array(owner, np.int64)
    n_types = max(len(types), 1)
    same = at[1:] == at[:-1]
    low, high = np.minimum(t[:-1], t[1:])[same], np.maximum(t[:-1], t[1:])[same]
    # Which half a part's centre is in: 2 x centre against the design's total width.
    total = np.bincount(at, w, minlength=len(designs)).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, ~same]) if len(at) else at
    before = np.cumsum(w) - w
    before -= np.repeat(before[starts], np.diff(np.r_[starts, len(at)]))
    centre = 2 * before + w - total[at]
    off = [int(x) for x in np.cumsum([0, n_types, len(named), n_types * n_types, 2 * n_types])]
    code = np.concatenate(
        [
            t,
            off[1] + np.array(named_id, np.int64),
            off[2] + low * n_types + high,
            off[3] + 2 * t[centre != 0] + (centre[centre != 0] > 0),
        ]
    )
    holder = np.concatenate([at, np.array(named_owner, np.int64), at[1:][same], at[centre != 0]])
    _, _, pairs = _runs(holder * off[4] + code)  # each idea once per design
    used = pairs % off[4]
    order, runs, codes = _runs(used)
    dense = np.empty(len(used), np.int64)
    dense[order] = np.repeat(np.arange(len(codes)), np.diff(np.r_[runs, len(used)]))
    names, labels = list(types), list(named)
    return pairs // off[4], dense, [_decode(int(c), off, names, labels) for c in codes]


def _decode(code: int, off: list[int], types: list[str], named: list[Feature]) -> Feature:
    """A feature's code (laid out by ``features``) back as a tuple."""
    n = max(len(types), 1)
    if code < off[1]:
        return ("type", types[code])
    if code < off[2]:
        return named[code - off[1]]
    if code < off[3]:
        return ("next", types[(code - off[2]) // n], types[(code - off[2]) % n])
    return ("side", types[(code - off[3]) // 2], ("left", "right")[(code - off[3]) % 2])


def rank_lead_users(proposals: Sequence[Proposal], *, limit: int = TOP) -> list[dict[str, Any]]:
    """``[{"author", "score", "evidence": [sentence…]}]``, best first, ties by author name."""
    if not proposals:
        return []
    ps = sorted(proposals, key=lambda p: (p.created_at, p.id, p.author))
    names = sorted({p.author for p in ps})
    people = {name: i for i, name in enumerate(names)}
    author = np.fromiter((people[p.author] for p in ps), np.int64, len(ps))
    time = np.fromiter((p.created_at.timestamp() for p in ps), np.float64, len(ps))

    proposal, feature, labels = features([p.design for p in ps])

    first_use, lead = _lead(feature, proposal, author, time, len(labels))
    breadth = np.bincount(first_use[1], minlength=len(names)).astype(np.float64)
    span = max(float(time[-1] - time[0]), 1.0)  # no span, no lead: every use is on one day
    # One idea seen through several features (a type, its variant, its side) counts once.
    subjects: dict[Feature, int] = {}
    subject = np.fromiter(
        (subjects.setdefault(_subject(f), len(subjects)) for f in labels), np.int64, len(labels)
    )
    order, starts, pairs = _runs(lead[1] * len(subjects) + subject[lead[0]])
    credit = lead[2] / span * lead[2] / lead[4]  # days ahead, and how near to the first use
    best_credit = np.maximum.reduceat(credit[order], starts) if len(starts) else credit
    lead_share = np.bincount(pairs // max(len(subjects), 1), best_credit, minlength=len(names))
    remixes, lineage = _remixes(ps, author, len(names))
    supporters = _supporters(ps, people)

    parts = {
        "lead": lead_share,
        "remixes": np.log1p(lineage),
        "supporters": np.log1p(supporters),
        "breadth": breadth,
    }
    score = sum(
        (WEIGHTS[k] * v / v.max() if v.max() > 0 else np.zeros(len(names)))
        for k, v in parts.items()
    )
    scores = np.round(np.asarray(score, dtype=np.float64), 4)
    best = sorted(range(len(names)), key=lambda i: (-scores[i], names[i]))[:limit]

    chosen = np.zeros(len(names), dtype=bool)
    chosen[best] = True
    ideas: dict[int, list[Feature]] = {i: [] for i in best}
    for f, a in zip(*(x[chosen[first_use[1]]] for x in first_use), strict=True):
        ideas[int(a)].append(labels[f])
    early: dict[int, list[tuple[float, int, str]]] = {i: [] for i in best}
    for f, a, seconds, first, _ in zip(*(x[chosen[lead[1]]] for x in lead), strict=True):
        early[int(a)].append(
            (
                float(seconds),
                KINDS.index(labels[f][0]),
                _lead_sentence(labels[f], float(seconds), bool(first)),
            )
        )
    return [
        {
            "author": names[i],
            "score": float(scores[i]),
            "evidence": _evidence(
                early[i], int(remixes[i]), float(lineage[i]), int(supporters[i]), ideas[i]
            ),
        }
        for i in best
    ]


def _runs(keys: Ints) -> tuple[Ints, Ints, Ints]:
    """A stable sort of ``keys``, where each run of equal keys starts in it, and the keys.

    (``np.unique`` without ``return_*`` hashes, which is ten times slower here than sorting.)
    """
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(keys) else order
    return order, starts, ordered[starts]


def _lead(
    feature: Ints, proposal: Ints, author: Ints, time: Floats, count: int
) -> tuple[tuple[Ints, Ints], tuple[Ints, Ints, Floats, Ints, Floats]]:
    """First use of each feature per author ``(features, authors)``, and the innovators' uses
    before their feature became common ``(features, authors, seconds ahead, was first, seconds
    from the feature's first use to it becoming common)``."""
    n = len(time)
    if not len(feature):  # no design holds anything
        none, no_time = np.zeros(0, np.int64), np.zeros(0, np.float64)
        return (none, none), (none, none, no_time, none, no_time)
    order, starts, _ = _runs(feature)  # by feature, then by time (proposals are in time order)
    f, r = feature[order], proposal[order]
    ends = np.r_[starts[1:], len(f)].astype(np.int64)
    group = np.repeat(np.arange(len(starts)), ends - starts)
    seen = np.arange(len(f)) - starts[group] + 1  # proposals with the feature, this one included
    following = np.r_[r[1:], n]
    following[ends - 1] = n
    # Between two uses the cumulative share only falls, so it is lowest just before the next one.
    common = seen * 100 >= COMMON_PERCENT * following
    rare_at = np.where(common, -1, np.arange(len(f)))
    last_rare = np.maximum.reduceat(rare_at, starts) if len(f) else starts
    became = np.maximum(last_rare + 1, starts)  # first use of the final common run
    crossing = np.full(count, np.inf)
    stays = common[ends - 1]
    crossing[f[starts[stays]]] = time[r[became[stays]]]
    first_time = np.full(count, np.inf)
    first_time[f[starts]] = time[r[starts]]

    uses, firsts, _ = _runs(f * (int(author.max()) + 1) + author[r])
    first = np.zeros(len(f), dtype=bool)
    first[uses[firsts]] = True  # each author's first use, still by feature and then by time
    at = np.flatnonzero(first)
    uf, ua, ut = f[at], author[r[at]], time[r[at]]
    # Rank each author among the feature's adopters by first use: only innovators earn lead.
    adopters = np.bincount(uf, minlength=count)
    place = np.arange(len(uf)) - (np.cumsum(adopters) - adopters)[uf]
    innovator = place < np.ceil(adopters[uf] * INNOVATORS_PERCENT / 100)
    ahead = crossing[uf] - ut
    keep = innovator & np.isfinite(ahead) & (ahead > 0)
    return (uf, ua), (
        uf[keep],
        ua[keep],
        ahead[keep],
        (ut[keep] == first_time[uf[keep]]).astype(np.int64),
        (crossing - first_time)[uf[keep]],
    )


def _remixes(ps: Sequence[Proposal], author: Ints, people: int) -> tuple[Ints, Floats]:
    """Per author: direct remixes by others, and all descendants by others credited 0.5 per
    generation below the first (each counted once, at its nearest distance)."""
    n = len(ps)
    index: dict[str, int] = {}
    for i, p in enumerate(ps):
        index.setdefault(p.id, i)
    parent = np.fromiter(
        (index.get(p.parent, -1) if p.parent is not None else -1 for p in ps), np.int64, n
    )
    found: list[Ints] = []
    depths: list[Ints] = []
    child, ancestor = np.arange(n, dtype=np.int64), parent
    for depth in range(1, LINEAGE_DEPTH + 1):
        alive = ancestor >= 0
        child, ancestor = child[alive], ancestor[alive]
        if not len(child):
            break
        other = author[ancestor] != author[child]
        found.append(author[ancestor[other]] * n + child[other])
        depths.append(np.full(int(other.sum()), depth, np.int64))
        ancestor = parent[ancestor]
    if not found:
        return np.zeros(people, np.int64), np.zeros(people, np.float64)
    order, starts, pairs = _runs(np.concatenate(found))  # stable: a run's first is the nearest
    depth_of = np.concatenate(depths)[order[starts]]
    who = pairs // n
    direct = np.bincount(who[depth_of == 1], minlength=people).astype(np.int64)
    credit = np.bincount(who, 0.5 ** (depth_of - 1.0), minlength=people)
    return direct, credit.astype(np.float64)


def _supporters(ps: Sequence[Proposal], people: dict[str, int]) -> Ints:
    """Distinct supporters per author across their proposals, themselves excluded."""
    ids = dict(people)  # supporters who are authors keep their number; ids of others have gaps
    flat = list(chain.from_iterable(p.supporters for p in ps))
    who = np.fromiter(map(ids.setdefault, flat, count(len(people))), np.int64, len(flat))
    of = np.repeat(
        np.fromiter((people[p.author] for p in ps), np.int64, len(ps)),
        np.fromiter((len(p.supporters) for p in ps), np.int64, len(ps)),
    )
    size = len(people) + len(flat)
    _, _, pairs = _runs((of * size + who)[who != of])
    return np.bincount(pairs // size, minlength=len(people))


def _subject(feature: Feature) -> Feature:
    """The idea a feature belongs to: its part type, its pair of types or its option."""
    kind = feature[0]
    if kind == "next":
        return feature
    return ("option" if kind in ("choice", "parameter") else "type", feature[1])


def _words(name: str) -> str:
    return name.replace("-", " ").replace("_", " ")


def _a(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def _doing(feature: Feature) -> str:
    """What using a feature means, as a verb phrase: "add a scooter lane"."""
    kind, *rest = feature
    words = [_words(w) for w in rest]
    if kind == "type":
        return "add " + _a(words[0])
    if kind == "variant":
        return "use " + _a(f"{words[2]} {words[0]}")
    if kind == "next":
        other = "another " + words[1] if words[0] == words[1] else _a(words[1])
        return f"put {_a(words[0])} next to {other}"
    if kind == "side":
        return f"put {_a(words[0])} on the {words[1]} side"
    if kind == "choice":
        return f"choose the {words[1]} {words[0]}"
    return f"set {words[0]} to {rest[1]}"


def _days(seconds: float) -> str:
    days = int(seconds / 86400 + 0.5)
    return "less than a day" if seconds < 86400 else "1 day" if days == 1 else f"{days} days"


def _lead_sentence(feature: Feature, seconds: float, first: bool) -> str:
    who = "first" if first else "early"
    ahead = f"{_days(seconds)} before it appeared in {COMMON_PERCENT}% of proposals"
    return f"{who} to {_doing(feature)}, {ahead}"


def _number(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _plural(n: int, word: str, words: str = "") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


def _evidence(
    early: list[tuple[float, int, str]],
    remixes: int,
    lineage: float,
    supporters: int,
    ideas: Iterable[Feature],
) -> list[str]:
    """The facts behind one person's score, in the order of the weights."""
    early.sort(key=lambda e: (-e[0], e[1], e[2]))  # longest lead, then the plainest kind
    out = [sentence for _, _, sentence in early[:LEAD_SENTENCES]]
    if len(early) > LEAD_SENTENCES:
        out.append(
            f"early to {_plural(len(early) - LEAD_SENTENCES, 'more feature')} that became common"
        )
    if lineage > 0:
        sentence = f"{_plural(remixes, 'remix', 'remixes')} of their proposals"
        if not math.isclose(lineage, remixes):
            sentence += f" ({_number(lineage)} with credit down the lineage)"
        out.append(sentence)
    if supporters:
        out.append(_plural(supporters, "supporter"))
    ideas = list(ideas)
    subjects = [
        _plural(len({f[1] for f in ideas if f[0] == "type"}), "part type"),
        _plural(len({f[1] for f in ideas if f[0] in ("choice", "parameter")}), "option"),
    ]
    if ideas:
        across = " and ".join(s for s in subjects if not s.startswith("0 "))
        out.append(f"{_plural(len(ideas), 'distinct feature')} across {across}")
    return out
