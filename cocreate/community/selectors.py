"""Reads of the discussion; each owns its joins, so the proposal page stays at a constant count."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import rules
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.design import DesignError, SectionGeometry, section_geometry
from cocreate.proposals.models import Proposal

from .anchors import anchor_index, part_markers
from .models import EDIT_WINDOW, Comment, Stance

_FIELDS = (
    "id",
    "proposal_id",
    "parent_id",
    "depth",
    "body_html",
    "stance",
    "part_index",
    "part_id",
    "part_type",
    "created_at",
    "edited_at",
    "hidden",
    "author__id",
    "author__username",
)


@dataclass(frozen=True, slots=True)
class PartOption:
    index: int  # 0-based position in the design
    number: int  # 1-based, as people count
    label: str  # "Part 3: Drive lane"


def comments_for(*, proposal: Proposal) -> list[Comment]:
    """The whole thread as a flat list in display order (each reply right after its parent,
    oldest first at every level), one query whatever its size."""
    rows = list(
        Comment.objects.filter(proposal=proposal)
        .select_related("author")
        .only(*_FIELDS)
        .order_by("created_at", "id")
    )
    children: dict[int | None, list[Comment]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    ordered: list[Comment] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        comment = stack.pop()
        ordered.append(comment)
        stack.extend(reversed(children.get(comment.pk, [])))
    return ordered


def comment_counts_by_part(*, proposal: Proposal) -> dict[int, int]:
    """Visible comments per anchored part (0-based index -> count), one query."""
    rows = (
        Comment.objects.filter(proposal=proposal, hidden=False, part_index__isnull=False)
        .values("part_index")
        .annotate(n=Count("id"))
        .order_by("part_index")
    )
    return {row["part_index"]: row["n"] for row in rows}


def comment_for_view(*, proposal: Proposal, pk: int) -> Comment:
    comment = Comment.objects.filter(proposal=proposal, pk=pk).first()
    if comment is None:
        raise Http404
    return comment


def part_options(
    *, proposal: Proposal, challenge: Challenge, geometry: SectionGeometry | None = None
) -> list[PartOption]:
    """Each part of the proposal's design as "Part N: Label", labelled as the page draws it
    (migrated to today's toolkit, whose steps rename parts but never add or drop one); none for
    configurators. No query."""
    geometry = geometry or drawing_geometry(proposal=proposal, challenge=challenge)
    if geometry is None:
        return []
    return [
        PartOption(
            index=part.index,
            number=part.index + 1,
            label=_("Part %(n)s: %(label)s") % {"n": part.index + 1, "label": part.label},
        )
        for part in geometry.parts
    ]


def drawing_geometry(*, proposal: Proposal, challenge: Challenge) -> SectionGeometry | None:
    """Where the proposal page draws each part (the design migrated to the challenge's toolkit
    version, as the page shows it); None for a configurator or a design the engine refuses.
    No query."""
    try:
        return section_geometry(toolkit_for(challenge), proposal.design)
    except DesignError:
        return None


def discussion_context(*, proposal: Proposal, challenge: Challenge, user: Actor) -> dict[str, Any]:
    """What community/comments.html and the markers over the drawing need: one query for the
    thread (plus, for a signed-in person in a phase that does not open commenting, the
    memoised membership lookup)."""
    comments = comments_for(proposal=proposal)
    geometry = drawing_geometry(proposal=proposal, challenge=challenge)
    options = part_options(proposal=proposal, challenge=challenge, geometry=geometry)
    by_index = {option.index: option for option in options}
    now = timezone.now()
    for comment in comments:
        index = anchor_index(comment, geometry)
        option = by_index.get(index) if index is not None else None
        comment.anchor_index = index  # type: ignore[attr-defined]
        comment.part_label = option.label if option else ""  # type: ignore[attr-defined]
        comment.editable = (  # type: ignore[attr-defined]
            user.is_authenticated
            and comment.author_id == user.pk
            and now - comment.created_at <= EDIT_WINDOW
        )
    counts = Counter(
        c.anchor_index  # type: ignore[attr-defined]
        for c in comments
        if c.anchor_index is not None and not c.hidden  # type: ignore[attr-defined]
    )
    return {
        "comments": comments,
        "comment_total": sum(1 for c in comments if not c.hidden),
        "comment_parts": options,
        "comment_part_counts": [
            {"option": by_index[i], "count": n} for i, n in sorted(counts.items()) if i in by_index
        ],
        "part_markers": part_markers(comments, geometry),
        "stances": Stance.choices,
        "can_comment": rules.has_perm("challenges.comment", user, challenge),
    }
