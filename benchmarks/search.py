"""Latency of search over proposals and comments, and of similar-proposal suggestions.

10,000 proposals with 20,000 comments by default, on both databases.

For each database (a temporary SQLite file, and a fresh PostgreSQL database created and dropped
for the run) this migrates, bulk-creates one challenge with --proposals proposals (titles and
rationales from a street-design vocabulary, designs varied from the baseline) plus a few planted
near-duplicates, and --comments comments on them (from the same vocabulary and some of their
own) plus a few planted ones; moderation hides 1% of the proposals and of the comments. Then it
times `search_proposals` (words of proposals, which comments use too, and words only comments
use) and `similar_proposals` (with and without a design) over --queries queries each, checks that
every planted duplicate and planted comment is found and nothing hidden is, and prints median
and p95 in milliseconds. Goal: under 50 ms.

    .venv/bin/python benchmarks/search.py [--proposals 10000] [--comments 20000] [--queries 200]
        [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--only sqlite|postgresql]
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
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

ADJECTIVES = [
    "wider", "narrower", "green", "safer", "quieter", "shaded", "protected", "raised", "faster",
    "cheaper", "calmer",
]  # fmt: skip
THINGS = [
    "footpaths", "cycleway", "bus-lanes", "trams", "platform", "parking", "trees", "crossings",
    "shelters", "bike-racks", "loading-zones", "medians", "lighting", "seating", "planters",
    "kerbs", "signals",
]  # fmt: skip
PLACES = (
    "Dominion Road", "Balmoral shops", "Eden Terrace", "the village", "Mt Roskill", "the school",
    "the corner of Valley Road", "the night market", "the library", "Kingsland station",
)  # fmt: skip
REASONS = (
    "People walk here every day and the footpath is too narrow.",
    "Buses are stuck behind turning cars at rush hour.",
    "Children ride to school and need a protected lane.",
    "Shops depend on customers who park for a few minutes.",
    "Shade makes waiting at the stop bearable in summer.",
    "Crossing four lanes is dangerous for older residents.",
    "Deliveries block the lane every morning.",
    "Trees cool the street and slow the traffic.",
    "The platform needs room for wheelchairs and prams.",
    "Light rail moves more people in less space than cars.",
)
# (planted title, its near-duplicate, the query a person would type, the title being typed)
PLANTED = [
    ("Gondola over Balmoral shops", "A gondola above the Balmoral shops", "gondola balmoral",
     "Gondola above Balmoral"),
    ("Rain gardens instead of kerbside parking", "Rain gardens replacing parking by the kerb",
     "rain gardens", "rain garden"),
    ("Night market closes the street on Fridays", "Friday night market on a closed street",
     "night market friday", "Friday night mark"),
    ("Heated tram shelters with phone chargers", "Tram shelters with heating and chargers",
     "heated shelters chargers", "heated shelter with charg"),
    ("Skateable plaza at Eden Terrace", "A skateable plaza for Eden Terrace", "skateable plaza",
     "Eden Terrace skateable pla"),
]  # fmt: skip
# Words people use in discussion rather than in proposals: searched on their own, they are found
# only through comments.
TALK = [
    "agree", "disagree", "brilliant", "worried", "evening", "weekend", "grandmother", "pram",
    "scooter", "neighbours", "noise", "rubbish", "umbrella", "queue", "coffee",
]  # fmt: skip
# (a comment's telling word, the comment) planted on one proposal each: search must find them.
PLANTED_COMMENTS = [
    ("funicular", "A funicular up to Mt Eden would beat any bus here."),
    ("hovercraft", "Why not a hovercraft lane when the street floods?"),
    ("zipline", "Kids would love a zipline over the median."),
]
# Hidden by moderation, so search must never find them.
HIDDEN_COMMENT = ("watches", "Buy cheap watches at our shop, best prices.")
HIDDEN_PROPOSAL = ("Trampoline", "Trampoline pavement outside the library")
HIDDEN_SHARE = 0.01


def _title(rng: random.Random) -> str:
    thing = rng.choice(THINGS).replace("-", " ")
    return f"{rng.choice(ADJECTIVES).capitalize()} {thing} near {rng.choice(PLACES)}"


def _rationale(rng: random.Random) -> str:
    return " ".join(rng.sample(REASONS, 3))


def _comment(rng: random.Random) -> str:
    words = rng.sample(TALK, 2)
    thing = rng.choice(THINGS).replace("-", " ")
    return (
        f"I {words[0]} about the {rng.choice(ADJECTIVES)} {thing} near {rng.choice(PLACES)}; "
        f"think of the {words[1]}. {rng.choice(REASONS)}"
    )


def _design(rng: random.Random, baseline: dict[str, Any]) -> dict[str, Any]:
    parts = [dict(part) for part in baseline["parts"]]
    if rng.random() < 0.5 and len(parts) > 3:
        del parts[rng.randrange(len(parts))]
    for part in parts:
        part["width"] = round(part["width"] + rng.choice([-0.3, 0, 0, 0.3]), 2)
    return {**baseline, "parts": parts}


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _seed_hidden(challenge: Any, rng: random.Random) -> set[int]:
    """Moderation hides HIDDEN_SHARE of the proposals (never a planted duplicate) and the planted
    hidden one; returns their ids."""
    from cocreate.proposals.models import Proposal

    planted = [title for row in PLANTED for title in row[:2]]
    ours = Proposal.objects.filter(challenge=challenge)
    pks = list(ours.exclude(title__in=planted).values_list("id", flat=True))
    hidden = {*rng.sample(pks, round(HIDDEN_SHARE * len(pks)))}
    hidden.add(ours.get(title=HIDDEN_PROPOSAL[1]).pk)
    Proposal.objects.filter(pk__in=hidden).update(hidden=True)
    return hidden


def _seed_comments(
    challenge: Any, owner: Any, comments: int, hidden: set[int], rng: random.Random
) -> None:
    """Comments spread over the challenge's proposals (bulk: the index keeps itself), HIDDEN_SHARE
    of them hidden, the planted ones on visible proposals."""
    from cocreate.community.models import Comment
    from cocreate.proposals.models import Proposal

    pks = list(Proposal.objects.filter(challenge=challenge).values_list("id", flat=True))
    visible = [pk for pk in pks if pk not in hidden]

    def comment(pk: int, body: str, *, spam: bool = False) -> Comment:
        return Comment(proposal_id=pk, author=owner, body=body, depth=1, hidden=spam)

    rows = [
        comment(rng.choice(pks), _comment(rng), spam=rng.random() < HIDDEN_SHARE)
        for _ in range(comments - len(PLANTED_COMMENTS) - 1)
    ]
    planted = [comment(rng.choice(visible), body) for _word, body in PLANTED_COMMENTS]
    for row in [*planted, comment(rng.choice(visible), HIDDEN_COMMENT[1], spam=True)]:
        rows.insert(rng.randrange(len(rows)), row)
    Comment.objects.bulk_create(rows, batch_size=1000)


def _missing(challenge: Any, search: Any, similar: Any) -> list[str]:
    """What search should have found and did not, or found and should not have."""
    from cocreate.community.models import Comment
    from cocreate.proposals.models import Proposal

    by_title = dict(Proposal.objects.filter(challenge=challenge).values_list("title", "id"))
    missing: list[str] = []
    for first, second, query, typed in PLANTED:
        want = {by_title[first], by_title[second]}
        if not want <= {h.pk for h in search(query)}:
            missing.append(f"search {query!r}")
        for design in (None, challenge.baseline):
            if not want <= {h.pk for h in similar(typed, design)}:
                missing.append(f"similar {typed!r} (design: {design is not None})")
    for word, body in PLANTED_COMMENTS:
        comment = Comment.objects.get(body=body)
        if (comment.proposal_id, comment.pk) not in {(h.pk, h.comment_pk) for h in search(word)}:
            missing.append(f"comment {word!r}")
    for word in (HIDDEN_COMMENT[0], HIDDEN_PROPOSAL[0]):
        if search(word):
            missing.append(f"hidden {word!r} was found")
    return missing


def _timed(call: Any, inputs: list[Any]) -> list[float]:
    for value in inputs[:10]:  # warm caches
        call(value)
    samples = []
    for value in inputs:
        t0 = time.perf_counter()
        call(value)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def child(proposals: int, comments: int, queries: int) -> None:
    """Runs inside the environment the parent prepared (DATABASE_URL or a temporary var dir)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreate.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cocreate.accounts.models import User
    from cocreate.challenges.services import challenge_create
    from cocreate.challenges.toolkits import check_design, toolkit_for
    from cocreate.community.models import Comment
    from cocreate.organizations.services import organization_create
    from cocreate.proposals.models import Proposal
    from cocreate.search.selectors import search_proposals, similar_proposals

    call_command("migrate", "--no-input", verbosity=0)
    owner = User.objects.create_user(username="owner", email="owner@example.org")
    org = organization_create(actor=owner, name="Auckland Transport", slug="at")
    challenge = challenge_create(
        actor=owner, organization=org, slug="dominion-road", title="Dominion Road",
        brief="Design it.", toolkit_id="dominion-road",
    )  # fmt: skip
    rng = random.Random(4)
    # Rows as large as proposal_create writes them (stored evaluation and drawings): what a
    # query reads past to reach a column matters on SQLite.
    checked = check_design(toolkit_for(challenge), challenge.baseline)
    common = {
        "challenge": challenge,
        "author": owner,
        "toolkit_version": challenge.toolkit_version,
        "evaluation": checked.evaluation,
        "svg": checked.svg,
        "thumbnail_svg": checked.thumbnail_svg,
    }

    def proposal(title: str) -> Proposal:
        design = _design(rng, challenge.baseline)
        return Proposal(title=title, rationale=_rationale(rng), design=design, **common)

    rows = [proposal(_title(rng)) for _ in range(proposals - 2 * len(PLANTED) - 1)]
    for title in [*(t for planted in PLANTED for t in planted[:2]), HIDDEN_PROPOSAL[1]]:
        rows.insert(rng.randrange(len(rows)), proposal(title))
    started = time.perf_counter()
    Proposal.objects.bulk_create(rows, batch_size=1000)
    _seed_comments(challenge, owner, comments, _seed_hidden(challenge, rng), rng)
    seeded = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE proposals_proposal")
            cursor.execute("ANALYZE community_comment")
            cursor.execute("ANALYZE moderation_hiddencontent")

    def search(text: str) -> Any:
        return search_proposals(challenge=challenge, query=text, limit=20)

    def similar(title: str, design: Any = None) -> Any:
        return similar_proposals(challenge=challenge, title=title, design=design)

    missing = _missing(challenge, search, similar)

    words = [w.lower() for w in ADJECTIVES + [t.replace("-", " ") for t in THINGS]]
    search_queries = [" ".join(rng.sample(words, rng.choice([1, 2, 3]))) for _ in range(queries)]
    for i, planted in enumerate(PLANTED):  # the planted queries are timed too
        search_queries[i * (queries // len(PLANTED))] = planted[2]
    talk_queries = [" ".join(rng.sample(TALK, rng.choice([1, 2]))) for _ in range(queries)]
    typed = [_title(rng)[: rng.randrange(6, 40)] for _ in range(queries)]

    baseline = challenge.baseline
    results = {
        "search, proposal words": _timed(search, search_queries),
        "search, comment-only words": _timed(search, talk_queries),
        "similar, title only": _timed(similar, typed),
        "similar, title + design": _timed(lambda t: similar(t, baseline), typed),
    }
    print(json.dumps({
        "vendor": connection.vendor,
        "proposals": Proposal.objects.filter(challenge=challenge).count(),
        "comments": Comment.objects.filter(proposal__challenge=challenge).count(),
        "seed_s": seeded,
        "figures": {name: _ms(samples) for name, samples in results.items()},
        "missing": missing,
    }))  # fmt: skip


def _run_child(env: dict[str, str], options: argparse.Namespace) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--proposals", str(options.proposals),
         "--comments", str(options.comments), "--queries", str(options.queries)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        sys.exit(out.stderr)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if not 100 <= options.proposals <= 200_000 or not 10 <= options.queries <= 5000:
        sys.exit("--proposals must be 100-200000 and --queries 10-5000")
    if not 100 <= options.comments <= 1_000_000:
        sys.exit("--comments must be 100-1000000")
    if options.child:
        child(options.proposals, options.comments, options.queries)
        return

    reports = []
    base_env = {**os.environ, "COCREATE_DEBUG": "0"}
    base_env.pop("DATABASE_URL", None)
    if options.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory(prefix="cocreate-search-") as var:
            print(f"sqlite: seeding {options.proposals} proposals in {var} ...", flush=True)
            reports.append(_run_child({**base_env, "COCREATE_VAR_DIR": var}, options))
    if options.only in (None, "postgresql"):
        import psycopg

        name = f"cocreate_bench_search_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(options.postgres, autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = options.postgres.rsplit("/", 1)[0] + "/" + name
            print(f"postgresql: seeding {options.proposals} proposals in {name} ...", flush=True)
            reports.append(_run_child({**base_env, "DATABASE_URL": url}, options))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

    print(f"\n{options.queries} queries each, {os.cpu_count()} cores; goal < 50 ms")
    print(
        f"{'database':<11} {'proposals':>9} {'comments':>9} {'figure':<28}"
        f" {'median ms':>9} {'p95 ms':>8}"
    )
    failed = False
    for report in reports:
        for figure, (median, p95) in report["figures"].items():
            head = f"{report['vendor']:<11} {report['proposals']:>9} {report['comments']:>9}"
            print(f"{head} {figure:<28} {median:>9.2f} {p95:>8.2f}")
        found = "all found" if not report["missing"] else f"MISSING: {report['missing']}"
        print(f"{report['vendor']:<11} planted duplicates and comments, nothing hidden: {found}")
        failed |= bool(report["missing"])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
