"""The demo's conversation: comments (some about one part of a design, some replies naming the
proposal's author), pledges, and a follow, on the most-supported proposals. Everything goes
through the services the pages use, so the notification tasks run as they would in production.
"""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.community.models import Comment, Stance
from cocreate.community.services import comment_create
from cocreate.notifications.services import follow_add
from cocreate.proposals.models import PledgeKind, Proposal, Status
from cocreate.proposals.services import pledge_set

from . import content

DISCUSSED = 12  # proposals with a conversation: the challenge's most supported
PLEDGED = 4


def discuss(
    challenge: Challenge, residents: list[Any], rng: random.Random, staff: Any = None
) -> int:
    """Add the conversation once (a challenge that already has comments is left as it is);
    `staff` (the organization's) joins the first few threads. Returns how many proposals were
    discussed."""
    if Comment.objects.filter(proposal__challenge=challenge).exists():
        return 0
    follow_add(actor=residents[0], target=challenge)
    top = list(
        challenge.proposals.filter(status=Status.PUBLISHED)
        .select_related("author")
        .order_by("-support_count", "pk")[:DISCUSSED]
    )
    configurator = toolkit_for(challenge).kind == "configurator"
    now = timezone.now()
    for done, proposal in enumerate(top, start=1):
        _conversation(proposal, residents, rng, configurator, now)
        if staff is not None and done <= len(content.STAFF_COMMENTS):
            body = content.STAFF_COMMENTS[done - 1].format(organization=challenge.organization)
            _dated(
                comment_create(actor=staff, proposal=proposal, body=body),
                proposal.created_at,
                now,
                rng,
            )
        if done <= PLEDGED:
            _pledges(proposal, residents, rng, now)
    return len(top)


def _dated(row: Any, after: datetime, now: datetime, rng: random.Random) -> datetime:
    """Date `row` (a comment or pledge) at a random moment between `after` and `now`, later
    rather than sooner (conversations pick up as a proposal gathers support)."""
    moment = after + (now - after) * (1 - rng.random() ** 2) * 0.95
    type(row).objects.filter(pk=row.pk).update(created_at=moment)
    return moment


def _others(residents: list[Any], proposal: Proposal, rng: random.Random, k: int) -> list[Any]:
    return rng.sample([p for p in residents if p.pk != proposal.author_id], k)


def _conversation(
    proposal: Proposal,
    residents: list[Any],
    rng: random.Random,
    configurator: bool,
    now: datetime,
) -> None:
    """Comments whose stance is the stance of their words, and the author's replies: one per
    comment at most, each different, after the comment it answers."""
    parts = proposal.design.get("parts") or []
    pool = content.CARGO_COMMENTS if configurator else content.COMMENTS
    replies = {stance: rng.sample(texts, len(texts)) for stance, texts in content.REPLIES.items()}
    said: set[str] = set()
    for person in _others(residents, proposal, rng, rng.randint(2, 5)):
        stance = rng.choice([Stance.FOR, Stance.FOR, Stance.NEUTRAL, Stance.AGAINST])
        index = rng.randrange(len(parts)) if parts and rng.random() < 0.5 else None
        remark = content.PART_REMARKS.get(parts[index]["type"]) if index is not None else None
        if remark is not None and remark[1] not in said:
            stance, body = Stance(remark[0]), remark[1]
        else:
            fresh = [text for text in pool[stance] if text not in said]
            if not fresh:
                continue
            index, body = None, rng.choice(fresh)
        said.add(body)
        # A question asks for no side: some leave the stance out.
        tagged = "" if stance == Stance.NEUTRAL and rng.random() < 0.5 else stance
        comment = comment_create(
            actor=person, proposal=proposal, body=body, stance=tagged, part=index
        )
        at = _dated(comment, proposal.created_at, now, rng)
        if replies[stance] and rng.random() < 0.4:
            reply = replies[stance].pop().format(author=comment.author.username)
            answer = comment_create(
                actor=proposal.author, proposal=proposal, body=reply, parent=comment
            )
            _dated(answer, at, now, rng)


def _pledges(proposal: Proposal, residents: list[Any], rng: random.Random, now: datetime) -> None:
    for person in _others(residents, proposal, rng, 3):
        kind = rng.choice([PledgeKind.HOURS, PledgeKind.HOURS, PledgeKind.MONEY])
        amount = Decimal(rng.choice([4, 8, 20])) if kind == PledgeKind.HOURS else Decimal(50)
        pledge = pledge_set(actor=person, proposal=proposal, kind=kind, amount=amount)
        _dated(pledge, proposal.created_at, now, rng)
