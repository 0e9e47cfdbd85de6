"""Reads for merges: the links on a proposal page, the staff panel's choices, the likely
duplicates of a challenge. Each a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge
from cocreate.organizations.models import ProposalStatus, Stage
from cocreate.proposals.models import Proposal, Status
from cocreate.search.query import title_words
from cocreate.search.selectors import similar_proposals

from . import similarity
from .models import Merge

OPEN = (Status.PUBLISHED, Status.UNDER_REVIEW)
MAX_CANDIDATES = 300  # most supported open proposals the duplicate finder compares
MAX_TARGETS = 100  # most supported proposals the "Merge into" list offers beyond the likely
LIKELY = 5  # likely duplicates offered first
LINKS_SECONDS = 300
DUPLICATES_SECONDS = 600


def merged_status(*, organization_id: int) -> ProposalStatus | None:
    """The organization's status of the Merged stage (its first, if it made several)."""
    return ProposalStatus.objects.filter(
        organization_id=organization_id, stage=Stage.MERGED
    ).first()


@dataclass
class MergeLinks:
    """What a proposal's page says about merges: the proposal it was merged into (None when it
    is not merged; `into_hidden` when that one is hidden from this visitor), and those merged
    into it that this visitor may see."""

    into: Proposal | None = None
    into_hidden: bool = False
    includes: list[Proposal] = field(default_factory=list)


def merge_links(*, proposal: Proposal, user: Actor) -> MergeLinks:
    """The proposal it is merged into, or the listable ones merged into it (a merged proposal
    has none: merges never chain). One query, none while the challenge's `activity` stands
    (loaded with the page; a trigger bumps it whenever a proposal of the challenge is merged,
    unmerged, renamed or hidden), so a cached proposal page stays one query."""
    challenge = proposal.challenge
    key = (
        f"merge-links:{proposal.pk}:{challenge.pk}:{challenge.created_at.timestamp()}"
        f":{challenge.activity}:{proposal.merged_into_id}"
    )
    rows: list[dict[str, Any]] | None = cache.get(key)
    if rows is None:
        found = Proposal.objects.values("pk", "title", "hidden", "author_id")
        if proposal.merged_into_id is None:
            found = found.filter(merged_into=proposal).order_by("pk")
        else:
            found = found.filter(pk=proposal.merged_into_id)
        rows = [dict(row) for row in found]
        cache.set(key, rows, LINKS_SECONDS)
    if proposal.merged_into_id is None:
        return MergeLinks(includes=[_shown(row, challenge) for row in rows if not row["hidden"]])
    if not rows:
        return MergeLinks()
    into = _shown(rows[0], challenge)
    if not into.is_visible_to(user):
        return MergeLinks(into_hidden=True)
    return MergeLinks(into=into)


def _shown(row: dict[str, Any], challenge: Challenge) -> Proposal:
    """A proposal row as the links need it (its challenge is the page's)."""
    proposal = Proposal(
        pk=row["pk"], title=row["title"], hidden=row["hidden"], author_id=row["author_id"]
    )
    proposal.challenge = challenge
    return proposal


def proposal_for_staff(*, challenge: Challenge, pk: int) -> Proposal:
    """A proposal of `challenge` for its staff (hidden ones too), or a 404."""
    proposal = Proposal.objects.filter(challenge=challenge, pk=pk).first()
    if proposal is None:
        raise Http404
    proposal.challenge = challenge
    return proposal


def merge_target(*, challenge: Challenge, pk: int | None) -> Proposal | None:
    """The proposal chosen in "Merge into", if it is one of `challenge`'s (None otherwise: the
    service then says so on the field, without telling whether it exists elsewhere)."""
    if pk is None:
        return None
    return Proposal.objects.filter(challenge=challenge, pk=pk).first()


def live_merge(*, source: Proposal) -> Merge | None:
    """The merge `source` is in now, if any."""
    merge = Merge.objects.filter(source=source, undone_at=None).first()
    if merge is not None:
        merge.source = source
    return merge


