"""The demo's merged duplicates: pairs of Dominion Road proposals that ask for the same thing
(by default the same title) with the most alike designs, the less supported merged into the
other with a public answer that says why. Through the merge service, as staff would."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from itertools import combinations

from cocreate.challenges.models import Challenge
from cocreate.merges.models import Merge
from cocreate.merges.services import proposal_merge
from cocreate.organizations.models import Membership, Role
from cocreate.proposals.models import Proposal, Status
from cocreate.search.similarity import design_similarity


def _title(proposal: Proposal) -> str:
    return proposal.title


OPEN = (Status.PUBLISHED, Status.UNDER_REVIEW)
COMPARED = 12  # most supported proposals of a group compared pairwise
ANSWER = (
    "“{b}” asks for the same change as “{a}” (#{a_pk}), and the two streets are {alike}% alike, "
    "so we answer them together there. Its supporters, pledges and followers have moved to "
    "#{a_pk}; this discussion stays here and is linked from there."
)


def merge_duplicates(
    challenge: Challenge, *, pairs: int = 2, same: Callable[[Proposal], Hashable] = _title
) -> list[Merge]:
    """Merge `pairs` pairs of truly similar proposals of `challenge` (idempotent: a challenge
    that already has that many live merges keeps them). Each pair asks for the `same` thing (by
    default: shares its title) and has the most alike designs of any such pair; no proposal is
    in two pairs."""
    live = list(
        Merge.objects.filter(source__challenge=challenge, undone_at=None).order_by("created_at")
    )
    if len(live) >= pairs:
        return live
    staff = (
        Membership.objects.filter(organization_id=challenge.organization_id, role=Role.OWNER)
        .select_related("user")
        .first()
    )
    if staff is None:
        return live
    taken = {m.source_id for m in live} | {m.target_id for m in live}
    rows = (
        Proposal.objects.filter(challenge=challenge, status__in=OPEN, merged_into=None)
        .listable()
        .exclude(pk__in=taken)
        .order_by("-support_count", "created_at", "pk")
    )
    by_title: dict[Hashable, list[Proposal]] = defaultdict(list)
    for row in rows:
        by_title[same(row)].append(row)
    found: list[tuple[float, Proposal, Proposal]] = []
    for group in by_title.values():
        # A group's first proposal is its most supported: the one to merge into. Only the most
        # supported few are compared, as a team would (and pairs grow with the square).
        found.extend(
            (design_similarity(a.design, b.design), a, b)
            for a, b in combinations(group[:COMPARED], 2)
        )
    found.sort(key=lambda item: (-item[0], item[1].pk, item[2].pk))
    asked: set[Hashable] = set()
    for alike, a, b in found:
        if len(live) >= pairs:
            break
        if a.pk in taken or b.pk in taken or same(a) in asked:
            continue
        answer = ANSWER.format(a=a.title, b=b.title, a_pk=a.pk, alike=round(alike * 100))
        b.challenge = a.challenge = challenge
        live.append(proposal_merge(actor=staff.user, source=b, target=a, answer=answer))
        taken |= {a.pk, b.pk}
        asked.add(same(a))
    return live
