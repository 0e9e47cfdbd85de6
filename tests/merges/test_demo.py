"""The demo's merged duplicates: same titles, most alike designs, idempotent."""

from __future__ import annotations

from cocreate.decisions.models import Decision
from cocreate.demo.merges import merge_duplicates
from cocreate.proposals.models import Proposal

from ..factories import make_proposal


def test_two_pairs_of_look_alikes_are_merged_once(challenge, resident, other):
    lanes = [make_proposal(challenge, resident, title="Protected bike lanes") for _ in range(3)]
    trees = [make_proposal(challenge, other, title="Trees please") for _ in range(2)]
    make_proposal(challenge, other, title="Alone")
    merges = merge_duplicates(challenge)
    assert len(merges) == 2
    for merge in merges:
        assert merge.source.title == merge.target.title
        answer = Decision.objects.get(proposal=merge.source).answer
        assert f"#{merge.target_id}" in answer and merge.source.title in answer
    merged = set(Proposal.objects.exclude(merged_into=None).values_list("pk", flat=True))
    assert len(merged) == 2 and merged <= {p.pk for p in lanes + trees}
    assert merge_duplicates(challenge) == merges  # a second run changes nothing
