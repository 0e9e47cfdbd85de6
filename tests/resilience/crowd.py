"""Simulated people: each a thread with its own connection and cookies, browsing, autosaving,
submitting, supporting and commenting until a deadline, and keeping a ledger of every write the
server acknowledged (and of every answer it gave), so an audit can say what was lost.

A write whose answer never came (an error, a dropped connection) is left out of the ledger: the
server promised nothing about it."""

from __future__ import annotations

import http.client
import json
import random
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit

TIMEOUT = 30
ACTIONS = (("browse", 40), ("autosave", 25), ("support", 15), ("comment", 10), ("submit", 10))
PROPOSAL = re.compile(r"/p/(\d+)/$")
COMMENT = re.compile(r"#comment-(\d+)$")
TITLE_FIELD = re.compile(r'<input id="title" name="title" value="([^"]*)"')


@dataclass
class Answer:
    method: str
    path: str
    status: int  # 0: no answer (the connection failed or timed out)
    started: float
    seconds: float
    retry_after: str | None = None
    error: str = ""


@dataclass
class Ledger:
    """What the server acknowledged, for the audit; shared by every person (guarded by a lock)."""

    budget: int
    proposals: list[tuple[int, str]] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)
    support_state: dict[tuple[int, int], bool | None] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)
    drafts_lost: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> str:
        supported = [k for k, v in self.support_state.items() if v is True]
        withdrawn = [k for k, v in self.support_state.items() if v is False]
        return json.dumps(
            {
                "budget": self.budget,
                "proposals": self.proposals,
                "comments": self.comments,
                "supports": supported,
                "withdrawn": withdrawn,
            }
        )


