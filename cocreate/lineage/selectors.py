"""Reads for remix trees and comparisons, in a constant number of queries whatever the tree size.

A lineage is read in two queries: the challenge's (id, parent_id) pairs (two integers a row,
through the challenge index), from which the ancestors and descendants are found in Python, then
the card fields of just the proposals in the tree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import Http404

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


@dataclass(slots=True)
class TreeRow:
    """One node of the drawn tree, in depth-first order. The baseline is depth 0 and has no
    proposal. ``closes`` is how many nested lists end after this node (for a flat template)."""

    proposal: Proposal | None
    depth: int
    has_children: bool = False
    closes: range = field(default_factory=lambda: range(0))
    current: bool = False


@dataclass(slots=True)
class Lineage:
    proposal: Proposal
    ancestors: list[Proposal]  # oldest first (the remix of the baseline first)
    rows: list[TreeRow]
    descendant_count: int


def lineage_of(*, challenge: Challenge, pk: int) -> Lineage:
    """``pk``'s ancestors up to the baseline and all its descendants, as a tree: two queries.
    404 when the proposal is not in this challenge."""
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
        for p in Proposal.objects.filter(challenge=challenge, pk__in=seen)
        .select_related("author")
        .only(*CARD_FIELDS)
    }
    base = len(ancestor_ids) + 1  # depth of pk (the baseline is 0)
    order: list[tuple[Proposal | None, int]] = [(None, 0)]
    order += [(cards[a], d) for d, a in enumerate(ancestor_ids, start=1)]
    order.append((cards[pk], base))
    order += [(cards[node], base + depth) for node, depth in below]
    rows: list[TreeRow] = []
    for n, (proposal, depth) in enumerate(order):
        next_depth = order[n + 1][1] if n + 1 < len(order) else 0
        has_children = next_depth > depth
        rows.append(
            TreeRow(
                proposal=proposal,
                depth=depth,
                has_children=has_children,
                closes=range(0 if has_children else depth - next_depth),
                current=proposal is not None and proposal.pk == pk,
            )
        )
    return Lineage(
        proposal=cards[pk],
        ancestors=[cards[a] for a in ancestor_ids],
        rows=rows,
        descendant_count=len(below),
    )


def proposals_for_compare(*, challenge: Challenge, ids: Iterable[int]) -> dict[int, Proposal]:
    """The proposals to compare, with their designs and stored drawings: one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {
        p.pk: p
        for p in Proposal.objects.filter(challenge=challenge, pk__in=wanted)
        .select_related("author")
        .only(*COMPARE_FIELDS)
    }


def compare_choices(*, challenge: Challenge, limit: int = CHOICES_LIMIT) -> list[tuple[int, str]]:
    """(id, title) of the newest proposals, for the compare form's menus: one query."""
    return list(
        Proposal.objects.filter(challenge=challenge)
        .order_by("-created_at", "-id")
        .values_list("id", "title")[:limit]
    )
