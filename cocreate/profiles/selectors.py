"""Reads for people's public pages: only what the viewer may find in lists."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict, cast

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django_stubs_ext import WithAnnotations

from cocreate.accounts.actors import Actor
from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.community.models import Comment
from cocreate.proposals.models import Proposal

PROPOSALS_SHOWN = 100
COMMENTS_PER_PAGE = 20
EXCERPT_CHARS = 240
# Offsets past this are refused rather than handed to the database (SQLite's OFFSET is 64-bit).
MAX_COMMENT_PAGE = 10_000


def profile_for_view(*, username: str, viewer: Actor) -> User:
    """A person's page: 404 when there is no such person or they keep it private (they always
    see their own)."""
    person = User.objects.filter(username=username, is_active=True).first()
    if person is None or (not person.profile_public and person.pk != viewer.pk):
        raise Http404
    return person


@dataclass(frozen=True, slots=True)
class ProfileProposals:
    """The newest originals and remixes (up to PROPOSALS_SHOWN each) and how many of each
    there are in all, so the headings stay true for prolific people."""

    originals: Sequence[Proposal]
    remixes: Sequence[Proposal]
    originals_total: int
    remixes_total: int


class _Ranked(TypedDict):
    rank: int
    kind_total: int


def profile_proposals(*, person: User, viewer: Actor) -> ProfileProposals:
    """The person's listable proposals in challenges listed to the viewer (never an unlisted or
    private one they could not find by themselves); one query: window functions rank and count
    each kind."""
    remix = ExpressionWrapper(Q(parent__isnull=False), output_field=BooleanField())
    # The stubs drop annotations on a custom query set's annotate(); the cast restores them.
    rows = cast("list[WithAnnotations[Proposal, _Ranked]]", list(
        Proposal.objects.listable()
        .filter(author=person, challenge__in=Challenge.objects.listed_to(viewer))
        .select_related("challenge")
        .only(
            "id", "title", "status", "support_count", "created_at", "thumbnail_svg", "parent_id",
            "change_summary", "challenge__slug", "challenge__title",
        )
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[remix], order_by=[F("created_at").desc(), F("id").desc()]
            ),
            kind_total=Window(Count("pk"), partition_by=[remix]),
        )
        .filter(rank__lte=PROPOSALS_SHOWN)
        .order_by("-created_at", "-id")
    ))  # fmt: skip
    originals = [p for p in rows if p.parent_id is None]
    remixes = [p for p in rows if p.parent_id is not None]
    return ProfileProposals(
        originals=originals,
        remixes=remixes,
        originals_total=originals[0].kind_total if originals else 0,
        remixes_total=remixes[0].kind_total if remixes else 0,
    )


@dataclass(frozen=True, slots=True)
class CommentPage:
    """One page of a person's comments, newest first; `has_next` says whether older exist."""

    items: list[Comment]
    number: int
    has_next: bool


def excerpt(body_html: str) -> str:
    """Plain text of the stored sanitized HTML, cut to a card's length (the page escapes it)."""
    text = " ".join(html.unescape(strip_tags(body_html)).split())
    return Truncator(text).chars(EXCERPT_CHARS)


def profile_comments(*, person: User, viewer: Actor, page: int = 1) -> CommentPage:
    """The person's comments the viewer may see, newest first, one query (a page and one row
    more, so no count): never a comment moderation hid, one on a hidden proposal, or one in a
    challenge not listed to the viewer."""
    start = (page - 1) * COMMENTS_PER_PAGE
    listed = Challenge.objects.listed_to(viewer)
    rows = list(
        Comment.objects.filter(author=person, proposal__challenge__in=listed)
        .listable()
        .select_related("proposal__challenge")
        .only(
            "id", "body_html", "created_at", "proposal__id", "proposal__title",
            "proposal__challenge__id", "proposal__challenge__slug",
            "proposal__challenge__title",
        )
        .order_by("-created_at", "-id")[start : start + COMMENTS_PER_PAGE + 1]
    )  # fmt: skip
    for row in rows:
        row.excerpt = excerpt(row.body_html)  # type: ignore[attr-defined]
    return CommentPage(
        items=rows[:COMMENTS_PER_PAGE], number=page, has_next=len(rows) > COMMENTS_PER_PAGE
    )
