"""Latency of the review board with 10,000 proposals in one challenge, on SQLite and PostgreSQL.

For each database (a temporary SQLite file; a scratch PostgreSQL database, `cocreate_board_bench`
by default, created afresh and dropped after) this migrates, collects static files and bulk-creates
one challenge with --proposals proposals: designs varied from the baseline with their real
evaluations (findings and metrics, as `proposal_create` stores them) and drawings, authors,
supports and oppositions counted, pledges, ages over four months, answer promises (some overdue)
and the organization's answers in a realistic mix. Then it requests, through Django's test client
(the whole middleware stack, signed in as the organization's staff), --requests times each:
`/health/` (the floor), and the board sorted by support and filtered by status (the goal), plus
a few other views, and prints median and p95 in milliseconds and each page's ratio to the floor
(floor median / page median, as benchmarks/pages.py reports rates). Beside them, the median CPU
time the process spent per request (on SQLite that includes the database's work, on PostgreSQL
not): on a machine that other work shares, wall times swing with the neighbours' load (printed),
CPU time much less. Goal: board median < 100 ms.

    .venv/bin/python benchmarks/review.py [--proposals 10000] [--requests 50]
        [--db sqlite|postgres|both] [--postgres postgres://postgres@127.0.0.1:5432/cocreate_board_bench]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 100
DESIGN_VARIANTS = 60  # distinct designs, each evaluated and drawn once, shared by the rows
# The organization's answers, as shares of the proposals (the rest await an answer).
ANSWERS = {"Under review": 0.15, "Planned": 0.10, "In progress": 0.04, "Declined": 0.08,
           "Built": 0.02}  # fmt: skip
WORDS = ("wider", "green", "safer", "shaded", "protected", "raised", "calmer", "cheaper")
THINGS = ("footpaths", "cycleway", "bus lanes", "trams", "platform", "parking", "trees",
          "crossings", "shelters", "planters", "lighting", "seating")  # fmt: skip
REASONS = (
    "People walk here every day and the footpath is too narrow.",
    "Buses are stuck behind turning cars at rush hour.",
    "Children ride to school and need a protected lane.",
    "Shade makes waiting at the stop bearable in summer.",
    "Light rail moves more people in less space than cars.",
)


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _design(rng: random.Random, baseline: dict[str, Any]) -> dict[str, Any]:
    parts = [dict(part) for part in baseline["parts"]]
    if rng.random() < 0.5 and len(parts) > 3:
        del parts[rng.randrange(len(parts))]
    for part in parts:
        part["width"] = round(part["width"] + rng.choice([-0.3, 0, 0, 0.3]), 2)
    return {**baseline, "parts": parts}


def _seed(proposals: int, rng: random.Random) -> tuple[Any, Any, dict[str, int]]:
    """The organization, its challenge and `proposals` proposals; returns (owner, challenge,
    status ids by name)."""
    from django.utils import timezone

    from cocreate.accounts.models import User
    from cocreate.challenges.services import challenge_create
    from cocreate.challenges.toolkits import check_design, toolkit_for
    from cocreate.organizations.models import ProposalStatus
    from cocreate.organizations.services import organization_create
    from cocreate.proposals.models import Pledge, PledgeKind, Proposal, Status

    owner = User.objects.create_user(username="officer", email="officer@example.org")
    org = organization_create(actor=owner, name="Auckland Transport", slug="at")
    challenge = challenge_create(
        actor=owner, organization=org, slug="dominion-road", title="Dominion Road",
        brief="Design it.", toolkit_id="dominion-road",
    )  # fmt: skip
    statuses = dict(ProposalStatus.objects.filter(organization=org).values_list("name", "id"))
    people = User.objects.bulk_create(
        [User(username=f"resident{n}", email=f"resident{n}@example.org") for n in range(500)]
    )
    toolkit = toolkit_for(challenge)
    checked = [
        check_design(toolkit, _design(rng, challenge.baseline)) for _ in range(DESIGN_VARIANTS)
    ]
    # Rows keep the time they say, not the time of the seed.
    Proposal._meta.get_field("created_at").auto_now_add = False  # type: ignore[attr-defined]
    now = timezone.now()
    answer_names = list(ANSWERS)
    rows = []
    for n in range(proposals):
        design = rng.choice(checked)
        created = now - timedelta(days=rng.uniform(0, 120))
        draw = rng.random()
        answer = None
        for name in answer_names:
            draw -= ANSWERS[name]
            if draw < 0:
                answer = name
                break
        supports = int(rng.paretovariate(1.2)) - 1
        closed = answer in ("Declined", "Built")
        rows.append(
            Proposal(
                challenge=challenge,
                author=rng.choice(people),
                title=f"{rng.choice(WORDS).capitalize()} {rng.choice(THINGS)} #{n}",
                rationale=" ".join(rng.sample(REASONS, 2)),
                design=design.document,
                toolkit_version=toolkit.version,
                evaluation=design.evaluation,
                warning_count=design.warning_count,
                svg=design.svg,
                thumbnail_svg=design.thumbnail_svg,
                status=Status.CLOSED if closed else Status.PUBLISHED,
                support_count=min(supports, 5000),
                oppose_count=int(rng.paretovariate(2)) - 1,
                created_at=created,
                answer_requested_at=created,
                review_due=created + timedelta(days=90),
                answer_status_id=statuses[answer] if answer else None,
                answered_at=created + timedelta(days=30) if answer else None,
                first_answered_at=created + timedelta(days=30) if answer else None,
                hidden=rng.random() < 0.01,
            )
        )
    made = Proposal.objects.bulk_create(rows, batch_size=500)
    pledges = []
    for proposal in rng.sample(made, len(made) // 10):
        for person in rng.sample(people, rng.randint(1, 3)):
            kind = rng.choice(list(PledgeKind))
            amount = Decimal(rng.randint(1, 500)) if kind != PledgeKind.SITE else Decimal(1)
            pledges.append(Pledge(proposal=proposal, user=person, kind=kind, amount=amount))
    Pledge.objects.bulk_create(pledges, batch_size=1000, ignore_conflicts=True)
    return owner, challenge, statuses


def child(proposals: int, requests: int) -> None:
    """Runs inside the environment the parent prepared (DATABASE_URL or a temporary var dir)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreate.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", "--no-input", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    started = time.perf_counter()
    owner, challenge, statuses = _seed(proposals, random.Random(11))
    seeded = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    connection.close()  # the pages open their own, as a server's requests do

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)
    board = f"/manage/at/c/{challenge.slug}/board/"
    pages = {
        "floor (/health/)": "/health/",
        "board: most supported, Planned": f"{board}?sort=supported&status={statuses['Planned']}",
        "board: most supported": f"{board}?sort=supported",
        "board: awaiting answer, due soonest": f"{board}?status=none&sort=due",
        "board: overdue": f"{board}?overdue=1&sort=due",
        "board: capacity, highest first": f"{board}?sort=metric:capacity:desc",
        "board: search 'shade', page 2": f"{board}?q=shade&page=2",
    }
    figures = {}
    for name, path in pages.items():
        for _ in range(5):  # warm the templates, the connection, the toolkit
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")
        samples, cpu = [], []
        for _ in range(requests):
            t0, c0 = time.perf_counter(), time.process_time()
            client.get(path)
            samples.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        figures[name] = (*_ms(samples), statistics.median(cpu))
    print(json.dumps({"vendor": connection.vendor, "proposals": proposals, "seed_s": seeded,
                      "figures": figures, "load": os.getloadavg()[0]}))  # fmt: skip


