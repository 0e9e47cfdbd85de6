"""100 simulated people for 60 s against the production stack, then an audit of what was kept.

Starts a private PostgreSQL cluster (never the machine's shared one), Redis under its own key
prefix when the client is installed, gunicorn with 2 workers and the task worker, all on
127.0.0.1; seeds a challenge and the people through the services; each person browses, autosaves,
submits, supports and comments with short pauses. Prints requests/s, p50/p95/p99 latency, 5xx
count and lost writes (acknowledged writes, budgets, notifications and drafts the audit could not
find). `--faults` also kills the task worker mid-task and restarts PostgreSQL mid-run.

    .venv/bin/python benchmarks/load.py [--people 100] [--seconds 60] [--faults]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the harness lives with the resilience tests

from tests.resilience.scenario import Fault, run  # noqa: E402
from tests.resilience.stack import missing_tools, production_stack  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--faults", action="store_true", help="kill the worker, restart the DB")
    options = parser.parse_args()
    if not 1 <= options.people <= 200 or not 5 <= options.seconds <= 300:
        sys.exit("--people must be 1-200 and --seconds 5-300 (a bounded load)")
    if why := missing_tools():
        sys.exit(why)
    faults = []
    if options.faults:
        middle = options.seconds / 2
        faults = [
            Fault(middle - 10, "worker killed", lambda s: s.kill_worker_mid_task()),
            Fault(middle, "database restarted", lambda s: s.postgres.restart(2.0)),
        ]

    print("starting the stack (private PostgreSQL, gunicorn x2, task worker) ...", flush=True)
    with production_stack() as stack:
        print(f"{options.people} people for {options.seconds} s ...", flush=True)
        started = time.monotonic()
        outcome = run(stack, people=options.people, seconds=options.seconds, faults=faults)
        took = time.monotonic() - started
    f = outcome.figures
    print(
        f"\n{options.people} people x {options.seconds} s, gunicorn 2 workers, PostgreSQL"
        f"{' + Redis' if stack.redis else ' (no Redis client: per-process cache)'}, "
        f"{os.cpu_count()} cores, {took:.0f} s with seeding and audit"
    )
    print(f"requests      {f.requests}")
    print(f"requests/s    {f.per_second:.1f}")
    print(f"p50 / p95 / p99 ms  {f.p50_ms:.0f} / {f.p95_ms:.0f} / {f.p99_ms:.0f}")
    hinted = sum(a.status == 503 and bool(a.retry_after) for a in outcome.ledger.answers)
    print(f"5xx           {f.server_errors} ({hinted} of them 503 with Retry-After)")
    print(f"no answer     {f.no_answer}")
    print(f"acknowledged  {outcome.acknowledged} writes")
    print(f"lost writes   {len(outcome.problems)}")
    for problem in outcome.problems[:20]:
        print(f"  {problem}")
    if outcome.problems or f.server_errors > (hinted if faults else 0):
        sys.exit(1)


if __name__ == "__main__":
    main()
