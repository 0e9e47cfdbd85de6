"""`cocreate serve`: the production stack on one machine, gunicorn and the task worker together."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# How long a child may take to finish what it is doing after SIGTERM before it is killed; gunicorn
# is given a little less, so it ends its own workers first.
SHUTDOWN_SECONDS = 30
BOOT_SECONDS = 120
RESTART_SECONDS = 2


def default_workers() -> int:
    """Gunicorn's rule of thumb: two workers a core plus one, each with a few threads."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1) + 1


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Serve as in production: gunicorn (DEBUG off) and the task worker, until Ctrl+C or "
        "SIGTERM stops both gracefully. Run `cocreate migrate` and `cocreate collectstatic` first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
        parser.add_argument("--port", type=positive, default=8000, help="port to bind (8000)")
        parser.add_argument(
            "--workers", type=positive, default=default_workers(), help="gunicorn processes"
        )
        parser.add_argument("--threads", type=positive, default=4, help="threads per process")

    def handle(
        self, *args: Any, host: str, port: int, workers: int, threads: int, **_: Any
    ) -> None:
        if port > 65535:
            raise CommandError(f"--port takes a number from 1 to 65535, got {port}")
        env = {**os.environ, "COCREATE_DEBUG": "0"}
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        # The children get a process group of their own: Ctrl+C reaches this supervisor only,
        # which then stops each of them gracefully, in order.
        web = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn", "cocreate.wsgi:application",
                "--bind", bind,
                "--workers", str(workers),
                "--worker-class", "gthread",
                "--threads", str(threads),
                "--graceful-timeout", str(SHUTDOWN_SECONDS - 5),
                # Gunicorn's control socket is one path per user: two stacks would fight over it.
                "--no-control-socket",
            ],
            env=env,
            process_group=0,
        )  # fmt: skip
        worker = self._start_worker(env)
        try:
            if self._wait_until_up(host, port, web, stop):
                self.stdout.write(f"Serving on http://{bind} (Ctrl+C stops)")
                self.stdout.flush()
            elif not stop.is_set() and web.poll() is None:
                raise CommandError(f"gunicorn did not answer on {bind} in {BOOT_SECONDS} s")
            while not stop.is_set() and web.poll() is None:
                if worker.poll() is not None:
                    # The task worker waits out database outages, but can still be killed;
                    # tasks are rows, so a new one picks up where it stopped, and re-runs the
                    # task it was in the middle of (cocreate/core/tasks.py).
                    self.stderr.write(
                        f"The task worker stopped (exit code {worker.returncode}); "
                        f"starting it again in {RESTART_SECONDS} s."
                    )
                    if stop.wait(RESTART_SECONDS):
                        break
                    worker = self._start_worker(env)
                stop.wait(0.5)
        finally:
            for child in (web, worker):  # stop taking requests first, then finish the tasks
                self._stop(child)
        if not stop.is_set():
            raise CommandError(f"gunicorn stopped (exit code {web.returncode})")
        self.stdout.write("Stopped.")

    @staticmethod
    def _start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "cocreate", "worker"], env=env, process_group=0
        )

    @staticmethod
    def _wait_until_up(
        host: str, port: int, web: subprocess.Popen[bytes], stop: threading.Event
    ) -> bool:
        """True once gunicorn answers HTTP (any status: the Host may not be an allowed one)."""
        probe = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104
        deadline = time.monotonic() + BOOT_SECONDS
        while not stop.is_set() and time.monotonic() < deadline:
            if web.poll() is not None:
                return False
            connection = http.client.HTTPConnection(probe, port, timeout=2)
            try:
                connection.request("GET", "/health/")
                connection.getresponse().read()
            except OSError:
                stop.wait(0.2)
            else:
                return True
            finally:
                connection.close()
        return False

    @staticmethod
    def _stop(child: subprocess.Popen[bytes]) -> None:
        if child.poll() is None:
            child.terminate()
        try:
            child.wait(SHUTDOWN_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
