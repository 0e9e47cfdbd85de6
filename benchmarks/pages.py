"""Requests/s and latency of the home, challenge and proposal pages against a constant floor view.

Seeds the demo with 1,000 proposals into its own var/ folder, serves it through gunicorn
(2 workers) on 127.0.0.1 and drives each page with Debian's wrk (8 connections, bounded in
time). Prints each page's rate, p50/p99 and its ratio to the floor (`/health/`) measured in the
same run, so the figures compare across machines. Beside the rate, the CPU time the workers
spent per request (from /proc) and its ratio to the floor's: on a machine that other work shares,
the rate swings with the neighbours' load, the CPU per request much less.

    .venv/bin/python benchmarks/pages.py [--duration 20] [--connections 8] [--proposals 1000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


@dataclass
class Result:
    name: str
    path: str
    rate: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # the workers' CPU time per request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cocreate(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "cocreate", *args], env=env, check=True)


def _wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing Debian's wrk ...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        return "wrk"
    sys.exit("benchmarks/pages.py needs Debian's wrk: apt-get install wrk")


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server at {url} did not answer within {seconds:.0f} s")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode())


def _millis(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _cpu_seconds(parent: int) -> float:
    """User and system CPU time of `parent`'s child processes (the gunicorn workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == parent:  # fields after the name: state, ppid, ...
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _drive(
    wrk: str, url: str, *, connections: int, duration: int, server: int
) -> tuple[float, float, float, float]:
    """(requests/s, p50 ms, p99 ms, workers' CPU ms per request) from one bounded wrk run;
    non-2xx answers fail the run."""
    for _ in range(20):  # warm the template and connection caches of both workers
        _get(url)
    cpu = _cpu_seconds(server)
    run = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    )
    out = run.stdout
    cpu = _cpu_seconds(server) - cpu
    if "Non-2xx" in out:
        sys.exit(f"{url} answered errors under load:\n{out}")
    served = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # Anchored: "75.50%" in the thread stats must not read as the 50th percentile.
    p50 = _millis(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _millis(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    return rate, p50, p99, cpu * 1000 / served


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per page (default 20)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--proposals", type=int, default=1000)
    options = parser.parse_args()
    if not 1 <= options.duration <= 120 or not 1 <= options.connections <= 64:
        sys.exit("--duration must be 1-120 s and --connections 1-64 (a bounded load)")

    wrk = _wrk()
    var = OUT / f"var-{options.proposals}"
    env = {**os.environ, "COCREATE_VAR_DIR": str(var), "COCREATE_DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    _cocreate(env, "migrate", "--no-input", "-v", "0")
    _cocreate(env, "demo", "--proposals", str(options.proposals))
    _cocreate(env, "collectstatic", "--no-input", "-v", "0")

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cocreate.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        _wait_for(f"{base}/health/")
        challenge = "/c/dominion-road/"
        proposal = re.search(r'href="(/c/dominion-road/p/\d+/)"', _get(base + challenge))
        if proposal is None:
            sys.exit("the challenge page lists no proposal: did the demo seed?")
        targets = [
            ("floor (/health/)", "/health/"),
            ("home", "/"),
            ("challenge", challenge),
            ("proposal", proposal.group(1)),
        ]
        results = []
        for name, path in targets:
            print(f"driving {name} for {options.duration} s ...", flush=True)
            figures = _drive(
                wrk,
                base + path,
                connections=options.connections,
                duration=options.duration,
                server=server.pid,
            )
            results.append(Result(name, path, *figures))
    finally:
        server.terminate()
        server.wait(timeout=30)

    floor, floor_cpu = results[0].rate, results[0].cpu_ms
    print(f"\n{options.proposals} proposals, gunicorn 2 workers, wrk {options.connections} "
          f"connections x {options.duration} s, {os.cpu_count()} cores")  # fmt: skip
    print(f"{'page':<18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio to floor':>15}"
          f" {'CPU ms/req':>11} {'CPU ratio':>10}")  # fmt: skip
    for r in results:
        ratio, cpu_ratio = r.rate / floor, floor_cpu / r.cpu_ms
        print(f"{r.name:<18} {r.rate:>9.1f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} {ratio:>15.3f}"
              f" {r.cpu_ms:>11.2f} {cpu_ratio:>10.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
