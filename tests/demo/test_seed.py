"""The demo seed: both challenges, through the services, with a conversation; running it again
changes nothing."""

from __future__ import annotations

from cocreate.challenges.models import Challenge
from cocreate.community.models import Comment
from cocreate.demo.seed import seed
from cocreate.notifications.models import Follow, Kind, Notification
from cocreate.proposals.models import Pledge, Proposal, Support


def _counts() -> tuple[int, ...]:
    models = (Challenge, Proposal, Support, Comment, Pledge, Follow, Notification)
    return tuple(model.objects.count() for model in models)


def test_the_demo_has_a_conversation_and_seeds_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dominion = seed(people=8, proposals=20)
    assert dominion.slug == "dominion-road"
    # the two residents' challenges and the organization's contest (demo/organization.py)
    assert set(Challenge.objects.values_list("slug", flat=True)) == {
        "dominion-road",
        "cargo-bike",
        "best-bus-stop",
    }
    assert Proposal.objects.filter(challenge=dominion).count() == 20
    assert Proposal.objects.filter(challenge__slug="cargo-bike").count() == 2
    comments = Comment.objects.filter(proposal__challenge=dominion)
    assert comments.filter(part_index__isnull=False).exists()  # about one part
    assert comments.filter(parent__isnull=False, mentions__isnull=False).exists()  # replies
    assert not Comment.objects.filter(
        proposal__challenge__slug="cargo-bike", part_index__isnull=False
    ).exists()  # a configurator has no parts to point at
    assert Pledge.objects.exists()
    # The authors heard about the comments on their proposals.
    assert Notification.objects.filter(kind=Kind.COMMENT_ON_OWN_PROPOSAL).exists()
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        seed(people=8, proposals=20)
    assert _counts() == before
    # Another size plans another crowd: what exists is left as it is, no title twice.
    seed(people=8, proposals=24)
    assert _counts() == before
