"""Schools of thought: the camps a crowd's designs fall into, each with a medoid and a summary.

A design becomes a feature vector in one unit, so no feature needs rescaling and a type few
people use cannot dominate (per-column z-scores would blow such a type up):
- a section: per part type, its total width (metres) and its *lean*, the width-weighted
  position across the street, ``sum(width * (2 * centre / length - 1))`` (metres, negative on
  the left half, positive on the right; 0 when absent): where a camp puts a use, not only how
  much it gives it;
- a configurator: one-hot per option value, and each parameter scaled to 0..1 of its range.
k-means (scikit-learn, fixed seed) clusters the distinct vectors, weighted by how many designs
share each (``sample_weight``). k runs from 2 to 8 and the k with the best mean silhouette on a
fixed-seed sample of at most 5,000 designs wins (the smallest k on a tie); the best k >= 2 is
returned even when no silhouette is convincing. Items are sorted by id first and every random
step is seeded, so the same designs in any order give the same schools.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from cocreate.design.section.checks import in_sentence
from cocreate.design.toolkit import Toolkit

from .designs import Item

K_RANGE = range(2, 9)
SEED = 13
SILHOUETTE_SAMPLE = 5_000
FIT_SAMPLE = 20_000  # distinct vectors k is chosen on; the chosen k is fitted on all of them
SUMMARY_TERMS = 3
MIN_DIFFERENCE = 0.25  # metres (or option share) below which a difference goes unsaid
SPREAD_FLOOR = 0.5  # metres: a difference is ranked against the crowd's spread, at least this

Matrix = NDArray[np.float64]


class Features:
    """The designs as vectors, and what each column means for a summary."""

    def __init__(self, matrix: Matrix, columns: list[tuple[str, str]], labels: dict[str, str]):
        self.matrix = matrix
        self.columns = columns  # (kind, key): ("width"|"lean", type), ("option", "opt=value"),
        self.labels = labels  # ("parameter", name); key -> its label in a sentence


def section_features(toolkit: Toolkit, items: Sequence[Item]) -> Features:
    """Width and lean per part type, in metres (see the module docstring)."""
    parts = toolkit.document.get("parts", {})
    order = {t: i for i, t in enumerate(parts)}
    types = sorted({p["type"] for it in items for p in it.design["parts"]},
                   key=lambda t: (order.get(t, len(order)), t))
    index = {t: i for i, t in enumerate(types)}
    matrix = np.zeros((len(items), 2 * len(types)))
    for row, item in enumerate(items):
        length = float(item.design.get("length") or 0) or sum(
            float(p["width"]) for p in item.design["parts"]
        )
        start = 0.0
        for part in item.design["parts"]:
            width = float(part["width"])
            column = 2 * index[part["type"]]
            matrix[row, column] += width
            if length > 0:
                matrix[row, column + 1] += width * (2 * (start + width / 2) / length - 1)
            start += width
    columns = [(kind, t) for t in types for kind in ("width", "lean")]
    labels = {t: in_sentence(parts.get(t, {}).get("label", t)) for t in types}
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
            parameter = toolkit.parameters.get(name)
            if parameter is not None:
                span = (parameter.max - parameter.min) or 1
                matrix[row, index[name]] = (float(value) - parameter.min) / span
    return Features(matrix, columns, labels)


def features(toolkit: Toolkit, items: Sequence[Item]) -> Features:
    if toolkit.kind == "configurator":
        return configurator_features(toolkit, items)
    return section_features(toolkit, items)


def cluster(points: Matrix, weights: Matrix, rows: NDArray[np.intp]) -> NDArray[np.intp]:
    """The school of each distinct point: k-means with k chosen by silhouette.

    ``rows``: for each design, its distinct point; the silhouette is taken over designs.
    """
    rng = np.random.default_rng(SEED)
    n_points = len(points)
    if n_points < 2:
        return np.zeros(n_points, dtype=np.intp)
    fit = np.arange(n_points)
    if n_points > FIT_SAMPLE:  # choose k on a sample; the winner is refitted on every point
        fit = np.sort(rng.choice(n_points, FIT_SAMPLE, replace=False, p=weights / weights.sum()))
    sample = rows
    if len(rows) > SILHOUETTE_SAMPLE:
        sample = np.sort(rng.choice(rows, SILHOUETTE_SAMPLE, replace=False))
    best: tuple[float, int] | None = None
    for k in K_RANGE:
        if k > min(len(fit), n_points):
            break
        model = KMeans(n_clusters=k, n_init=4, random_state=SEED)
        model.fit(points[fit], sample_weight=weights[fit])
        labels = model.predict(points[sample])
        if not 2 <= len(set(labels.tolist())) < len(sample):  # silhouette is undefined
            continue
        score = float(silhouette_score(points[sample], labels))
        if best is None or score > best[0] + 1e-12:
            best = (score, k)
    k = 2 if best is None else best[1]
    model = KMeans(n_clusters=k, n_init=4, random_state=SEED)
    return np.asarray(model.fit_predict(points, sample_weight=weights), dtype=np.intp)


def find_schools(toolkit: Toolkit, items: Sequence[Item]) -> list[dict[str, Any]]:
    """The schools of thought among ``items``: ``{"id", "members", "medoid", "share",
    "support", "summary"}``, largest first (then by medoid id), ids "1".."k"."""
    if not items:
        return []
    ordered = sorted(items, key=lambda item: item.id)
    feats = features(toolkit, ordered)
    rounded = np.round(feats.matrix, 3)  # millimetres: equal designs become one point
    points, rows, counts = np.unique(rounded, axis=0, return_inverse=True, return_counts=True)
    rows = rows.reshape(-1)
    labels = cluster(points, counts.astype(np.float64), rows)[rows]
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
            if present_theirs[column] < 0.25 <= present_mine[column] and present_mine[column] >= 0.5:
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
