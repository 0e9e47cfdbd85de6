"""Trust and rate-limit policy, pure: no Django, no I/O. Time is seconds since the epoch.

New accounts (younger than a day, or with fewer than 3 accepted contributions) may post at most
3 proposals or comments an hour, and no links; everyone may post at most 20 comments and 10
proposals an hour, give 60 supports, make 30 pledges and file 20 reports an hour; one IP
address may create 5 accounts an hour. Signing in to the admin fails at most 10 times in 15
minutes for one name tried and 30 times an hour from one address; past that even the right
password waits. Windows are fixed (aligned to their length), as the cache counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

HOUR = 3600
NEW_ACCOUNT_SECONDS = 24 * HOUR
TRUSTED_AFTER_CONTRIBUTIONS = 3

ACTIONS = frozenset({"proposal", "comment", "support", "pledge", "report", "signup", "login"})
# Actions a new account may do less often (and without links) until it earns trust.
TRUST_LIMITED = frozenset({"proposal", "comment"})


# Whom a counter counts: the person (a visitor without an account by their address), the
# address whoever is signed in, or the name typed into a sign-in form, whether it exists or not.
Counted = Literal["person", "ip", "name"]


@dataclass(frozen=True, slots=True)
class Limit:
    bucket: str  # counters are shared by every action naming the same bucket
    most: int
    window_seconds: int = HOUR
    by: Counted = "person"


NEW_POST = Limit("new_post", 3)
EVERYONE: dict[str, tuple[Limit, ...]] = {
    "proposal": (Limit("proposal", 10),),
    "comment": (Limit("comment", 20),),
    "support": (Limit("support", 60),),
    "pledge": (Limit("pledge", 30),),
    "report": (Limit("report", 20),),
    "signup": (Limit("signup", 5, by="ip"),),
    # Failed sign-ins only (a successful one gives its count back), so guessing a password
    # is slow from one address and for one name from many addresses.
    "login": (Limit("login_name", 10, 15 * 60, by="name"), Limit("login_ip", 30, by="ip")),
}

# http://, https://, www., or a bare domain with a common top-level domain.
LINK = re.compile(
    r"(https?://|www\.|\b[a-z0-9-]+\.(com|net|org|io|co|nz|info|biz|ru|xyz|ly|me)\b)",
    re.IGNORECASE,
)


def old_enough(*, joined_at: float, now: float) -> bool:
    return now - joined_at >= NEW_ACCOUNT_SECONDS


def is_new_account(*, joined_at: float, now: float, accepted_contributions: int) -> bool:
    return (
        not old_enough(joined_at=joined_at, now=now)
        or accepted_contributions < TRUSTED_AFTER_CONTRIBUTIONS
    )


def limits_for(action: str, *, new_account: bool) -> tuple[Limit, ...]:
    """The limits an action counts against, strictest first."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    extra = (NEW_POST,) if new_account and action in TRUST_LIMITED else ()
    return extra + EVERYONE[action]


def links_allowed(*, new_account: bool) -> bool:
    return not new_account


def contains_link(text: str) -> bool:
    return LINK.search(text) is not None


def window_start(now: float, window_seconds: int) -> int:
    """The start of the fixed window holding `now`."""
    return int(now // window_seconds) * window_seconds


def retry_after(now: float, window_seconds: int) -> int:
    """Seconds until the window holding `now` closes."""
    return window_start(now, window_seconds) + window_seconds - int(now)
