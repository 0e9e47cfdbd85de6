"""Every contest page and post answers in a number of queries that does not grow with the
number of proposals (1 or 50), jurors' scores or votes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.contests.models import Finalist, JudgeScore, Juror, PublicVote, Round
from cocreate.contests.services import (
    contest_settings_set,
    finalist_set,
    prize_add,
    results_publish,
    scores_lock,
    vote_cast,
)

from ..factories import UserFactory, make_proposal
from ..html import parse
from .conftest import open_round, score, seat

STAFF = "/manage/auckland-transport/c/best-bus-stop/"


@pytest.fixture
def rows(request):
    return request.param


def _field(contest, owner, criteria, author, n, *, votes=True):
    """`n` proposals, two jurors who scored them all, `n` votes, two prizes."""
    proposals = [make_proposal(contest, author, title=f"Stop {i}") for i in range(n)]
    jury = seat(owner, contest, 2)
    now = timezone.now()
    contest_settings_set(
        actor=owner,
        challenge=contest,
        public_vote=True,
        vote_opens=now - timedelta(hours=1),
        vote_closes=now + timedelta(days=1),
        public_vote_share=25,
    )
    round_ = open_round(owner, contest)
    for judge in jury:
        for proposal in proposals:
            score(judge, round_, proposal, criteria, 4, 3)
    if votes:
        for proposal in proposals:
            vote_cast(actor=UserFactory(), challenge=contest, proposal=proposal)
    for title in ("First prize", "Second prize"):
        prize_add(actor=owner, challenge=contest, title=title, amount="NZD 1,000")
    return proposals, jury, round_


def _published(contest, owner, criteria, author, n):
    proposals, jury, round_ = _field(contest, owner, criteria, author, n)
    for judge in jury:
        scores_lock(actor=judge, round_=round_)
    for proposal in proposals:
        finalist_set(
            actor=owner, challenge=contest, proposal=proposal, prize=None, jury_answer="Thank you."
        )
    results_publish(actor=owner, challenge=contest)
    return proposals


N = [1, 50]


@pytest.mark.parametrize("n", N)
def test_contest_page(client, owner, contest, criteria, author, django_assert_num_queries, n):
    _field(contest, owner, criteria, author, n)
    client.force_login(owner)
    with django_assert_num_queries(14):
        response = client.get(f"{STAFF}contest/")
    page = parse(response)
    assert len(page.select("ol.finalists > li")) == n
    assert page.button("Publish results")


@pytest.mark.parametrize("n", N)
def test_judge_page(client, owner, contest, criteria, author, django_assert_num_queries, n):
    _proposals, jury, _round = _field(contest, owner, criteria, author, n)
    client.force_login(jury[0])
    with django_assert_num_queries(15):
        response = client.get(f"{STAFF}judge/")
    page = parse(response)
    assert len(page.select("ol.judged > li")) == n
    assert all(p.text == "Scored 2 of 2" for p in page.select("ol.judged .progress"))


@pytest.mark.parametrize("n", N)
def test_judge_proposal_page(
    client, owner, contest, criteria, author, django_assert_num_queries, n
):
    proposals, jury, _round = _field(contest, owner, criteria, author, n)
    client.force_login(jury[0])
    with django_assert_num_queries(16):
        response = client.get(f"{STAFF}judge/{proposals[-1].pk}/")
    assert parse(response).one("h1").text == proposals[-1].title


@pytest.mark.parametrize("n", N)
def test_results_page(client, owner, contest, criteria, author, django_assert_num_queries, n):
    _published(contest, owner, criteria, author, n)
    with django_assert_num_queries(5):
        response = client.get("/c/best-bus-stop/results/")
    assert len(parse(response).select("ol.finalists > li")) == n


@pytest.mark.parametrize("n", N)
def test_challenge_page_with_the_contest(
    client, owner, contest, criteria, author, resident, django_assert_num_queries, n
):
    _field(contest, owner, criteria, author, n)
    client.force_login(resident)
    with django_assert_num_queries(18):  # with the response record's (decisions)
        response = client.get("/c/best-bus-stop/")
    page = parse(response)
    assert not page.select("section.scorecard-public")  # the criteria show once, in the panel
    panel = page.one("#contest")
    assert len(panel.select("#vote-proposal option")) == n + 1
    assert [li.text for li in panel.select("ul.jury li")] == [
        j.user.username for j in Juror.objects.all()
    ]


def _post_counts(client, url, data, queries, django_assert_num_queries, expect=302):
    with django_assert_num_queries(queries):
        response = client.post(url, data)
    assert response.status_code == expect, response.content[:2000]
    return response


@pytest.mark.parametrize("n", N)
def test_staff_posts(client, owner, contest, criteria, author, django_assert_num_queries, n):
    proposals, _jury, round_ = _field(contest, owner, criteria, author, n)
    client.force_login(owner)
    newcomer = UserFactory()
    _post_counts(
        client,
        f"{STAFF}contest/settings/",
        {
            "public_vote": "on",
            "vote_opens": "2025-01-01T09:00",
            "vote_closes": "2035-01-01T09:00",
            "public_vote_share": "30",
        },
        11,
        django_assert_num_queries,
    )
    _post_counts(
        client,
        f"{STAFF}contest/jurors/",
        {"who": newcomer.username, "idempotency_key": "k1"},
        21,
        django_assert_num_queries,
    )
    _post_counts(
        client,
        f"{STAFF}contest/jurors/{Juror.objects.get(user=newcomer).pk}/remove/",
        {},
        17,
        django_assert_num_queries,
    )
    _post_counts(
        client,
        f"{STAFF}contest/prizes/",
        {"title": "Third", "idempotency_key": "k2"},
        16,
        django_assert_num_queries,
    )
    _post_counts(
        client,
        f"{STAFF}contest/finalists/{proposals[0].pk}/",
        {"prize": "", "jury_answer": "Well done."},
        23,
        django_assert_num_queries,
    )
    _post_counts(
        client, f"{STAFF}contest/rounds/{round_.pk}/lock/", {}, 12, django_assert_num_queries
    )
    _post_counts(client, f"{STAFF}contest/publish/", {}, 20, django_assert_num_queries)
    assert Finalist.objects.filter(rank__isnull=False).count() == n
    _post_counts(
        client,
        f"{STAFF}contest/rounds/",
        {
            "name": "Late",
            "opens": "2025-01-01T09:00",
            "closes": "2025-01-02T09:00",
            "idempotency_key": "k3",
        },
        23,
        django_assert_num_queries,
        expect=400,
    )
    assert not Round.objects.filter(name="Late").exists()


@pytest.mark.parametrize("n", N)
def test_round_add_post(client, owner, contest, criteria, author, django_assert_num_queries, n):
    _field(contest, owner, criteria, author, n)
    client.force_login(owner)
    _post_counts(
        client,
        f"{STAFF}contest/rounds/",
        {
            "name": "Short list",
            "opens": "2025-01-01T09:00",
            "closes": "2035-01-02T09:00",
            "finalists": "3",
            "idempotency_key": "k",
        },
        16,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("n", N)
def test_juror_posts(client, owner, contest, criteria, author, django_assert_num_queries, n):
    proposals, jury, round_ = _field(contest, owner, criteria, author, n)
    client.force_login(jury[0])
    c0, c1 = criteria[0].pk, criteria[1].pk
    _post_counts(
        client,
        f"{STAFF}judge/{proposals[0].pk}/",
        {"round": round_.pk, f"score_{c0}": "5", f"score_{c1}": "2"},
        36,
        django_assert_num_queries,
    )
    _post_counts(
        client,
        f"{STAFF}judge/{proposals[-1].pk}/conflict/",
        {"round": round_.pk, "reason": "I know them.", "idempotency_key": "k"},
        38,
        django_assert_num_queries,
    )
    _post_counts(client, f"{STAFF}judge/lock/", {"round": round_.pk}, 29, django_assert_num_queries)
    assert JudgeScore.objects.filter(juror__user=jury[0]).count() == 2 * (n - 1)


@pytest.mark.parametrize("n", N)
def test_vote_post(
    client, owner, contest, criteria, author, resident, django_assert_num_queries, n
):
    proposals, _jury, _round = _field(contest, owner, criteria, author, n, votes=False)
    client.force_login(resident)
    _post_counts(
        client,
        "/c/best-bus-stop/vote/",
        {"proposal": proposals[-1].pk, "idempotency_key": "k"},
        19,
        django_assert_num_queries,
    )
    assert PublicVote.objects.get().proposal == proposals[-1]
