"""The seeded demo agrees with itself: each proposal's title and reason speak of what its design
changes against the proposed design, designs are plausible streets and differ, titles are
unique, comments' stances match their words, every date is in order, the demo's accounts
are established members, and the planted lead users are first with their ideas. One seed for
the module (seeding is the slow part)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

import pytest
from django.db import transaction
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.community.models import Comment, Stance
from cocreate.demo import content
from cocreate.demo.camps import LEADS, marks
from cocreate.demo.insights import compute_demo_insights
from cocreate.demo.seed import seed
from cocreate.demo.street import WORDS
from cocreate.design.diff import diff_designs
from cocreate.insights.models import Report
from cocreate.moderation.rates import is_new_account
from cocreate.proposals.models import Pledge, Proposal, Support

PEOPLE, PROPOSALS = 8, 30
# Each test's own transaction nests in the module's, which holds the seed (and asks pytest-django
# for the test database even when this module runs alone).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[Challenge]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed(people=PEOPLE, proposals=PROPOSALS)
        transaction.set_rollback(True)


def _proposals(slug: str) -> list[Proposal]:
    return list(Proposal.objects.filter(challenge__slug=slug).select_related("challenge"))


def _mentions(text: str, part_type: str) -> bool:
    return any(word in text.lower() for word in WORDS[part_type])


def test_each_street_proposal_says_what_its_design_changes(demo):
    toolkit = toolkit_for(demo)
    proposals = _proposals("dominion-road")
    assert len(proposals) == PROPOSALS
    for proposal in proposals:
        diff = diff_designs(toolkit, demo.baseline, proposal.design)
        assert not diff["same"], proposal.title
        words = f"{proposal.title} {proposal.rationale}"
        changed = {row["type"] for row in diff["parts"]}
        assert any(_mentions(words, kind) for kind in changed), (proposal.title, changed)
        # A part added or taken away is always named (a bike lane, a buffer, a traffic lane).
        for row in diff["parts"]:
            if {"added", "removed", "retyped"} & set(row["changes"]):
                assert _mentions(words, row["type"]), (proposal.rationale, row["type"])
        # ...and nothing the design lacks is praised: no buffer talk without a buffer.
        types = {part["type"] for part in proposal.design["parts"]}
        if "buffer" in proposal.rationale.lower():
            assert "divider" in types, proposal.rationale


def test_each_bike_says_which_choices_it_changes(demo):
    toolkit = toolkit_for(Challenge.objects.get(slug="cargo-bike"))
    proposals = _proposals("cargo-bike")
    assert proposals
    for proposal in proposals:
        diff = diff_designs(toolkit, toolkit.baseline, proposal.design)
        reason = proposal.rationale.lower()
        assert diff["choices"] or diff["parameters"]
        for row in diff["choices"]:
            assert row["to_label"].lower() in reason, (reason, row)
        for row in diff["parameters"]:
            assert f"{row['to']:,}" in reason or (row["to"] == 0 and "no " in reason), row


def test_designs_are_plausible_streets_and_differ(demo):
    proposals = _proposals("dominion-road")
    for proposal in proposals:
        types = [part["type"] for part in proposal.design["parts"]]
        assert types[0] == types[-1] == "sidewalk"
        assert ("sidewalk", "sidewalk") not in set(pairwise(types)), types
        assert proposal.evaluation["valid"], proposal.title
    designs = Counter(str(p.design["parts"]) for p in proposals)
    assert len(designs) >= len(proposals) * 0.6  # not one colour strip over and over


def test_titles_never_repeat(demo):
    titles = list(Proposal.objects.values_list("title", flat=True))
    assert len(titles) > PROPOSALS
    assert len(set(titles)) == len(titles), Counter(titles).most_common(3)


def test_comment_stances_match_their_words(demo):
    comments = list(Comment.objects.all())
    stances = Counter(c.stance for c in comments)
    assert stances[Stance.FOR] and stances[Stance.AGAINST]
    general = {s: content.COMMENTS[s] + content.CARGO_COMMENTS[s] for s in content.COMMENTS}
    for comment in comments:
        body = comment.body
        if comment.stance == Stance.FOR:
            assert not any(word in body for word in content.AGAINST_WORDS), body
            assert body not in general["against"] + general["neutral"], body
        elif comment.stance == Stance.AGAINST:
            assert not any(word in body for word in content.FOR_WORDS), body
            assert body not in general["for"] + general["neutral"], body
        else:  # a question, a reply or the organization's note takes no side
            words = content.FOR_WORDS + content.AGAINST_WORDS
            assert not any(word in body for word in words), body


def test_no_proposal_hears_the_same_words_twice(demo):
    bodies = Counter(Comment.objects.values_list("proposal_id", "body"))
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert max(bodies.values()) == 1, bodies.most_common(2)


def test_every_date_is_in_order(demo):
    now = timezone.now()
    for challenge in Challenge.objects.filter(slug__in=["dominion-road", "cargo-bike"]):
        assert challenge.published_at is not None
        assert challenge.created_at <= challenge.published_at <= now - timezone.timedelta(days=7)
        for proposal in challenge.proposals.select_related("parent"):
            assert challenge.published_at <= proposal.created_at <= now
            if proposal.parent is not None:
                assert proposal.parent.created_at < proposal.created_at
    for comment in Comment.objects.select_related("proposal", "parent"):
        assert comment.proposal.created_at <= comment.created_at <= now
        if comment.parent is not None:
            assert comment.parent.created_at < comment.created_at
    for row in [
        *Support.objects.select_related("proposal"),
        *Pledge.objects.select_related("proposal"),
    ]:
        assert row.proposal.created_at <= row.created_at <= now
    # Spread over the challenge's timeline: not all in the last hour.
    comments = Comment.objects.filter(proposal__challenge=demo)
    assert comments.filter(created_at__lt=now - timezone.timedelta(days=1)).exists()


def test_demo_accounts_are_established_members(demo):
    day_ago = timezone.now() - timezone.timedelta(days=1)
    assert not User.objects.filter(date_joined__gt=day_ago).exists()
    residents = list(User.objects.filter(username__startswith="resident"))
    assert len(residents) == PEOPLE
    for user in [*residents, User.objects.get(email="staff@at.example.org")]:
        assert not is_new_account(user), user.username


def test_the_seeded_lead_users_are_first_with_their_ideas(demo):
    proposals = list(
        Proposal.objects.filter(challenge=demo).select_related("author").order_by("created_at")
    )
    for lead in LEADS:
        carrying = [p for p in proposals if lead.mark in marks(p.design)]
        assert carrying, lead.username
        assert carrying[0].author.username == lead.username


def test_the_demo_computes_its_insights(demo):
    cargo = Challenge.objects.get(slug="cargo-bike")
    assert compute_demo_insights([demo, cargo], public=demo) == 2
    reports = Report.objects.filter(challenge__in=[demo, cargo], state=Report.State.IDLE)
    assert reports.count() == 2 and all(r.computed_at for r in reports)
    assert list(Report.objects.filter(public=True).values_list("challenge", flat=True)) == [demo.pk]
    schools = Report.objects.get(challenge=demo).data["schools"]
    assert sum(len(school["members"]) for school in schools) == demo.proposals.count()
