"""Planted truth: ten people bring in ideas long before the crowd copies them, and rank first."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from cocreate.insights.analysis.lead_users import Proposal, rank_lead_users

START = datetime(2026, 1, 1, tzinfo=UTC)
USUAL = ["sidewalk", "drive-lane", "bike-lane", "bus-lane", "parking-lane"]


def population(seed: int, size: int = 3000, authors: int = 1000) -> tuple[list[Proposal], set[str]]:
    """Over 300 days, ``size`` proposals by ``authors`` people: the usual parts at random, rare
    oddities, remixes and heavy-tailed supports. Ten planted people each bring two new part
    types on days 5-40; from a day between 60 and 120 the crowd copies each one in a rising
    share of proposals (an S-curve up to half of them), now and then as a remix of the original.
    """
    rng = random.Random(seed)
    people = [f"person-{i:04}" for i in range(authors)]
    planted = rng.sample(people, 10)
    ideas = [
        (who, f"idea-{k}-{m}", rng.uniform(5, 40), rng.uniform(60, 120))
        for k, who in enumerate(planted)
        for m in range(2)
    ]
    rows = []
    for i in range(size):
        day = rng.uniform(0, 300)
        parts = [
            {"type": t, "width": round(rng.uniform(1.5, 3.5), 1)}
            for t in USUAL
            if rng.random() < 0.8
        ]
        if rng.random() < 0.05:
            parts.append({"type": f"oddity-{rng.randrange(60)}", "width": 1.0})
        parent = f"p{rng.randrange(i)}" if i and rng.random() < 0.3 else None
        for _, idea, _, wave in ideas:
            if rng.random() < min(0.5, 0.5 * (day - wave) / 60):
                parts.append({"type": idea, "width": 2.0})
                if rng.random() < 0.05:
                    parent = f"lead-{idea}"
        rng.shuffle(parts)
        fans = min(authors, int(rng.paretovariate(1.2) * 10) - 10 + rng.randrange(3))
        rows.append(
            Proposal(
                f"p{i}",
                rng.choice(people),
                START + timedelta(days=day),
                parent,
                {"parts": parts},
                tuple(rng.sample(people, fans)),
            )
        )
    for who, idea, day, _ in ideas:
        parts = [{"type": t, "width": 2.5} for t in USUAL] + [{"type": idea, "width": 2.0}]
        rows.append(
            Proposal(f"lead-{idea}", who, START + timedelta(days=day), None, {"parts": parts})
        )
    return rows, set(planted)


@pytest.mark.parametrize(("seed", "authors"), [(0, 400), (1, 1000), (2, 2000)])
def test_planted_lead_users_rank_in_the_top_ten(seed: int, authors: int) -> None:
    rows, planted = population(seed, authors=authors)
    top = rank_lead_users(rows)[:10]
    assert {row["author"] for row in top} == planted
    for row in top:
        assert any(line.startswith("first to add an idea") for line in row["evidence"])