def _run_child(env: dict[str, str], options: argparse.Namespace) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--proposals", str(options.proposals),
         "--requests", str(options.requests)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        sys.exit(out.stderr)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432/cocreate_board_bench"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if not 100 <= options.proposals <= 200_000 or not 10 <= options.requests <= 5000:
        sys.exit("--proposals must be 100-200000 and --requests 10-5000")
    if options.child:
        child(options.proposals, options.requests)
        return

    reports = []
    # This checkout's cocreate, whatever the environment has installed.
    base_env = {**os.environ, "COCREATE_DEBUG": "0", "PYTHONPATH": str(ROOT)}
    base_env.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="cocreate-review-") as var:
        env = {**base_env, "COCREATE_VAR_DIR": var}
        if options.db in ("sqlite", "both"):
            print(f"sqlite: seeding {options.proposals} proposals in {var} ...", flush=True)
            reports.append(_run_child(env, options))
        if options.db in ("postgres", "both"):
            import psycopg

            server, name = options.postgres.rsplit("/", 1)
            admin = psycopg.connect(f"{server}/postgres", autocommit=True)
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
            try:
                print(
                    f"postgresql: seeding {options.proposals} proposals in {name} ...", flush=True
                )
                reports.append(_run_child({**env, "DATABASE_URL": options.postgres}, options))
            finally:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.close()

    print(f"\n{options.requests} requests each, {os.cpu_count()} cores; goal: board < {GOAL_MS} ms")
    print(f"{'database':<11} {'page':<38} {'median ms':>9} {'p95 ms':>8} {'ratio to floor':>15}"
          f" {'CPU ms':>7}")  # fmt: skip
    failed = False
    for report in reports:
        figures = report["figures"]
        floor = figures["floor (/health/)"][0]
        for page, (median, p95, cpu) in figures.items():
            print(f"{report['vendor']:<11} {page:<38} {median:>9.2f} {p95:>8.2f}"
                  f" {floor / median:>15.3f} {cpu:>7.2f}")  # fmt: skip
        goal = figures["board: most supported, Planned"][0]
        failed |= goal >= GOAL_MS
        print(f"{report['vendor']:<11} seeded in {report['seed_s']:.1f} s; load average "
              f"{report['load']:.1f} on {os.cpu_count()} cores; goal "
              f"{'met' if goal < GOAL_MS else 'MISSED'}")  # fmt: skip
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
