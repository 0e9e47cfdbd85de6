"""One run: seed the stack, let the crowd loose (with faults injected on a schedule), wait for
the task worker to finish what was queued, audit the database against the crowd's ledger."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .crowd import Answer, Figures, Ledger, figures, run_crowd
from .stack import ROOT, Stack

DRAIN_SECONDS = 60


@dataclass
class Fault:
    """Something done to the stack `at` seconds into the crowd's run; its window is when it ran."""

    at: float
    name: str
    act: Callable[[Stack], object]
    window: tuple[float, float] = (0.0, 0.0)
    result: object = None


@dataclass
class Outcome:
    ledger: Ledger
    figures: Figures
    problems: list[str]
    faults: list[Fault] = field(default_factory=list)

    def outside_faults(self, grace: float) -> list[Answer]:
        """The answers given away from every fault's window (widened by `grace` seconds)."""
        return [
            a
            for a in self.ledger.answers
            if not any(f.window[0] - grace <= a.started <= f.window[1] + grace for f in self.faults)
        ]

    @property
    def acknowledged(self) -> int:
        states = self.ledger.support_state.values()
        return (
            len(self.ledger.proposals)
            + len(self.ledger.comments)
            + sum(s is not None for s in states)
        )


def backstage(stack: Stack, *args: str, ledger: str | None = None) -> object:
    import subprocess

    run = subprocess.run(
        [sys.executable, "-m", "tests.resilience.backstage", *args],
        env=stack.env, cwd=ROOT, input=ledger, capture_output=True, text=True, check=True,
        timeout=300,
    )  # fmt: skip
    return json.loads(run.stdout)


def _inject(stack: Stack, faults: list[Fault], started: float) -> None:
    for fault in sorted(faults, key=lambda f: f.at):
        time.sleep(max(0.0, started + fault.at - time.monotonic()))
        begun = time.monotonic()
        fault.result = fault.act(stack)
        fault.window = (begun, time.monotonic())


def drain(stack: Stack, seconds: float = DRAIN_SECONDS) -> None:
    """Wait (bounded) until the worker has no task left to run."""
    deadline = time.monotonic() + seconds
    while backstage(stack, "pending") and time.monotonic() < deadline:
        time.sleep(0.5)


def run(stack: Stack, *, people: int, seconds: float, faults: list[Fault] = ()) -> Outcome:  # type: ignore[assignment]
    seed = backstage(stack, "seed", str(people))
    faults = list(faults)
    started = time.monotonic()
    injector = threading.Thread(target=_inject, args=(stack, faults, started), daemon=True)
    injector.start()
    ledger = run_crowd(stack.base, seed, people=people, seconds=seconds)  # type: ignore[arg-type]
    injector.join(timeout=120)
    elapsed = time.monotonic() - started
    drain(stack)
    problems = backstage(stack, "audit", ledger=ledger.as_json())
    return Outcome(
        ledger=ledger,
        figures=figures(ledger.answers, elapsed),
        problems=[*problems, *ledger.drafts_lost],  # type: ignore[list-item]
        faults=faults,
    )
