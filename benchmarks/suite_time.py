"""How long the non-browser test suite takes now, and the ratio to a reference commit's suite
timed in the same run on the same machine (issue 9: at least a third less than before).

    python benchmarks/suite_time.py [--base REV] [--head REV] [--db sqlite|postgres|both]
                                    [--rounds N]

The reference (and, with --head, the commit to time instead of the working tree) is checked out
into a temporary git worktree and run with the same virtualenv, the way `./run test` ran pytest at
that commit (one process); the head runs the way `./run test` runs it now (one process per
core). Each round times both, alternating, so a noisy neighbour costs both sides alike. Prints
one line per database and round and the median ratio.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "c365560"  # the last commit before issue 9's refactor
PG = os.environ.get("COCREATE_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocreate")
BEFORE = ["pytest", "-p", "no:cacheprovider", "-q", "-m", "not browser"]
NOW = [*BEFORE, "-n", "auto"]  # as ./run test


def _environment(tree: Path, db: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    env.pop("COCREATE_TEST_DATABASE_URL", None)
    env["PYTHONPATH"] = str(tree)  # import this tree's cocreate, not the installed one
    if db == "postgres":
        env["COCREATE_TEST_DATABASE_URL"] = PG.rsplit("/", 1)[0] + f"/cocreate_suite_{tree.name}"
    return env


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(tree: Path, command: list[str], db: str) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds of pytest and its workers (steadier when other work
    shares the machine)."""
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(
        command, cwd=tree, env=_environment(tree, db), capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stdout[-3000:] + done.stderr[-2000:]
        sys.exit(f"{' '.join(command)} failed in {tree}:\n{tail}")
    return elapsed, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--head", help="a commit to time instead of the working tree")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    with tempfile.TemporaryDirectory(prefix="cocreate-base-") as scratch:
        base = Path(scratch) / "base"
        head = Path(scratch) / "head" if args.head else ROOT
        for tree, rev in ((base, args.base), (head, args.head)):
            if tree != ROOT:
                subprocess.run(
                    ["git", "worktree", "add", "--detach", str(tree), rev],
                    cwd=ROOT, check=True, capture_output=True,
                )  # fmt: skip
        try:
            for db in databases:
                ratios = []
                for n in range(1, args.rounds + 1):
                    before, before_cpu = _time(base, BEFORE, db)
                    now, now_cpu = _time(head, NOW, db)
                    ratios.append(now / before)
                    print(
                        f"{db:8} round {n}: before ({args.base}) {before:6.1f} s "
                        f"(CPU {before_cpu:6.1f} s), now ({args.head or 'working tree'}) "
                        f"{now:6.1f} s (CPU {now_cpu:6.1f} s), now/before {now / before:.2f}"
                    )
                print(f"{db:8} median now/before {statistics.median(ratios):.2f}")
        finally:
            for tree in {base, head} - {ROOT}:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False
                )


if __name__ == "__main__":
    main()
