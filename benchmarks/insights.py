"""Insights at scale: 100,000 Dominion Road designs and 1,000,000 supports through the analysis
core (items 1-4: `designs_report`; item 6: `rank_lead_users`), and the staff Insights page
reading the stored result.

The designs come from four camps (wider bike lanes with buffers, a greener street, bus lanes,
today's street with parking), each with noise: width moved between two parts in 0.1 m steps, so
every design still fills the 21 m. Supports follow a long tail (a few proposals draw most of
them); a third of the proposals are remixes of an earlier one. Prints the time of each step the
report names, the lead-user ranking, the total, and the process's peak memory (maxrss: the
generated input counts too); goals: <= 60 s and <= 2 GB. Then the page: the median time of the
Insights page (Django's test client, in process, on an in-memory test database holding the
stored result) and its ratio to `/health/` measured the same way; goal < 50 ms.

    .venv/bin/python benchmarks/insights.py [--designs 100000] [--supports 1000000] [--no-page]
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

from cocreate.design import Toolkit, load_bundled  # noqa: E402
from cocreate.insights.analysis.designs import Item, read_designs  # noqa: E402
from cocreate.insights.analysis.lead_users import Proposal, rank_lead_users  # noqa: E402
from cocreate.insights.analysis.report import designs_report  # noqa: E402

SEED = 13
GOAL_SECONDS, GOAL_BYTES, GOAL_PAGE_MS = 60.0, 2 * 1024**3, 50.0
PEOPLE = 40_000


def _part(type_: str, width: float, pid: str, **variant: str) -> dict[str, Any]:
    return {"type": type_, "width": width, "id": pid, "variant": variant}


def camps(baseline: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Four kinds of street, each filling the baseline's length; the tracks and platform stay."""
    parts = {p["id"]: p for p in baseline["parts"]}
    middle = [parts["inbound-track"], parts["platform"], parts["outbound-track"]]  # 8.4 m, locked
    walk = {"sidewalk-density": "normal"}
    bikes = [
        _part("sidewalk", 1.8, "fw", **walk),
        _part("bike-lane", 1.8, "bw", **{"bike-direction": "inbound"}),
        _part("divider", 0.3, "dw"),
        _part("drive-lane", 2.4, "tw", direction="inbound"),
        *middle,
        _part("drive-lane", 2.4, "te", direction="outbound"),
        _part("divider", 0.3, "de"),
        _part("bike-lane", 1.8, "be", **{"bike-direction": "outbound"}),
        _part("sidewalk", 1.8, "fe", **walk),
    ]
    green = [
        _part("sidewalk", 2.1, "fw", **walk),
        _part("sidewalk-tree", 1.5, "gw"),
        _part("drive-lane", 2.7, "tw", direction="inbound"),
        *middle,
        _part("drive-lane", 2.7, "te", direction="outbound"),
        _part("sidewalk-tree", 1.5, "ge"),
        _part("sidewalk", 2.1, "fe", **walk),
    ]
    buses = [
        _part("sidewalk", 3.15, "fw", **walk),
        _part("bus-lane", 3.15, "uw", direction="inbound"),
        *middle,
        _part("bus-lane", 3.15, "ue", direction="outbound"),
        _part("sidewalk", 3.15, "fe", **walk),
    ]
    cars = [
        _part("sidewalk", 1.8, "fw", **walk),
        _part("parking-lane", 2.1, "pw", **{"parking-lane-direction": "inbound"}),
        _part("drive-lane", 2.4, "tw", direction="inbound"),
        *middle,
        _part("drive-lane", 2.4, "te", direction="outbound"),
        _part("parking-lane", 2.1, "pe", **{"parking-lane-direction": "outbound"}),
        _part("sidewalk", 1.8, "fe", **walk),
    ]
    return [bikes, green, buses, cars]


def generate(kit: Toolkit, n: int, supports: int) -> tuple[list[Item], list[Proposal]]:
    """`n` designs from the camps with noise, `supports` supports over them, and the proposals
    lead-user ranking reads (authors, times, parents, supporters)."""
    baseline = kit.baseline
    assert baseline is not None
    prototypes = camps(baseline)
    for parts in prototypes:  # each camp fills the street
        assert round(sum(p["width"] for p in parts), 3) == baseline["length"], parts
    rng = np.random.default_rng(SEED)
    camp = rng.choice(len(prototypes), size=n, p=[0.35, 0.25, 0.25, 0.15])
    moves = rng.integers(0, 4, size=n)  # how many 0.1 m moves of noise
    # A long tail: support counts proportional to a Pareto draw, summing to `supports`.
    weights = rng.pareto(1.2, size=n) + 0.05
    counts = np.floor(weights / weights.sum() * supports).astype(np.int64)
    counts[np.argsort(-weights)[: supports - int(counts.sum())]] += 1
    start = datetime(2026, 3, 1, tzinfo=UTC)
    minutes = np.sort(rng.integers(0, 90 * 24 * 60, size=n))
    authors = rng.integers(0, PEOPLE, size=n)
    parents = np.where(rng.random(n) < 1 / 3, (rng.random(n) * np.arange(n)).astype(np.int64), -1)
    people = [f"person{i}" for i in range(PEOPLE)]
    draws = rng.random((n, 3, 2))  # which two parts each 0.1 m move takes from and gives to
    backing = rng.integers(0, PEOPLE, size=int(counts.sum()))
    ends = np.cumsum(counts)
    movable = [
        [j for j, p in enumerate(parts) if p["id"] not in ("inbound-track", "outbound-track")]
        for parts in prototypes
    ]
    items, proposals = [], []
    for i in range(n):
        parts = [dict(p) for p in prototypes[camp[i]]]
        free = movable[camp[i]]
        for first, second in draws[i, : moves[i]]:
            a = free[int(first * len(free))]
            b = free[(free.index(a) + 1 + int(second * (len(free) - 1))) % len(free)]
            if parts[a]["width"] > 0.7:  # keep every part wider than half a metre
                parts[a]["width"] = round(parts[a]["width"] - 0.1, 2)
                parts[b]["width"] = round(parts[b]["width"] + 0.1, 2)
        design = {**baseline, "parts": parts}
        pid = str(i + 1)
        items.append(Item(id=pid, design=design, support=float(counts[i])))
        backers = backing[ends[i] - counts[i] : ends[i]]
        proposals.append(
            Proposal(
                id=pid,
                author=people[authors[i]],
                created_at=start + timedelta(minutes=int(minutes[i])),
                parent=None if parents[i] < 0 else str(parents[i] + 1),
                design=design,
                supporters=tuple(people[j] for j in backers),
            )
        )
    return items, proposals


