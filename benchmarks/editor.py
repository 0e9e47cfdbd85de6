"""Time from a key press to updated findings and drawing in the editor, for a 40-part design.

Serves a fresh demo (no proposals) with gunicorn on 127.0.0.1, opens the toolkit in headless
Chromium with a 40-part draft, focuses a part and presses + and - alternately; the page records
the time from each keydown event to the end of the editor's render (findings, metrics, SVG in the
DOM) and to the next animation frame (the browser has styled and laid it out).

The drawing is measured as people see it, illustrated (editor/illustration.js).

    .venv/bin/python benchmarks/editor.py [--edits 100]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import OUT, _free_port, _wait_for

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-gpu",
]  # fmt: skip
GOAL_MS = 16.0

RECORDER = """() => {
  window.__timings = [];
  let pressed = null;
  document.addEventListener("keydown", (event) => { pressed = event.timeStamp; }, true);
  document.getElementById("editor").addEventListener("cocreate:rendered", (event) => {
    if (pressed === null) return;
    const start = pressed;
    pressed = null;
    const dom = event.detail.finished - start;
    const {evaluated, drawn, finished} = event.detail;
    const steps = {evaluate: evaluated - event.detail.started, draw: drawn - evaluated,
                   rest: finished - drawn, before: event.detail.started - start};
    requestAnimationFrame(() => {
      window.__timings.push({dom, frame: performance.now() - start, ...steps});
    });
  });
}"""


def forty_parts(baseline: dict) -> dict:
    """The Dominion Road baseline cut into 40 narrower parts of the same types (21.00 m in all)."""
    kinds = [
        {key: value for key, value in part.items() if key != "id"}  # ids would clash
        for part in baseline["parts"]
        if part["type"] != "light-rail"  # the locked tracks stay out
    ]
    parts = [dict(kinds[i % len(kinds)], width=0.525) for i in range(40)]
    return {**baseline, "parts": parts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=100)
    options = parser.parse_args()
    if not 10 <= options.edits <= 1000:
        sys.exit("--edits must be 10-1000")
    var = OUT / "var-editor"
    env = {**os.environ, "COCREATE_VAR_DIR": str(var), "COCREATE_DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    for args in (["migrate", "--no-input", "-v", "0"], ["demo", "--proposals", "0"],
                 ["collectstatic", "--no-input", "-v", "0"]):  # fmt: skip
        subprocess.run([sys.executable, "-m", "cocreate", *args], env=env, check=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cocreate.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        _wait_for(f"{base}/health/")
        timings = _measure(base, options.edits)
    finally:
        server.terminate()
        server.wait(timeout=30)
    dom = sorted(t["dom"] for t in timings)
    frame = sorted(t["frame"] for t in timings)
    print(f"{len(timings)} edits of a 40-part design in headless Chromium")
    print(f"key press -> findings and SVG updated: median {statistics.median(dom):.2f} ms, "
          f"p90 {dom[int(len(dom) * 0.9)]:.2f} ms (goal < {GOAL_MS:.0f} ms)")  # fmt: skip
    print(f"key press -> next animation frame:     median {statistics.median(frame):.2f} ms, "
          f"p90 {frame[int(len(frame) * 0.9)]:.2f} ms")  # fmt: skip
    print(f"median as a share of one 60 Hz frame: {statistics.median(dom) / (1000 / 60):.2f}")
    steps = ", ".join(
        f"{step} {statistics.median(t[step] for t in timings):.2f} ms"
        for step in ("before", "evaluate", "draw", "rest")
    )
    print(f"where the median goes: {steps}")


def _measure(base: str, edits: int) -> list[dict[str, float]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/c/dominion-road/toolkit/")
        baseline = json.loads(page.locator("#draft-design").text_content() or "{}")
        design = forty_parts(baseline)
        status = page.evaluate(
            """async (design) => {
                const body = new FormData();
                body.set("design-json", JSON.stringify(design));
                body.set("csrfmiddlewaretoken",
                         document.querySelector("[name=csrfmiddlewaretoken]").value);
                const url = document.getElementById("editor").dataset.draftUrl;
                return (await fetch(url, {method: "POST", body})).status;
            }""",
            design,
        )
        if status != 204:
            sys.exit(f"the draft endpoint answered {status}")
        page.goto(f"{base}/c/dominion-road/toolkit/")
        parts = page.locator("#editor svg g.part")
        if parts.count() != 40:
            sys.exit(f"expected 40 parts in the editor, found {parts.count()}")
        page.evaluate(RECORDER)
        parts.nth(20).focus()
        for i in range(edits):
            page.keyboard.press("+" if i % 2 == 0 else "-")
            page.wait_for_function("n => window.__timings.length >= n", arg=i + 1)
        timings: list[dict[str, float]] = page.evaluate("window.__timings")
        browser.close()
    return timings


if __name__ == "__main__":
    main()