@dataclass
class MergeChoices:
    """The staff panel's "Merge into" list: likely duplicates first, then the most supported
    open proposals; `blocked` says why this proposal can't be merged now (empty: it can)."""

    likely: list[Proposal]
    others: list[Proposal]
    selected: int | None
    template: str
    blocked: str = ""


def merge_choices(*, proposal: Proposal, selected: int | None) -> MergeChoices:
    """Four queries: the merged status's template, whether anything is merged into this
    proposal, the search's similar proposals (by title and design), and the eligible targets."""
    challenge = proposal.challenge
    status = merged_status(organization_id=challenge.organization_id)
    template = status.template if status is not None else ""
    if Merge.objects.filter(target=proposal, undone_at=None).exists():
        return MergeChoices([], [], None, template, blocked="targeted")
    similar = similar_proposals(
        challenge=challenge, title=proposal.title, design=proposal.design, limit=LIKELY + 1
    )
    likely_pks = [hit.pk for hit in similar if hit.pk != proposal.pk][:LIKELY]
    top = (
        Proposal.objects.filter(challenge=challenge, status__in=OPEN, merged_into=None)
        .listable()
        .order_by("-support_count", "-created_at", "-id")
        .values("pk")[:MAX_TARGETS]
    )
    named = [*likely_pks, *([selected] if selected is not None else [])]
    rows = list(
        Proposal.objects.filter(challenge=challenge, status__in=OPEN, merged_into=None)
        .listable()
        .exclude(pk=proposal.pk)
        .filter(Q(pk__in=named) | Q(pk__in=top))
        .only("pk", "title", "support_count", "created_at")
        .order_by("-support_count", "-created_at", "-id")
    )
    by_pk = {row.pk: row for row in rows}
    likely = [by_pk[pk] for pk in likely_pks if pk in by_pk]
    others = [row for row in rows if row.pk not in set(likely_pks)]
    chosen = selected if selected in by_pk else (likely[0].pk if likely else None)
    return MergeChoices(likely, others, chosen, template)


@dataclass(frozen=True)
class Duplicate:
    proposal: Proposal
    reason: str
    score: float


@dataclass(frozen=True)
class DuplicateGroup:
    """Proposals that are probably one idea: `target` (the most supported) and the others,
    each a "Merge B into A" suggestion."""

    target: Proposal
    others: list[Duplicate]


def likely_duplicates(*, challenge: Challenge, limit: int = 10) -> list[DuplicateGroup]:
    """Groups of likely duplicates among the challenge's MAX_CANDIDATES most supported open,
    listed, unmerged proposals (see `similarity` for the reasons and bounds), strongest first.
    Comparing 300 designs pairwise costs ~80 ms, so the groups are kept in the shared cache while
    the challenge's `activity` stands (a trigger bumps it on every write to its proposals: a
    new, changed, supported, answered, hidden or merged one); at most one query."""
    key = (
        f"duplicates:{challenge.pk}:{challenge.created_at.timestamp()}:{challenge.activity}:{limit}"
    )
    groups: list[DuplicateGroup] | None = cache.get(key)
    if groups is None:
        groups = _likely_duplicates(challenge, limit)
        cache.set(key, groups, DUPLICATES_SECONDS)
    return groups


def _likely_duplicates(challenge: Challenge, limit: int) -> list[DuplicateGroup]:
    rows = list(
        Proposal.objects.filter(challenge=challenge, status__in=OPEN, merged_into=None)
        .listable()
        .order_by("-support_count", "-created_at", "-id")
        .only("pk", "title", "design", "support_count", "created_at")[:MAX_CANDIDATES]
    )
    candidates = [
        similarity.Candidate(row.pk, frozenset(title_words(row.title)), row.design) for row in rows
    ]
    found = similarity.groups(candidates, similarity.pairs(candidates))
    found.sort(key=lambda group: (-group.members[0].score, group.target))
    return [
        DuplicateGroup(
            rows[group.target],
            [Duplicate(rows[pair.b], pair.reason, pair.score) for pair in group.members],
        )
        for group in found[: max(0, limit)]
    ]
