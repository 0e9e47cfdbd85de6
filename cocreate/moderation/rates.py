"""Rate limits, and the trust a new account earns, applied where people act.

Views wrap the service that writes in `rate_limited(...)`: a person posting through the site is
counted, while the demo seed, commands and tests call the same services without being throttled.
Counts live in the shared cache (Redis when REDIS_URL is set), so every app server sees the same
counts. The policy itself is pure, in `limits.py`.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.accounts.actors import Actor
from cocreate.accounts.models import User
from cocreate.community.models import Comment
from cocreate.core.markdown import render_markdown
from cocreate.proposals.models import Proposal

from . import limits

TRUST_CACHE_SECONDS = 3600


def _accepted_contributions(actor: User, enough: int) -> int:
    """Contributions moderation left standing: proposals and comments not hidden (counted up to
    `enough`, which is all trust needs)."""
    proposals = Proposal.objects.filter(author=actor).listable().values("pk")[:enough]
    found = len(proposals)
    if found >= enough:
        return found
    comments = Comment.objects.filter(author=actor, hidden=False).values("pk")[: enough - found]
    return found + len(comments)


def is_new_account(actor: Actor | None, *, now: datetime | None = None) -> bool:
    """New until 24 h old with 3 accepted contributions; earned trust is cached for an hour."""
    if actor is None or not actor.is_authenticated:
        return True
    key = f"trusted:{actor.pk}"
    if cache.get(key):
        return False
    now = now or timezone.now()
    joined = actor.date_joined.timestamp() if actor.date_joined else now.timestamp()
    if not limits.old_enough(joined_at=joined, now=now.timestamp()):
        return True
    count = _accepted_contributions(actor, limits.TRUSTED_AFTER_CONTRIBUTIONS)
    new = limits.is_new_account(joined_at=joined, now=now.timestamp(), accepted_contributions=count)
    if not new:
        cache.set(key, True, TRUST_CACHE_SECONDS)
    return new


def _links_in(text: str) -> bool:
    """A bare address, or anything Markdown would turn into a link ([x](//host), <ftp://…>)."""
    return bool(text) and (limits.contains_link(text) or "<a " in render_markdown(text))


def refuse_links(*, actor: Actor, texts: Mapping[str, str]) -> None:
    """New accounts post no links (the spammer's reason to post at all), on create or edit;
    `texts` maps each form field to what was typed in it, so the refusal sits by its field."""
    _refuse_links(texts, new_account=is_new_account(actor))


def _refuse_links(texts: Mapping[str, str], *, new_account: bool) -> None:
    if limits.links_allowed(new_account=new_account):
        return  # trusted: nothing to scan (and no Markdown rendered twice)
    linked = [field for field, text in texts.items() if _links_in(text)]
    if linked:
        message = _(
            "New accounts can't post links yet: remove the link, or post it after your first "
            "day and 3 contributions."
        )
        raise ValidationError({field: [message] for field in linked})


def _try_again(retry_at: float, now: float) -> str:
    moment = timezone.localtime(
        datetime.fromtimestamp(retry_at, tz=timezone.get_current_timezone())
    )
    minutes = max(1, math.ceil((retry_at - now) / 60))
    return ngettext(
        "Try again after %(time)s (in %(n)d minute).",
        "Try again after %(time)s (in %(n)d minutes).",
        minutes,
    ) % {"time": time_format(moment, "H:i"), "n": minutes}


def _describe(limit: limits.Limit) -> str:
    messages = {
        "new_post": _(
            "While your account is new you can post at most %(n)d proposals or comments an hour."
        ),
        "proposal": _("You can submit at most %(n)d proposals an hour."),
        "comment": _("You can post at most %(n)d comments an hour."),
        "support": _("You can support at most %(n)d proposals an hour."),
        "pledge": _("You can pledge at most %(n)d times an hour."),
        "report": _("You can report at most %(n)d things an hour."),
        "signup": _("At most %(n)d accounts can be created from one address an hour."),
        "login_name": _("Too many failed sign-ins with this name."),
        "login_ip": _("Too many failed sign-ins from your address."),
    }
    return messages[limit.bucket] % {"n": limit.most}


def _take(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _give_back(keys: list[str]) -> None:
    for key in keys:
        with suppress(ValueError):  # the window closed meanwhile: nothing to give back
            cache.decr(key)


def _subject(limit: limits.Limit, *, actor: Actor | None, ip: str, name: str) -> str:
    """Whom `limit` counts, as a cache-key part (a typed name hashed: any text may be typed)."""
    if limit.by == "name":
        return "name:" + hashlib.sha256(name.strip().casefold().encode()).hexdigest()[:32]
    if limit.by == "ip" or actor is None:
        return f"ip:{ip or 'unknown'}"
    return f"user:{actor.pk}"


def check_rate(
    *,
    actor: Actor | None,
    action: str,
    ip: str = "",
    name: str = "",
    texts: Mapping[str, str] | None = None,
    now: float | None = None,
) -> list[str]:
    """Count one `action` ("proposal", "comment", "support", "pledge", "report"; "signup" by
    `ip`; "login" by `ip` and the `name` tried) against every limit it falls under, or refuse
    it with a ValidationError saying when to try again (a refused attempt counts against
    nothing); refuse links in `texts` from a new account. Returns the counters taken from."""
    if action not in limits.ACTIONS:
        raise ValueError(f"unknown rate-limited action {action!r}")
    # Whether the account is new, asked once for both the link rule and the limits.
    new = (bool(texts) or action in limits.TRUST_LIMITED) and is_new_account(actor)
    if texts:
        _refuse_links(texts, new_account=new)
    now = time.time() if now is None else now
    taken: list[str] = []
    for limit in limits.limits_for(action, new_account=new):
        start = limits.window_start(now, limit.window_seconds)
        subject = _subject(limit, actor=actor, ip=ip, name=name)
        key = f"rate:{limit.bucket}:{subject}:{start}"
        taken.append(key)
        if _take(key, limit.window_seconds + 60) > limit.most:
            _give_back(taken)
            raise ValidationError(
                f"{_describe(limit)} {_try_again(start + limit.window_seconds, now)}"
            )
    return taken


@contextmanager
def rate_limited(
    *, actor: Actor, action: str, ip: str = "", texts: Mapping[str, str] | None = None
) -> Iterator[None]:
    """`check_rate` around a write: when the write is refused for another reason (a typo in the
    form, a design error) its count is given back, so fixing a mistake costs nothing."""
    taken = check_rate(actor=actor, action=action, ip=ip, texts=texts)
    try:
        yield
    except BaseException:
        _give_back(taken)
        raise


@contextmanager
def failures_limited(*, action: str, ip: str, name: str) -> Iterator[None]:
    """`check_rate` around an attempt that may fail, such as signing in: an attempt that fails
    (raises) keeps its count and one that succeeds gives it back, so only failures add up."""
    taken = check_rate(actor=None, action=action, ip=ip, name=name)
    yield
    _give_back(taken)
