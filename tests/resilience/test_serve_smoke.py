"""`./run serve` and `./run demo` as a person starts them: SQLite in a temporary folder, a free
loopback port, DEBUG off. The served stack answers its probes, pages and a write, serves compressed
static files, restarts a task worker that died, and stops cleanly on SIGTERM with every process it
started."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .processes import alive as _alive
from .processes import descendants as _descendants
from .processes import task_worker as _task_worker

ROOT = Path(__file__).resolve().parents[2]
# Generous: the first start in a fresh checkout builds the .venv; the demo seeds its data.
START_SECONDS = 300
STOP_SECONDS = 40


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    """A `./run` command in its own session, its output collected by a thread."""

    def __init__(self, args: list[str], var_dir: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COCREATE_")}
        for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"):
            env.pop(name, None)
        env["COCREATE_VAR_DIR"] = str(var_dir)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            ["./run", *args, "--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._up = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if f"Serving on {self.base}" in line:
                self._up.set()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while not self._up.wait(0.5):
            assert self.process.poll() is None, f"stopped before serving:\n{self.output}"
            assert time.monotonic() < deadline, f"not serving in {START_SECONDS} s:\n{self.output}"
        # `./run demo` says so before runserver listens: wait for an answer.
        while True:
            try:
                urllib.request.urlopen(self.base + "/health/", timeout=5).close()
                return
            except OSError:
                assert time.monotonic() < deadline, self.output
                time.sleep(0.2)

    def end(self) -> None:
        """Whatever happened, nothing this test started is left running."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Stack]]:
    stacks: list[Stack] = []

    def started(*args: str) -> Stack:
        stack = Stack(list(args), tmp_path)
        stacks.append(stack)
        stack.wait_until_serving()
        return stack

    yield started
    for stack in stacks:
        stack.end()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _open(opener: urllib.request.OpenerDirector, request: urllib.request.Request):
    """The response, whatever its status (urllib raises for 4xx and 5xx)."""
    try:
        return opener.open(request, timeout=20)
    except urllib.error.HTTPError as error:
        return error


def _get(opener: urllib.request.OpenerDirector, url: str, **headers: str):
    return _open(opener, urllib.request.Request(url, headers=headers))


def test_serve_answers_probes_pages_and_writes_then_stops_cleanly(start, tmp_path):
    stack = start("serve", "--workers", "2")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    health = _get(opener, stack.base + "/health/")
    assert (health.status, health.read()) == (200, b"ok\n")
    ready = _get(opener, stack.base + "/ready/")
    assert ready.status == 200, ready.read()

    home = _get(opener, stack.base + "/")
    assert home.status == 200
    assert home.headers["Permissions-Policy"]
    assert home.headers["X-Content-Type-Options"] == "nosniff"
    page = home.read().decode()
    stylesheet = re.search(r'href="(/static/cocreate/cocreate\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "static files carry hashed names"
    css = _get(opener, stack.base + stylesheet.group(1), **{"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.headers["Content-Encoding"] == "gzip"
    assert "immutable" in css.headers["Cache-Control"]

    missing = _get(opener, stack.base + "/no/such/page/")
    assert missing.status == 404
    assert "URLconf" not in missing.read().decode()  # DEBUG is off

    signup = _get(opener, stack.base + "/accounts/signup/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', signup)
    assert token
    form = {
        "csrfmiddlewaretoken": token.group(1),
        "email": "smoke@example.org",
        "username": "smoke",
        "password1": "a long smoke-test passphrase",
        "password2": "a long smoke-test passphrase",
    }
    request = urllib.request.Request(
        stack.base + "/accounts/signup/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": stack.base + "/accounts/signup/"},
    )
    answer = _open(opener, request)
    assert answer.status == 302, answer.read()[:2000]

    killed = _task_worker(stack.process.pid)
    os.kill(killed, signal.SIGKILL)  # as the database going away makes it exit
    deadline = time.monotonic() + 20
    while _task_worker(stack.process.pid) in {None, killed}:
        assert time.monotonic() < deadline, f"the task worker was not restarted:\n{stack.output}"
        time.sleep(0.2)

    processes = _descendants(stack.process.pid)
    assert len(processes) >= 4  # gunicorn, its two workers, the task worker
    began = time.monotonic()
    stack.process.send_signal(signal.SIGTERM)
    assert stack.process.wait(STOP_SECONDS) == 0, stack.output
    assert time.monotonic() - began < STOP_SECONDS
    assert "Stopped." in stack.output
    assert not [pid for pid in processes if _alive(pid)]

    with sqlite3.connect(tmp_path / "cocreate.sqlite3") as database:
        users = database.execute("SELECT username FROM accounts_user").fetchall()
    assert users == [("smoke",)]  # the acknowledged write is on disk


def test_the_demo_runs_with_debug_off(start):
    stack = start("demo")
    opener = urllib.request.build_opener(NoRedirect)
    missing = _get(opener, stack.base + "/no/such/page/")
    assert missing.status == 404
    body = missing.read().decode()
    assert "URLconf" not in body
    assert "DEBUG = True" not in body
    home = _get(opener, stack.base + "/").read().decode()
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home)
    assert stylesheet
    assert _get(opener, stack.base + stylesheet.group(1)).status == 200