class Person:
    def __init__(self, number: int, base: str, seed: dict[str, Any], ledger: Ledger) -> None:
        who = seed["people"][number]
        self.user_id: int = who["id"]
        self.number = number
        self.rng = random.Random(number)
        self.host, self.port = urlsplit(base).hostname, urlsplit(base).port
        self.slug: str = seed["slug"]
        self.baseline = json.dumps(seed["baseline"])
        self.proposals: list[int] = seed["proposals"]  # shared: grows as people publish
        self.ledger = ledger
        self.csrf = secrets.token_hex(16)
        self.cookies = {"sessionid": who["session"], "csrftoken": self.csrf}
        self.connection: http.client.HTTPConnection | None = None
        self.draft_title: str | None = None  # the last autosave acknowledged, None if unknown
        self.written = 0

    # --- HTTP ---------------------------------------------------------------------------------

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        """One request on a kept-alive connection; (0, {}, "") when no answer came."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.csrf,
                "Referer": f"http://{self.host}:{self.port}{path}",
            }
        started = time.monotonic()
        answer = Answer(method, path, 0, started, 0.0)
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            answer.error = repr(error)
            answer.seconds = time.monotonic() - started
            self._record(answer)
            return 0, {}, ""
        answer.status = response.status
        answer.seconds = time.monotonic() - started
        answer.retry_after = response.getheader("Retry-After")
        self._record(answer)
        for header in response.headers.get_all("Set-Cookie") or []:
            self._keep_cookie(header)
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def _record(self, answer: Answer) -> None:
        with self.ledger.lock:
            self.ledger.answers.append(answer)

    def _keep_cookie(self, header: str) -> None:
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0" or morsel.value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def post_and_follow(self, path: str, form: dict[str, str]) -> tuple[int, str, str | None]:
        """POST then, like a browser, GET where it redirects. (status, location, page or None)."""
        form = {"idempotency_key": str(uuid.uuid4()), **form}
        status, headers, text = self.request("POST", path, form)
        location = headers.get("location", "")
        if status != 302:
            return status, location, text if status else None
        follow_status, _, page = self.request("GET", urlsplit(location).path)
        return status, location, page if follow_status == 200 else None

    # --- what people do -----------------------------------------------------------------------

    def run(self, deadline: float) -> None:
        names, weights = zip(*ACTIONS, strict=True)
        while time.monotonic() < deadline:
            getattr(self, self.rng.choices(names, weights)[0])()
            time.sleep(self.rng.uniform(0.1, 0.6))
        if self.connection is not None:
            self.connection.close()

    def _proposal_path(self) -> str:
        return f"/c/{self.slug}/p/{self.rng.choice(self.proposals)}/"

    def browse(self) -> None:
        path = self.rng.choice(
            [
                "/",
                f"/c/{self.slug}/",
                f"/c/{self.slug}/?page=2",
                f"/c/{self.slug}/toolkit/",
                f"/c/{self.slug}/search/?q=idea",
                self._proposal_path(),
                self._proposal_path(),
            ]
        )
        self.request("GET", path)

    def _title(self, what: str) -> str:
        self.written += 1
        return f"{what} {self.number}-{self.written}"

    def autosave(self) -> None:
        title = self._title("Draft")
        status, _, _ = self.request(
            "POST",
            f"/c/{self.slug}/toolkit/draft/",
            {"title": title, "rationale": "Still thinking.", "design-json": self.baseline},
        )
        self.draft_title = title if status == 204 else None

    def submit(self) -> None:
        title = self._title("Idea")
        form = {"op": "submit", "title": title, "rationale": "Room to walk.",
                "design-json": self.baseline}  # fmt: skip
        status, location, _ = self.post_and_follow(f"/c/{self.slug}/toolkit/", form)
        self.draft_title = None  # published (the draft is gone) or not: either way not checked
        if status == 302 and (found := PROPOSAL.search(urlsplit(location).path)):
            with self.ledger.lock:
                self.ledger.proposals.append((int(found.group(1)), title))
                self.proposals.append(int(found.group(1)))

    def comment(self) -> None:
        body = self._title("A thought,")
        path = self._proposal_path() + "comments/"
        status, location, _ = self.post_and_follow(path, {"body": body, "stance": ""})
        if status == 302 and (found := COMMENT.search(location)):
            with self.ledger.lock:
                self.ledger.comments.append((int(found.group(1)), body))

    def support(self) -> None:
        path = self._proposal_path()
        proposal = int(PROPOSAL.search(path).group(1))  # type: ignore[union-attr]
        key = (self.user_id, proposal)
        withdraw = self.ledger.support_state.get(key) is True and self.rng.random() < 0.5
        form = {"op": "withdraw"} if withdraw else {}
        status, _, page = self.post_and_follow(path + "support/", form)
        if status == 302 and page is not None and 'class="message error' not in page:
            state: bool | None = not withdraw
        elif status == 302 and page is not None:
            return  # refused and said so: nothing changed
        else:
            state = None  # no clear answer: the audit can't expect either way
        with self.ledger.lock:
            self.ledger.support_state[key] = state

    def check_draft(self) -> None:
        """The last autosave the server acknowledged is what the toolkit page reopens."""
        if self.draft_title is None:
            return
        status, _, page = self.request("GET", f"/c/{self.slug}/toolkit/")
        found = TITLE_FIELD.search(page)
        if status != 200 or found is None or found.group(1) != self.draft_title:
            shown = found.group(1) if found else None
            with self.ledger.lock:
                self.ledger.drafts_lost.append(f"person{self.number}: {self.draft_title} → {shown}")


def run_crowd(base: str, seed: dict[str, Any], *, people: int, seconds: float) -> Ledger:
    """`people` threads for `seconds`, then each checks its draft; bounded by join timeouts."""
    ledger = Ledger(budget=seed["budget"])
    crowd = [Person(n, base, seed, ledger) for n in range(people)]
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=p.run, args=(deadline,), daemon=True) for p in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 2 * TIMEOUT + 10)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("some simulated people never finished")
    for person in crowd:
        person.check_draft()
    return ledger


@dataclass
class Figures:
    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_errors: int
    no_answer: int

    def line(self) -> str:
        return (
            f"{self.requests} requests, {self.per_second:.1f}/s, p50 {self.p50_ms:.0f} ms, "
            f"p95 {self.p95_ms:.0f} ms, p99 {self.p99_ms:.0f} ms, 5xx {self.server_errors}, "
            f"no answer {self.no_answer}"
        )


def figures(answers: list[Answer], seconds: float) -> Figures:
    times = sorted(a.seconds for a in answers if a.status)

    def at(share: float) -> float:
        return 1000 * times[min(len(times) - 1, int(share * len(times)))] if times else 0.0

    return Figures(
        requests=len(answers),
        per_second=len(answers) / seconds,
        p50_ms=at(0.50),
        p95_ms=at(0.95),
        p99_ms=at(0.99),
        server_errors=sum(a.status >= 500 for a in answers),
        no_answer=sum(a.status == 0 for a in answers),
    )
