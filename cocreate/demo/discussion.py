"""The demo's conversation: comments (some about one part of a design, some replies naming the
proposal's author), pledges, and a follow, on the most-supported proposals. Everything goes
through the services the pages use, so the notification tasks run as they would in production.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

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


def discuss(challenge: Challenge, residents: list[Any], rng: random.Random) -> int:
    """Add the conversation once (a challenge that already has comments is left as it is);
    returns how many proposals were discussed."""
    if Comment.objects.filter(proposal__challenge=challenge).exists():
        return 0
    follow_add(actor=residents[0], target=challenge)
    top = list(
        challenge.proposals.filter(status=Status.PUBLISHED)
        .select_related("author")
        .order_by("-support_count", "pk")[:DISCUSSED]
    )
    configurator = toolkit_for(challenge).kind == "configurator"
    for done, proposal in enumerate(top, start=1):
        _conversation(proposal, residents, rng, configurator)
        if done <= PLEDGED:
            _pledges(proposal, residents, rng)
    return len(top)


def _others(residents: list[Any], proposal: Proposal, rng: random.Random, k: int) -> list[Any]:
    return rng.sample([p for p in residents if p.pk != proposal.author_id], k)


def _conversation(
    proposal: Proposal, residents: list[Any], rng: random.Random, configurator: bool
) -> None:
    parts = proposal.design.get("parts") or []
    for person in _others(residents, proposal, rng, rng.randint(2, 5)):
        stance = rng.choice([Stance.FOR, Stance.FOR, Stance.NEUTRAL, Stance.AGAINST, ""])
        if parts and rng.random() < 0.5:
            index = rng.randrange(len(parts))
            kind = parts[index].get("type", "")
            body = content.PART_REMARKS.get(kind, content.PART_REMARK_DEFAULT)
            comment = comment_create(
                actor=person, proposal=proposal, body=body, stance=stance, part=index
            )
        else:
            pool = content.CARGO_COMMENTS if configurator else content.COMMENTS
            comment = comment_create(
                actor=person, proposal=proposal, body=rng.choice(pool), stance=stance
            )
        if rng.random() < 0.4:
            reply = rng.choice(content.REPLIES).format(author=comment.author.username)
            comment_create(actor=proposal.author, proposal=proposal, body=reply, parent=comment)


def _pledges(proposal: Proposal, residents: list[Any], rng: random.Random) -> None:
    for person in _others(residents, proposal, rng, 3):
        kind = rng.choice([PledgeKind.HOURS, PledgeKind.HOURS, PledgeKind.MONEY])
        amount = Decimal(rng.choice([4, 8, 20])) if kind == PledgeKind.HOURS else Decimal(50)
        pledge_set(actor=person, proposal=proposal, kind=kind, amount=amount)
