"""Schools of thought: the camps a crowd's designs fall into, each with a medoid and a summary.

A design becomes a feature vector in one unit, so no feature needs rescaling and a type few
people use cannot dominate (per-column z-scores would blow such a type up):
- a section: per part type, its total width (metres) and its *lean*, the width-weighted
  position across the street, ``sum(width * (2 * centre / length - 1))`` (metres, negative on
  the left half, positive on the right; 0 when absent): where a camp puts a use, not only how
  much it gives it;
- a configurator: one-hot per option value, and each parameter scaled to 0..1 of its range.
k-means (scikit-learn, fixed seed, 4 starts) clusters the vectors, every design counting once
(its support does not move the camps). k runs from 2 to 8 on a fixed-seed sample of at most
20,000 designs and the k with the best mean silhouette on a fixed-seed sample of at most 5,000
of them wins (the smallest k on a tie); the best k >= 2 is kept even when no silhouette is
convincing, and it is refitted on every design. Items are sorted by id first and
every random step is seeded, so the same designs in any order give the same schools.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from cocreate.design.section.checks import in_sentence
from cocreate.design.toolkit import Toolkit

from .designs import Item

K_RANGE = range(2, 9)
SEED = 13
SILHOUETTE_SAMPLE = 5_000
FIT_SAMPLE = 20_000  # designs k is chosen on; the chosen k is fitted on all of them
SUMMARY_TERMS = 3
MIN_DIFFERENCE = 0.25  # metres (or option share) below which a difference goes unsaid
SPREAD_FLOOR = 0.5  # metres: a difference is ranked against the crowd's spread, at least this

Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Features:
    """The designs as vectors, and what each column means for a summary."""

    matrix: Matrix  # one row per design
    # per column (kind, key): ("width" | "lean", type), ("option", "option=value"),
    # ("parameter", name)
    columns: list[tuple[str, str]]
    labels: dict[str, str]  # key -> its label inside a sentence


def section_features(toolkit: Toolkit, items: Sequence[Item]) -> Features:
    """Width and lean per part type, in metres (see the module docstring), computed on all
    parts at once; positions in whole millimetres, so a design's vector never depends on
    which other designs are read with it."""
    order = {t: i for i, t in enumerate(toolkit.catalog)}
    lists = [item.design["parts"] for item in items]
    parts = list(chain.from_iterable(lists))
    counts = np.fromiter(map(len, lists), np.intp, len(items))
    names = list(map(itemgetter("type"), parts))
    types = sorted(set(names), key=lambda t: (order.get(t, len(order)), t))
    index = {t: i for i, t in enumerate(types)}
    column = np.fromiter(map(index.__getitem__, names), np.intp, len(parts))
    width = np.rint(np.fromiter(map(itemgetter("width"), parts), np.float64, len(parts)) * 1000)
    row = np.repeat(np.arange(len(items)), counts)
    ends = np.cumsum(width.astype(np.int64))  # exact: integer millimetres
    first = np.concatenate(([0], ends))[np.cumsum(counts) - counts]  # where each design starts
    start = ends - width - first[row]
    total = np.bincount(row, weights=width, minlength=len(items))
    stated = np.rint(
        np.fromiter((float(it.design.get("length") or 0) for it in items), np.float64, len(items))
        * 1000
    )
    length = np.where(stated > 0, stated, total)[row]
    lean = width * np.divide(
        2 * start + width - length, length, where=length > 0, out=np.zeros_like(width)
    )
    cells = row * 2 * len(types) + 2 * column
    size = len(items) * 2 * len(types)
    matrix = (
        np.bincount(cells, weights=width, minlength=size)
        + np.bincount(cells + 1, weights=lean, minlength=size)
    ).reshape(len(items), 2 * len(types)) / 1000
    columns = [(kind, t) for t in types for kind in ("width", "lean")]
    labels = {
        t: in_sentence(toolkit.catalog[t].label if t in toolkit.catalog else t) for t in types
    }
    return Features(matrix, columns, labels)


def configurator_features(toolkit: Toolkit, items: Sequence[Item]) -> Features:
    """One-hot option values and parameters scaled to their range."""
    columns: list[tuple[str, str]] = []
    labels: dict[str, str] = {}
    for option_id, option in toolkit.options.items():
        for value_id, value in option.values.items():
            key = f"{option_id}={value_id}"
            columns.append(("option", key))
            labels[key] = f"{in_sentence(value.label)} for the {in_sentence(option.label)}"
    for name, parameter in toolkit.parameters.items():
        columns.append(("parameter", name))
        labels[name] = in_sentence(parameter.label)
    index = {key: i for i, (_kind, key) in enumerate(columns)}
    matrix = np.zeros((len(items), len(columns)))
    for row, item in enumerate(items):
        for option_id, value_id in item.design.get("choices", {}).items():
            column = index.get(f"{option_id}={value_id}")
            if column is not None:
                matrix[row, column] = 1.0
        for name, value in item.design.get("parameters", {}).items():
            known = toolkit.parameters.get(name)
            if known is not None:
                span = (known.max - known.min) or 1
                matrix[row, index[name]] = (float(value) - known.min) / span
    return Features(matrix, columns, labels)


def features(toolkit: Toolkit, items: Sequence[Item]) -> Features:
    if toolkit.kind == "configurator":
        return configurator_features(toolkit, items)
    return section_features(toolkit, items)


def cluster(points: Matrix) -> NDArray[np.intp]:
    """The school of each point: k-means, k chosen by silhouette (see the module docstring).
    It runs on one thread (OpenMP and BLAS): on a busy machine, where the task shares two cores
    with the web server, threads wait on each other, three times slower than one."""
    with threadpool_limits(limits=1):
        return choose_and_fit(points)


def choose_and_fit(points: Matrix) -> NDArray[np.intp]:
    """k chosen on a seeded sample of at most ``FIT_SAMPLE`` points, then refitted on all."""
    rng = np.random.default_rng(SEED)
    n = len(points)
    fit = np.sort(rng.choice(n, FIT_SAMPLE, replace=False)) if n > FIT_SAMPLE else np.arange(n)
    distinct = len(np.unique(points[fit], axis=0))  # k-means cannot find more schools
    if distinct < 2:  # every design the same: one school
        return np.zeros(n, dtype=np.intp)
    measured = fit
    if len(fit) > SILHOUETTE_SAMPLE:
        measured = np.sort(rng.choice(fit, SILHOUETTE_SAMPLE, replace=False))
    sample = points[measured]
    distances = pairwise_distances(sample)
    best: tuple[float, int] | None = None
    for k in K_RANGE:
        if k >= len(sample) or k > distinct:
            break
        model = KMeans(n_clusters=k, n_init=4, random_state=SEED).fit(points[fit])
        score = silhouette(distances, model.predict(sample))
        if score is not None and (best is None or score > best[0] + 1e-9):
            best = (score, k)
    model = KMeans(n_clusters=2 if best is None else best[1], n_init=4, random_state=SEED)
    return np.asarray(model.fit_predict(points), dtype=np.intp)


def pairwise_distances(points: Matrix) -> NDArray[np.float32]:
    """Euclidean distances between every two points, kept in float32 (5,000 points: 100 MB),
    computed exactly in row blocks (the dot-product shortcut loses near-equal designs)."""
    distances = np.empty((len(points), len(points)), dtype=np.float32)
    for start in range(0, len(points), 500):
        distances[start : start + 500] = cdist(points[start : start + 500], points)
    return distances


def silhouette(distances: NDArray[np.float32], labels: NDArray[np.intp]) -> float | None:
    """The mean silhouette of ``labels`` (sklearn's ``silhouette_score`` on precomputed
    distances, with one matrix product for all clusters instead of a pass per point); None
    where it is undefined (fewer than two clusters, or every point alone)."""
    k = int(labels.max()) + 1
    onehot = (labels[:, None] == np.arange(k)).astype(np.float32)
    sizes = onehot.sum(axis=0)
    if np.count_nonzero(sizes) < 2 or np.count_nonzero(sizes) >= len(labels):
        return None
    sums = (distances @ onehot).astype(np.float64)
    own = sizes[labels]
    rows = np.arange(len(labels))
    inside = sums[rows, labels] / np.maximum(own - 1, 1)
    means = np.divide(sums, sizes, where=sizes > 0, out=np.full_like(sums, np.inf))
    means[rows, labels] = np.inf
    nearest = means.min(axis=1)
    scale = np.maximum(inside, nearest)
    values = np.divide(nearest - inside, scale, where=scale > 0, out=np.zeros_like(scale))
    values[own == 1] = 0
    return float(values.mean())


def find_schools(toolkit: Toolkit, items: Sequence[Item]) -> list[dict[str, Any]]:
    """The schools of thought among ``items``: ``{"id", "members", "medoid", "share",
    "support", "summary"}``, largest first (then by medoid id), ids "1".."k"."""
    if not items:
        return []
    ordered = sorted(items, key=lambda item: item.id)
    feats = features(toolkit, ordered)
    labels = cluster(feats.matrix)
    ids = np.array([item.id for item in ordered], dtype=object)
    support = np.array([item.support for item in ordered], dtype=np.float64)
    spread = np.maximum(feats.matrix.std(axis=0), SPREAD_FLOOR)
    schools = []
    for label in np.unique(labels):
        mask = labels == label
        centre = feats.matrix[mask].mean(axis=0)
        distance = ((feats.matrix[mask] - centre) ** 2).sum(axis=1)
        members = ids[mask]
        medoid = members[int(np.argmin(distance))]  # first minimum: the smallest id (sorted)
        rest = feats.matrix[~mask]
        schools.append(
            {
                "members": members.tolist(),
                "medoid": medoid,
                "share": round(int(mask.sum()) / len(ordered), 6),
                "support": round(float(support[mask].sum()), 6),
                "summary": summary(feats, feats.matrix[mask], rest, spread),
            }
        )
    schools.sort(key=lambda s: (-len(s["members"]), s["medoid"]))
    return [{"id": str(i), **school} for i, school in enumerate(schools, 1)]


def summary(feats: Features, inside: Matrix, rest: Matrix, spread: Matrix) -> str:
    """What sets a school apart from the other designs, in plain words: its biggest
    differences (measured against the crowd's spread), at most ``SUMMARY_TERMS`` of them."""
    if len(rest) == 0:
        return "All designs"
    mine, theirs = inside.mean(axis=0), rest.mean(axis=0)
    present_mine = (inside > 0).mean(axis=0)
    present_theirs = (rest > 0).mean(axis=0)
    terms: list[tuple[float, int, str]] = []
    for column, (kind, key) in enumerate(feats.columns):
        difference = float(mine[column] - theirs[column])
        if abs(difference) < MIN_DIFFERENCE:
            continue
        name = feats.labels[key]
        if kind == "width":
            name = plural(name)
            if present_theirs[column] < 0.25 and present_mine[column] >= 0.5:
                phrase = f"adds {mine[column]:.1f} m of {name}"
            elif present_mine[column] < 0.25 and present_theirs[column] >= 0.5:
                phrase = f"drops the {name}"
            else:
                more = "more" if difference > 0 else "less"
                phrase = f"gives {abs(difference):.1f} m {more} to {name}"
        elif kind == "lean":
            phrase = f"puts the {plural(name)} further {'right' if difference > 0 else 'left'}"
        elif kind == "option":
            if difference < 0:  # said by the value picked instead
                continue
            phrase = f"picks {name} more often"
        else:
            phrase = f"{'more' if difference > 0 else 'less'} {name}"
        terms.append((-abs(difference) / float(spread[column]), column, phrase))
    terms.sort()
    if not terms:
        return "Close to the crowd's average"
    text = ", ".join(phrase for _rank, _column, phrase in terms[:SUMMARY_TERMS])
    return text[0].upper() + text[1:]


def plural(name: str) -> str:
    """ "bike lane" -> "bike lanes", "bench" -> "benches"; "outdoor dining" stays."""
    if name.endswith("ing"):
        return name
    if name.endswith(("s", "sh", "ch", "x")):
        return name + "es"
    return name + "s"
