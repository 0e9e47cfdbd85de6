"""The production stack on loopback, for the load and fault runs: a private PostgreSQL cluster
(so restarting it never touches the machine's shared one), Redis under its own database number and
key prefix, and `cocreate serve` (gunicorn with two workers, and the task worker). Everything is
bounded in time and removed again, also when a run fails."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from .processes import alive, descendants, task_worker

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("COCREATE_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_URL = os.environ.get("COCREATE_RESILIENCE_REDIS_URL", "redis://127.0.0.1:6379/13")
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing_tools() -> str | None:
    """Why the stack can't run here, or None."""
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL's initdb is not in {PG_BIN} (set COCREATE_PG_BIN)"
    return None


def _as_postgres() -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres account then."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class PrivatePostgres:
    """A throwaway cluster in a temp dir, on a free loopback port, trust auth for loopback."""

    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/cocreate"

    def _ctl(self, *args: str, timeout: float = 60) -> None:
        options = (
            f"-k {self.folder} -p {self.port} -h 127.0.0.1 -c fsync=off -c max_connections=200"
        )
        subprocess.run(
            [*_as_postgres(), str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "30",
             "-l", str(self.folder / "log"), "-o", options, *args],
            check=True, timeout=timeout, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        subprocess.run(
            [*_as_postgres(), str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--no-sync"],
            check=True, timeout=120, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self._ctl("start")
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "cocreate"],
            check=True, timeout=30,
        )  # fmt: skip

    def restart(self, outage: float = 0.0) -> None:
        """A fast restart: every connection is cut, as in a failover or an upgrade, and the
        database stays away for `outage` seconds."""
        self._ctl("stop", "-m", "fast")
        time.sleep(outage)
        self._ctl("start")

    def running_tasks(self) -> int:
        """Tasks the worker has claimed and not finished, read straight from the database."""
        import psycopg

        with psycopg.connect(self.url, connect_timeout=3) as db:
            row = db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            ).fetchone()
        return int(row[0]) if row else 0

    def stop(self) -> None:
        self._ctl("stop", "-m", "immediate")

    def start(self) -> None:
        self._ctl("start")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    folder = Path(tempfile.mkdtemp(prefix="cocreate-pg-"))
    cluster = PrivatePostgres(folder)
    try:
        cluster.create()
        yield cluster
    finally:
        with suppress(subprocess.SubprocessError, OSError):
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _redis_client():  # type: ignore[no-untyped-def]
    """The Redis client when the lock has it and Redis answers, else None (locmem per process)."""
    try:
        import redis  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        return None
    return client


@contextmanager
def redis_prefix() -> Iterator[str | None]:
    """A key prefix of our own on Redis (None without Redis); only its keys are flushed."""
    client = _redis_client()
    if client is None:
        yield None
        return
    prefix = f"resilience-{secrets.token_hex(4)}"
    try:
        yield prefix
    finally:
        for key in client.scan_iter(match=f"{prefix}:*", count=500):
            client.delete(key)
        client.close()


def stack_env(database_url: str, var: Path, cache_prefix: str | None) -> dict[str, str]:
    """Production settings (DEBUG off) on the private cluster; no test settings leak in."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("COCREATE_", "DJANGO_", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cocreate.settings",
        DATABASE_URL=database_url,
        COCREATE_VAR_DIR=str(var),
        COCREATE_DEBUG="0",
        COCREATE_SECRET_KEY=secrets.token_urlsafe(40),
        COCREATE_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        COCREATE_LOG_LEVEL="ERROR",
        # A task the worker was killed in the middle of is run again after this long.
        COCREATE_TASK_LEASE_SECONDS="3",
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
    )
    env.pop("REDIS_URL", None)
    if cache_prefix is not None:
        env.update(REDIS_URL=REDIS_URL, COCREATE_CACHE_PREFIX=cache_prefix)
    return env


def cocreate(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "cocreate", *args],
        env=env, cwd=ROOT, check=True, timeout=timeout, capture_output=True, text=True,
    )  # fmt: skip
    return run.stdout


def start_app(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """`cocreate serve` (what `./run serve` runs once it has migrated and collected static files):
    gunicorn with two workers and the task worker, which it restarts when it dies."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "cocreate", "serve", "--port", str(port), "--workers", "2"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def wait_until_up(base: str, seconds: float = START_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(OSError), urllib.request.urlopen(base + "/health/", timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(f"{base} did not answer /health/ within {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM a process we started (it stops its children in order), by its id; whatever of it
    is still there after 40 s is killed."""
    family = descendants(process.pid)
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    for pid in family | descendants(process.pid):
        if alive(pid):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@dataclass
class Stack:
    postgres: PrivatePostgres
    env: dict[str, str]
    base: str
    folder: Path
    app: subprocess.Popen[bytes]
    redis: bool

    def kill_worker_mid_task(self, seconds: float = 10) -> bool:
        """kill -9 the task worker (as an OOM killer would) as soon as it is running a task, or
        after `seconds`; `cocreate serve` starts another. True if it died mid-task."""
        deadline = time.monotonic() + seconds
        while not (mid_task := self.postgres.running_tasks() > 0) and time.monotonic() < deadline:
            time.sleep(0.005)
        worker = task_worker(self.app.pid)
        if worker is None:
            return False
        os.kill(worker, signal.SIGKILL)
        return mid_task

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}"
            for p in sorted(self.folder.glob("*.log"))
        )


@contextmanager
def production_stack() -> Iterator[Stack]:
    """Migrated, with static files collected, serving on a free loopback port."""
    with ExitStack() as cleanup:
        postgres = cleanup.enter_context(private_postgres())
        prefix = cleanup.enter_context(redis_prefix())
        folder = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="cocreate-stack-")))
        env = stack_env(postgres.url, folder / "var", prefix)
        cocreate(env, "migrate", "--no-input", "-v", "0")
        cocreate(env, "collectstatic", "--no-input", "-v", "0")
        port = free_port()
        stack = Stack(
            postgres=postgres,
            env=env,
            base=f"http://127.0.0.1:{port}",
            folder=folder,
            app=start_app(env, port, folder / "app.log"),
            redis=prefix is not None,
        )
        cleanup.callback(lambda: stop(stack.app))
        wait_until_up(stack.base)
        yield stack