def _maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes


def analyse(kit: Toolkit, items: list[Item], proposals: list[Proposal]) -> dict[str, Any]:
    """Run items 1-4 and 6, printing each step's time; the stored result."""
    began = time.perf_counter()
    steps: list[tuple[str, float]] = [("reading the designs", began)]

    def progress(step: str, _share: float) -> None:
        if not steps or steps[-1][0] != step:
            steps.append((step, time.perf_counter()))

    items, _refused = read_designs(kit, items)  # as the task does: migrated and normalized
    data = designs_report(kit, items, progress=progress)
    report_done = time.perf_counter()
    marks = [*steps, ("(end of report)", report_done)]
    print("designs_report (items 1-4):")
    for (step, at), (_, until) in itertools.pairwise(marks):
        print(f"  {step:<28} {until - at:7.2f} s")
    print(f"  {'total':<28} {report_done - began:7.2f} s")
    data["lead_users"] = rank_lead_users(proposals)
    leads_done = time.perf_counter()
    print(f"rank_lead_users (item 6):      {leads_done - report_done:7.2f} s")
    total = leads_done - began
    peak = _maxrss()
    print(f"TOTAL items 1-4 and 6:         {total:7.2f} s   (goal <= {GOAL_SECONDS:.0f} s)")
    print(f"peak memory (maxrss):          {peak / 1024**3:7.2f} GB (goal <= 2 GB)")
    return data


def _median_ms(get: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = get()
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def page(data: dict[str, Any], runs: int) -> None:
    """Time the staff Insights page reading `data` as the stored result, against `/health/`."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from cocreate.insights.models import Report
    from cocreate.insights.tasks import summarize
    from cocreate.organizations.models import Role
    from tests.factories import UserFactory, make_challenge, make_member, make_organization

    connection.creation.create_test_db(verbosity=0)
    owner = UserFactory(username="owner")
    organization = make_organization(owner)
    challenge = make_challenge(owner, organization)
    staff = make_member(organization, Role.STAFF, username="officer")
    # Computed from as many proposals as the challenge lists now (none here): not stale, so the
    # page only reads.
    Report.objects.create(
        challenge=challenge, data=data, summary=summarize(data), computed_at=timezone.now()
    )
    client = Client(SERVER_NAME="localhost")  # an allowed host, as a browser would send
    client.force_login(staff)
    url = f"/manage/{organization.slug}/c/{challenge.slug}/insights/"
    for warm in (url, "/health/", f"/manage/{organization.slug}/c/{challenge.slug}/board/"):
        client.get(warm)  # templates, the toolkit
    board = f"/manage/{organization.slug}/c/{challenge.slug}/board/"
    insights_ms = _median_ms(lambda: client.get(url), runs)
    health_ms = _median_ms(lambda: client.get("/health/"), runs)
    board_ms = _median_ms(lambda: client.get(board), runs)
    print(
        f"Insights page (stored result):  {insights_ms:7.1f} ms median of {runs}"
        f"   (goal < {GOAL_PAGE_MS:.0f} ms; load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"/health/:                       {health_ms:7.1f} ms  ratio {insights_ms / health_ms:.0f}x"
    )
    print(
        f"review board (empty):           {board_ms:7.1f} ms   ratio {insights_ms / board_ms:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--designs", type=int, default=100_000)
    parser.add_argument("--supports", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30, help="requests per page timing")
    parser.add_argument("--no-page", action="store_true", help="skip timing the page")
    args = parser.parse_args()
    kit = load_bundled().get("dominion-road", 1)
    began = time.perf_counter()
    items, proposals = generate(kit, args.designs, args.supports)
    print(
        f"generated {len(items):,} designs and {args.supports:,} supports in "
        f"{time.perf_counter() - began:.1f} s (not counted; maxrss {_maxrss() / 1024**3:.2f} GB)"
    )
    data = analyse(kit, items, proposals)
    del items, proposals
    if not args.no_page:
        page(data, args.runs)


if __name__ == "__main__":
    main()
