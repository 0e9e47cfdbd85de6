"""The demo's contest runs a contest-mode challenge to published results, and only once."""

from __future__ import annotations

from cocreate.contests.models import Contest, Finalist, ScoreLock
from cocreate.demo.contests import seed_contest

from ..factories import UserFactory, make_proposal
from ..html import parse


def test_seed_contest_publishes_results_with_answers(client, owner, contest, author):
    for title in ("Glass shelter", "Timber canopy", "Bench and bike rack", "Raised platform"):
        make_proposal(contest, author, title=title)
    residents = [UserFactory() for _ in range(8)]
    result = seed_contest(contest, staff=owner, residents=residents)
    assert result.results_published_at is not None
    assert result.jurors.count() == 3
    assert ScoreLock.objects.count() == 3
    assert Finalist.objects.filter(prize__isnull=False).count() == 2
    assert not Finalist.objects.filter(jury_answer="").exists()
    assert result.votes.count() == 8
    page = parse(client.get("/c/best-bus-stop/results/"))
    assert len(page.select("ol.winners > li")) == 2
    assert [li.one(".prize strong").text for li in page.select("ol.winners > li")] == [
        "Winning design",
        "Runner-up",
    ]
    first = Finalist.objects.get(prize__title="Winning design")
    assert first.rank == 1
    seed_contest(contest, staff=owner, residents=residents)
    assert Contest.objects.get().pk == result.pk and Finalist.objects.count() == 4
