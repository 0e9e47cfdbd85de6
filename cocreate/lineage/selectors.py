"""Reads for remix trees and comparisons, in a constant number of queries whatever the tree size.

A lineage is read in two queries: the challenge's (id, parent_id) pairs (two integers a row,
through the challenge index), from which the ancestors and descendants are found in Python, then
the card fields of just the proposals in the tree that the viewer may open. A proposal they may
not open (hidden by moderation) is drawn as a nameless placeholder where the tree needs it to
join its visible remixes to their ancestors, and left out where it is a leaf.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import Http404

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.proposals.models import Proposal

CARD_FIELDS = (
    "id",
    "challenge_id",
    "parent_id",
    "title",
    "status",
    "support_count",
    "created_at",
    "thumbnail_svg",
    "change_summary",
    "author__id",
    "author__username",
)
COMPARE_FIELDS = (
    "id",
    "challenge_id",
    "parent_id",
    "title",
    "design",
    "toolkit_version",
    "svg",
    "author__id",
    "author__username",
)
CHOICES_LIMIT = 300


BASELINE = "baseline"


@dataclass(slots=True)
class TreeRow:
    """One node of the drawn tree, in depth-first order. The baseline is depth 0 and has no
    proposal; neither has a placeholder (``hidden``). ``closes`` is how many nested lists end
    after this node (for a flat template); ``compare_with`` is what its "Compare with its
    parent" link compares it with (a proposal id or BASELINE; None: no link)."""

    proposal: Proposal | None
    depth: int
    has_children: bool = False
    closes: range = field(default_factory=lambda: range(0))
    current: bool = False
    hidden: bool = False
    compare_with: int | str | None = None


@dataclass(slots=True)
class Lineage:
    proposal: Proposal
    ancestors: list[Proposal]  # oldest first (the remix of the baseline first)
    rows: list[TreeRow]
    descendant_count: int


def lineage_of(*, challenge: Challenge, pk: int, user: Actor) -> Lineage:
    """``pk``'s ancestors up to the baseline and all its descendants, as a tree: two queries.
    404 when the proposal is not in this challenge or ``user`` may not open it."""
    parent_of: dict[int, int | None] = dict(
        Proposal.objects.filter(challenge=challenge).values_list("id", "parent_id")
    )
    if pk not in parent_of:
        raise Http404
    children: defaultdict[int, list[int]] = defaultdict(list)
    for child, parent in parent_of.items():
        if parent is not None and parent in parent_of:
            children[parent].append(child)
    for kids in children.values():
        kids.sort()  # oldest remix first: ids grow with creation
    ancestor_ids: list[int] = []
    seen = {pk}
    up = parent_of[pk]
    while up is not None and up in parent_of and up not in seen:  # a parent elsewhere = baseline
        ancestor_ids.append(up)
        seen.add(up)
        up = parent_of[up]
    ancestor_ids.reverse()
    # Depth-first over the descendants, iteratively (a long remix chain must not recurse).
    below: list[tuple[int, int]] = []  # (id, depth below pk)
    stack = [(kid, 1) for kid in reversed(children.get(pk, []))]
    while stack:
        node, depth = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        below.append((node, depth))
        stack.extend((kid, depth + 1) for kid in reversed(children.get(node, [])))
    cards = {
        p.pk: p
        for p in Proposal.objects.visible_to(user)
        .filter(challenge=challenge, pk__in=seen)
        .select_related("author")
        .only(*CARD_FIELDS)
    }
    if pk not in cards:
        raise Http404
    below = _pruned(below, parent_of, shown=cards.keys(), root=pk)
    base = len(ancestor_ids) + 1  # depth of pk (the baseline is 0)
    order: list[tuple[int | None, int]] = [(None, 0)]
    order += [(a, d) for d, a in enumerate(ancestor_ids, start=1)]
    order.append((pk, base))
    order += [(node, base + depth) for node, depth in below]
    rows: list[TreeRow] = []
    for n, (at, depth) in enumerate(order):
        next_depth = order[n + 1][1] if n + 1 < len(order) else 0
        has_children = next_depth > depth
        proposal = cards.get(at) if at is not None else None
        rows.append(
            TreeRow(
                proposal=proposal,
                depth=depth,
                has_children=has_children,
                closes=range(0 if has_children else depth - next_depth),
                current=at == pk,
                hidden=at is not None and proposal is None,
                compare_with=_compare_with(proposal, cards),
            )
        )
    return Lineage(
        proposal=cards[pk],
        ancestors=[cards[a] for a in ancestor_ids if a in cards],
        rows=rows,
        descendant_count=sum(1 for node, _depth in below if node in cards),
    )


def _pruned(
    below: list[tuple[int, int]],
    parent_of: dict[int, int | None],
    *,
    shown: Iterable[int],
    root: int,
) -> list[tuple[int, int]]:
    """The descendants worth drawing: those the viewer may open, and the placeholders joining
    them to ``root``; a hidden proposal with nothing visible below it is left out."""
    needed: set[int] = set()
    for node in shown:
        while node is not None and node != root and node not in needed:
            needed.add(node)
            node = parent_of[node]  # type: ignore[assignment]
    return [(node, depth) for node, depth in below if node in needed]


def _compare_with(proposal: Proposal | None, cards: dict[int, Proposal]) -> int | str | None:
    if proposal is None:
        return None
    if proposal.parent_id is None:
        return BASELINE
    return proposal.parent_id if proposal.parent_id in cards else None


def proposals_for_compare(
    *, challenge: Challenge, ids: Iterable[int], user: Actor
) -> dict[int, Proposal]:
    """The proposals to compare that ``user`` may open, with their designs and stored
    drawings: one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {
        p.pk: p
        for p in Proposal.objects.visible_to(user)
        .filter(challenge=challenge, pk__in=wanted)
        .select_related("author")
        .only(*COMPARE_FIELDS)
    }


def compare_choices(
    *, challenge: Challenge, limit: int = CHOICES_LIMIT
) -> list[tuple[int, str, str]]:
    """(id, title, author's username) of the newest listable proposals, for the compare form's
    pickers: one query."""
    return list(
        Proposal.objects.filter(challenge=challenge)
        .listable()
        .order_by("-created_at", "-id")
        .values_list("id", "title", "author__username")[:limit]
    )
