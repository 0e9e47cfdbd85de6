"""Engine speed as ratios that hold on any machine: `.venv/bin/python benchmarks/engine.py`.

Prints evaluations per second of the Dominion Road baseline, one evaluation against
`json.loads` of the same document (goal <= 5x), and how a 200-part design scales against a
15-part one (goal: linear, per-part cost ratio ~1). Best of several timeit repeats.
"""

from __future__ import annotations

import json
import sys
import timeit
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cocreate.design import load_bundled

REPEATS = 7


def best(func: Any, number: int) -> float:
    """Seconds per call, best of REPEATS runs of ``number`` calls."""
    return min(timeit.repeat(func, number=number, repeat=REPEATS)) / number


def tiled(baseline: dict[str, Any], count: int) -> dict[str, Any]:
    """A design of ``count`` parts cycling through the baseline's, filling its own length
    exactly; ids only on the first round, so the locked tracks are found once."""
    parts = []
    for n in range(count):
        part = dict(baseline["parts"][n % len(baseline["parts"])])
        if n >= len(baseline["parts"]):
            part.pop("id", None)
        parts.append(part)
    length = sum(round(p["width"] * 1000) for p in parts) / 1000
    return {**baseline, "length": length, "parts": parts}


def main() -> None:
    toolkit = load_bundled().get("dominion-road")
    baseline = toolkit.parse(toolkit.baseline)
    text = json.dumps(baseline)
    evaluate = best(lambda: toolkit.evaluate(baseline), 20_000)
    loads = best(lambda: json.loads(text), 20_000)
    small, large = tiled(baseline, 15), tiled(baseline, 200)
    t15 = best(lambda: toolkit.evaluate(small), 5_000)
    t200 = best(lambda: toolkit.evaluate(large), 500)
    rows = [
        ("evaluations/second, Dominion Road baseline", f"{1 / evaluate:,.0f}", ""),
        ("one evaluation / json.loads of the same document", f"{evaluate / loads:.2f}x", "<= 5x"),
        ("200-part / 15-part evaluation time", f"{t200 / t15:.2f}x", f"~{200 / 15:.2f}x"),
        ("per-part cost, 200-part / 15-part", f"{(t200 / 200) / (t15 / 15):.2f}x", "~1x"),
    ]
    width = max(len(name) for name, _value, _goal in rows)
    print(f"Python {sys.version.split()[0]}, {len(baseline['parts'])}-part baseline")
    for name, value, goal in rows:
        print(f"{name:<{width}}  {value:>10}  {('goal ' + goal) if goal else ''}")


if __name__ == "__main__":
    main()
