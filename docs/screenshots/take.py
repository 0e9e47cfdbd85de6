"""Regenerate the screenshots in docs/screenshots/ from a fresh demo, on a laptop and a phone.

    python docs/screenshots/take.py [--only challenge,editor] [--keep]

Seeds a new SQLite demo in a temporary folder (`migrate`, then `demo`), serves it on
127.0.0.1 at a free port, and visits each page with Playwright and /usr/bin/chromium (headless):
`NAME.png` at 1280 × 800 and `NAME-phone.png` at 360 × 740, each what a person sees first. Pages
for staff are taken logged in as the demo's Auckland Transport staff, the rest logged out.
Prints its progress; exits non-zero when a step or a page fails. Run from the repository root
with the project's Python (the one that has Django and Playwright).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, FloatRect, Page, sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SIZES = {"": (1280, 800), "-phone": (360, 740)}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STAFF = "staff@at.example.org"
PASSWORD = "cocreate-demo"  # noqa: S105 (the demo's public password: cocreate/demo/people.py)
ORG, SLUG = "auckland-transport", "dominion-road"


@dataclass(frozen=True)
class Shot:
    name: str
    path: Callable[[sqlite3.Connection], str]
    staff: bool = False
    screens: int = 1  # how many screens of the page to take, from its top


def _one(db: sqlite3.Connection, sql: str) -> int:
    row = db.execute(sql, (SLUG,)).fetchone()
    if row is None:
        raise SystemExit(f"the demo has no row for: {sql}")
    return int(row[0])


def _most_discussed(db: sqlite3.Connection) -> int:
    """The proposal with the longest conversation: the proposal page at its fullest."""
    return _one(
        db,
        "SELECT c.proposal_id FROM community_comment c JOIN proposals_proposal p "
        "ON p.id = c.proposal_id "
        "WHERE p.challenge_id = (SELECT id FROM challenges_challenge WHERE slug = ?) "
        "GROUP BY c.proposal_id ORDER BY COUNT(*) DESC, c.proposal_id LIMIT 1",
    )


def _answered(db: sqlite3.Connection) -> int:
    """The most supported proposal the organization plans to build, with its public answer."""
    return _one(
        db,
        "SELECT id FROM proposals_proposal "
        "WHERE challenge_id = (SELECT id FROM challenges_challenge WHERE slug = ?) "
        "AND answer_status_id IN "
        "(SELECT id FROM organizations_proposalstatus WHERE name = 'Planned') "
        "AND merged_into_id IS NULL ORDER BY support_count DESC, id LIMIT 1",
    )


def _waiting(db: sqlite3.Connection) -> int:
    """The most supported proposal still waiting for its answer: the one staff answer next."""
    return _one(
        db,
        "SELECT id FROM proposals_proposal "
        "WHERE challenge_id = (SELECT id FROM challenges_challenge WHERE slug = ?) "
        "AND answer_status_id IS NULL AND merged_into_id IS NULL AND status = 'published' "
        "ORDER BY support_count DESC, id LIMIT 1",
    )


SHOTS = [
    Shot("challenge", lambda db: f"/c/{SLUG}/", screens=3),
    Shot("proposal", lambda db: f"/c/{SLUG}/p/{_most_discussed(db)}/", screens=3),
    Shot("answered", lambda db: f"/c/{SLUG}/p/{_answered(db)}/"),
    Shot("editor", lambda db: f"/c/{SLUG}/toolkit/"),
    Shot("toolkit", lambda db: "/c/cargo-bike/toolkit/"),
    Shot("search", lambda db: f"/c/{SLUG}/search/?q=trees"),
    Shot("compare", lambda db: f"/c/{SLUG}/compare/?a=baseline&b={_most_discussed(db)}"),
    Shot("login", lambda db: "/accounts/login/"),
    Shot("board", lambda db: f"/manage/{ORG}/c/{SLUG}/board/", staff=True),
    Shot("answer", lambda db: f"/manage/{ORG}/c/{SLUG}/p/{_waiting(db)}/answer/", staff=True),
    Shot("insights", lambda db: f"/manage/{ORG}/c/{SLUG}/insights/", staff=True, screens=3),
    Shot("insights-summary", lambda db: f"/c/{SLUG}/insights/", screens=2),
]


def _say(message: str) -> None:
    print(message, flush=True)


def _run(env: dict[str, str], *args: str) -> None:
    started = time.monotonic()
    _say(f"$ python -m cocreate {' '.join(args)}")
    command = [sys.executable, "-m", "cocreate", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603 (our own)
    if done.returncode:
        raise SystemExit(f"`cocreate {args[0]}` failed ({done.returncode})")
    _say(f"  done in {time.monotonic() - started:.0f} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped before it answered")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own 127.0.0.1)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url} in {seconds:.0f} s")


def _log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", STAFF)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit(f"logging in as {STAFF} failed")


def _take(browser: Browser, base: str, db: sqlite3.Connection, shots: list[Shot]) -> int:
    failed = 0
    for suffix, (width, height) in SIZES.items():
        phone = width < 600
        for staff in (False, True):
            todo = [shot for shot in shots if shot.staff == staff]
            if not todo:
                continue
            context = browser.new_context(
                viewport={"width": width, "height": height},
                is_mobile=phone,
                has_touch=phone,
                reduced_motion="reduce",
            )
            page = context.new_page()
            try:
                if staff:
                    _log_in(page, base)
                for shot in todo:
                    target = HERE / f"{shot.name}{suffix}.png"
                    try:
                        response = page.goto(base + shot.path(db))
                        if response is None or response.status >= 400:
                            code = response.status if response else "no answer"
                            raise RuntimeError(f"HTTP {code}")
                        page.wait_for_load_state("networkidle")
                        tall = page.evaluate("document.documentElement.scrollHeight")
                        clip: FloatRect = {
                            "x": 0,
                            "y": 0,
                            "width": width,
                            "height": min(tall, height * shot.screens),
                        }
                        page.screenshot(path=str(target), full_page=True, clip=clip)
                        _say(f"  {target.relative_to(ROOT)} ({width}×{height})")
                    except Exception as error:  # one failed page must not hide the others
                        failed += 1
                        _say(f"  FAILED {shot.name}{suffix}: {error}")
            finally:
                context.close()
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated names, e.g. challenge,editor")
    parser.add_argument("--keep", action="store_true", help="keep the temporary demo folder")
    options = parser.parse_args()
    shots = SHOTS
    if options.only:
        wanted = set(options.only.split(","))
        shots = [shot for shot in SHOTS if shot.name in wanted]
        if unknown := wanted - {shot.name for shot in shots}:
            raise SystemExit(f"no such screenshot: {', '.join(sorted(unknown))}")
    folder = Path(tempfile.mkdtemp(prefix="cocreate-shots-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(COCREATE_VAR_DIR=str(folder), COCREATE_DEBUG="1", PYTHONUNBUFFERED="1")
    _say(f"Demo database in {folder}")
    server = None
    try:
        _run(env, "migrate", "--verbosity", "0")
        _run(env, "demo", "--verbosity", "0")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        serve = ["runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"]
        server = subprocess.Popen(  # noqa: S603 (our own server)
            [sys.executable, "-m", "cocreate", *serve],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(f"{base}/health/", server)
        _say(f"Serving at {base}")
        database = next(folder.glob("*.sqlite3"))
        with sqlite3.connect(database) as db, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            try:
                failed = _take(browser, base, db, shots)
            finally:
                browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            _say(f"Kept {folder}")
    if failed:
        _say(f"{failed} screenshot(s) failed")
        return 1
    _say(f"All {len(shots) * len(SIZES)} screenshots written to {HERE.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
