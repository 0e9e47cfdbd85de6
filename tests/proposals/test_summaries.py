"""Change summaries are written with the proposal and rewritten when the baseline changes."""

from __future__ import annotations

import copy
import importlib

from django.apps import apps as django_apps

from cocreate.challenges.models import Challenge
from cocreate.challenges.services import challenge_baseline_set
from cocreate.design.summary import SAME
from cocreate.proposals.models import Proposal
from cocreate.proposals.services import proposal_summaries_refresh

from ..factories import make_proposal


def tree_design(challenge: Challenge) -> dict:
    """The baseline with a tree taking 0.6 m of the first drive lane."""
    design = copy.deepcopy(challenge.baseline)
    design["parts"][2]["width"] = round(design["parts"][2]["width"] - 0.6, 2)
    design["parts"].insert(2, {"type": "sidewalk-tree", "width": 0.6})
    return design


def test_a_proposal_is_written_with_its_summary(challenge, resident):
    same = make_proposal(challenge, resident)
    treed = make_proposal(challenge, resident, design=tree_design(challenge))
    assert same.change_summary == SAME
    assert treed.change_summary == "+Tree, drive lane \u22120.6\u00a0m"
    stored = Proposal.objects.values_list("change_summary", flat=True).get(pk=treed.pk)
    assert stored == treed.change_summary


def test_a_new_baseline_rewrites_its_proposals_summaries_once_it_commits(
    challenge, owner, resident, django_capture_on_commit_callbacks
):
    same = make_proposal(challenge, resident)
    treed = make_proposal(challenge, resident, design=tree_design(challenge))
    activity = Challenge.objects.values_list("activity", flat=True).get(pk=challenge.pk)
    with django_capture_on_commit_callbacks(execute=True):
        challenge_baseline_set(actor=owner, challenge=challenge, design=tree_design(challenge))
    same.refresh_from_db()
    treed.refresh_from_db()
    assert treed.change_summary == SAME
    assert same.change_summary == "\u2212Tree, drive lane +0.6\u00a0m"
    # The cached cards showing them are out of date: the card counter saw the change.
    assert Challenge.objects.values_list("activity", flat=True).get(pk=challenge.pk) > activity


def test_refreshing_unchanged_summaries_writes_nothing(challenge, resident):
    make_proposal(challenge, resident)
    make_proposal(challenge, resident, design=tree_design(challenge))
    assert proposal_summaries_refresh(challenge_id=challenge.pk) == 0
    Proposal.objects.filter(challenge=challenge).update(change_summary="")
    assert proposal_summaries_refresh(challenge_id=challenge.pk) == 2
    summaries = set(Proposal.objects.values_list("change_summary", flat=True))
    assert summaries == {SAME, "+Tree, drive lane \u22120.6\u00a0m"}


def test_the_migration_fills_the_summaries_of_stored_proposals(challenge, resident):
    make_proposal(challenge, resident, design=tree_design(challenge))
    Proposal.objects.update(change_summary="")
    migration = importlib.import_module("cocreate.proposals.migrations.0012_change_summary")
    migration.fill_summaries(django_apps, None)
    assert list(Proposal.objects.values_list("change_summary", flat=True)) == [
        "+Tree, drive lane \u22120.6\u00a0m"
    ]
