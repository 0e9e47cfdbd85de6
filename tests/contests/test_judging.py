"""Blind judging, conflicts, locks, results and the public vote, through pages and services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cocreate.audit.models import AuditEntry
from cocreate.contests.models import Conflict, Finalist, JudgeScore, PublicVote
from cocreate.contests.services import (
    contest_settings_set,
    finalist_set,
    prize_add,
    results_publish,
    round_lock,
    scores_lock,
    vote_cast,
)
from cocreate.organizations.models import Membership, Role

from ..factories import UserFactory
from ..html import parse
from .conftest import open_round, score, score_and_lock, seat


def _authorship(page, author):
    """Every trace of `author` on a page: their name in the text, a link to their profile."""
    root = parse(page)
    links = [a["href"] for a in root.select("a[href]") if a["href"] == f"/u/{author.username}/"]
    named = author.username in root.one("main").text
    return links, named


def test_judging_is_blind_until_every_juror_locks(
    client, owner, contest, criteria, entries, author
):
    jury = seat(owner, contest, 2)
    round_ = open_round(owner, contest)
    judge_url = "/manage/auckland-transport/c/best-bus-stop/judge/"
    client.force_login(jury[0])
    for url in (judge_url, f"{judge_url}{entries[0].pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert _authorship(response, author) == ([], False)
    score_and_lock(jury[0], round_, entries, criteria)
    assert _authorship(client.get(judge_url), author) == ([], False)  # one juror still judging
    score_and_lock(jury[1], round_, entries, criteria)
    for url in (judge_url, f"{judge_url}{entries[0].pk}/"):
        links, named = _authorship(client.get(url), author)
        assert links and named


def test_staff_lock_reveals_authors_to_staff(client, owner, contest, criteria, entries, author):
    seat(owner, contest, 2)
    round_ = open_round(owner, contest)
    client.force_login(owner)
    judge_url = "/manage/auckland-transport/c/best-bus-stop/judge/"
    assert _authorship(client.get(judge_url), author) == ([], False)
    assert (
        _authorship(client.get("/manage/auckland-transport/c/best-bus-stop/contest/"), author)[1]
        is False
    )
    round_lock(actor=owner, round_=round_)
    links, named = _authorship(client.get(judge_url), author)
    assert links and named


def test_a_conflict_takes_the_proposal_off_the_list_and_drops_its_scores(
    client, owner, contest, criteria, entries
):
    (judge,) = seat(owner, contest, 1)
    round_ = open_round(owner, contest)
    score(judge, round_, entries[0], criteria, 5, 5)
    client.force_login(judge)
    url = f"/manage/auckland-transport/c/best-bus-stop/judge/{entries[0].pk}/"
    page = parse(client.get(url))
    assert page.button("Declare a conflict")
    response = client.post(
        f"{url}conflict/", {"round": round_.pk, "reason": "My neighbour drew it."}
    )
    assert response.status_code == 302
    listed = parse(client.get("/manage/auckland-transport/c/best-bus-stop/judge/"))
    assert [int(li["data-proposal"]) for li in listed.select("ol.judged > li")] == [
        e.pk for e in entries[1:]
    ]
    assert not JudgeScore.objects.filter(proposal=entries[0]).exists()
    assert Conflict.objects.get().reason == "My neighbour drew it."
    assert AuditEntry.objects.filter(action="contests.conflict_declare").count() == 1
    assert client.get(url).status_code == 404
    refused = client.post(url, {"round": round_.pk, f"score_{criteria[0].pk}": "3"})
    assert refused.status_code == 404


def test_a_conflict_needs_a_reason(client, owner, contest, criteria, entries):
    (judge,) = seat(owner, contest, 1)
    round_ = open_round(owner, contest)
    client.force_login(judge)
    url = f"/manage/auckland-transport/c/best-bus-stop/judge/{entries[0].pk}/conflict/"
    response = client.post(url, {"round": round_.pk, "reason": "  "})
    assert response.status_code == 400
    assert "reason" in parse(response).one(".conflict .field-error").text
    assert not Conflict.objects.exists()


def test_locked_scores_refuse_changes(client, owner, contest, criteria, entries):
    (judge,) = seat(owner, contest, 1)
    round_ = open_round(owner, contest)
    client.force_login(judge)
    lock_url = "/manage/auckland-transport/c/best-bus-stop/judge/lock/"
    early = client.post(lock_url, {"round": round_.pk})
    assert early.status_code == 400
    assert "scores to go" in parse(early).one(".message.error").text
    for proposal in entries:
        score(judge, round_, proposal, criteria, 4, 3)
    page = parse(client.get("/manage/auckland-transport/c/best-bus-stop/judge/"))
    assert page.button("Lock scores")
    assert client.post(lock_url, {"round": round_.pk}).status_code == 302
    url = f"/manage/auckland-transport/c/best-bus-stop/judge/{entries[0].pk}/"
    response = client.post(url, {"round": round_.pk, f"score_{criteria[0].pk}": "1"})
    assert response.status_code == 400
    assert JudgeScore.objects.get(proposal=entries[0], criterion=criteria[0]).value == 4
    assert client.post(lock_url, {"round": round_.pk}).status_code == 400
    with pytest.raises(ValidationError):
        scores_lock(actor=judge, round_=round_)


@pytest.mark.parametrize("value", ["0", "6", "-1", "2.5", "NaN", "1e9", "x\x00"])
def test_scores_out_of_range_are_refused_naming_the_criterion(
    client, owner, contest, criteria, entries, value
):
    (judge,) = seat(owner, contest, 1)
    round_ = open_round(owner, contest)
    client.force_login(judge)
    url = f"/manage/auckland-transport/c/best-bus-stop/judge/{entries[0].pk}/"
    response = client.post(url, {"round": round_.pk, f"score_{criteria[0].pk}": value})
    assert response.status_code == 400
    assert "Safety" in parse(response).one(".criterion.invalid .field-error").text
    assert not JudgeScore.objects.exists()


def test_score_form_saves_scores_and_comments(client, owner, contest, criteria, entries):
    (judge,) = seat(owner, contest, 1)
    round_ = open_round(owner, contest)
    client.force_login(judge)
    url = f"/manage/auckland-transport/c/best-bus-stop/judge/{entries[0].pk}/"
    page = parse(client.get(url))
    assert [
        legend.text.split(" weight")[0] for legend in page.select("fieldset.criterion legend")
    ] == [
        "Safety",
        "Comfort",
    ]
    response = client.post(
        url,
        {
            "round": round_.pk,
            f"score_{criteria[0].pk}": "5",
            f"comment_{criteria[0].pk}": "Lit at night.",
            f"score_{criteria[1].pk}": "",
        },
    )
    assert response.status_code == 302
    saved = JudgeScore.objects.get()
    assert (saved.criterion, saved.value, saved.comment) == (criteria[0], 5, "Lit at night.")
    page = parse(client.get(url))
    assert page.one(f"input[name=score_{criteria[0].pk}][checked]")["value"] == "5"


def test_results_worked_example(client, owner, contest, criteria, entries):
    """Safety ×3, Comfort ×1 (jury), Capacity ×1 (metric: all equal, so 3 each); the public
    vote weighs 20%.

    P: Safety (5+4)/2 = 4.5, Comfort (3+4)/2 = 3.5 → jury (13.5 + 3.5 + 3)/5 = 4.0
    Q: Safety 3, Comfort 5 → (9 + 5 + 3)/5 = 3.4
    R: Safety 4.5, Comfort 2 → (13.5 + 2 + 3)/5 = 3.7
    Votes P 0, Q 6, R 3 → vote scores 1, 5, 3
    Final: P 0.8·4 + 0.2·1 = 3.4; Q 0.8·3.4 + 0.2·5 = 3.72; R 0.8·3.7 + 0.2·3 = 3.56
    Ranking: Q, R, P (the vote overturns the jury's first place).
    """
    p, q, r = entries
    a, b = seat(owner, contest, 2)
    now = timezone.now()
    contest_settings_set(
        actor=owner,
        challenge=contest,
        public_vote=True,
        vote_opens=now - timedelta(hours=1),
        vote_closes=now + timedelta(days=1),
        public_vote_share=20,
    )
    round_ = open_round(owner, contest)
    for judge, marks in ((a, ((5, 3), (3, 5), (4, 2))), (b, ((4, 4), (3, 5), (5, 2)))):
        for proposal, values in zip(entries, marks, strict=True):
            score(judge, round_, proposal, criteria, *values)
        scores_lock(actor=judge, round_=round_)
    for n in range(9):
        vote_cast(actor=UserFactory(), challenge=contest, proposal=q if n < 6 else r)
    first = prize_add(actor=owner, challenge=contest, title="First prize", amount="NZD 5,000")
    finalist_set(
        actor=owner, challenge=contest, proposal=q, prize=first, jury_answer="A **clear** winner."
    )
    client.force_login(owner)
    publish = client.post("/manage/auckland-transport/c/best-bus-stop/contest/publish/")
    assert publish.status_code == 302
    rows = {f.proposal_id: f for f in Finalist.objects.all()}
    assert rows[p.pk].jury_total == pytest.approx(4.0)
    assert rows[q.pk].jury_total == pytest.approx(3.4)
    assert rows[r.pk].jury_total == pytest.approx(3.7)
    assert [rows[x.pk].votes for x in entries] == [0, 6, 3]
    assert rows[p.pk].final == pytest.approx(3.4)
    assert rows[q.pk].final == pytest.approx(3.72)
    assert rows[r.pk].final == pytest.approx(3.56)
    assert [rows[x.pk].rank for x in entries] == [3, 1, 2]
    assert rows[p.pk].criteria == {
        str(criteria[0].pk): 4.5,
        str(criteria[1].pk): 3.5,
        str(criteria[2].pk): 3.0,
    }
    client.logout()
    page = parse(client.get("/c/best-bus-stop/results/"))
    assert [li["data-proposal"] for li in page.select("ol.finalists > li")] == [
        str(q.pk),
        str(r.pk),
        str(p.pk),
    ]
    winner = page.one("ol.winners > li")
    assert winner.one(".prize").text == "First prize · NZD 5,000"
    assert winner.one(".author a")["href"] == "/u/stopdesigner/"
    assert winner.select("a.thumb > svg")
    q_row = page.one(f"#finalist-{q.pk}")
    assert [td.text for td in q_row.select("table.scores td")] == [
        "3.00",
        "5.00",
        "3.00",
        "3.40",
        "6 votes (5.00)",
        "3.72",
    ]
    assert q_row.one("[data-jury-answer] strong").text == "clear"
    with pytest.raises(ValidationError):
        vote_cast(actor=UserFactory(), challenge=contest, proposal=q)  # publishing ended the vote


def test_results_wait_for_the_final_round(client, owner, contest, criteria, entries):
    (_judge,) = seat(owner, contest, 1)
    open_round(owner, contest)
    assert client.get("/c/best-bus-stop/results/").status_code == 404
    client.force_login(owner)
    response = client.post("/manage/auckland-transport/c/best-bus-stop/contest/publish/")
    assert response.status_code == 400
    assert "still being judged" in parse(response).one(".message.error").text
    assert client.get("/c/best-bus-stop/results/").status_code == 404


def test_finalists_round_takes_the_top_of_the_round_before(owner, contest, criteria, entries):
    (judge,) = seat(owner, contest, 1)
    first = open_round(owner, contest, name="Long list")
    for proposal, values in zip(entries, ((5, 5), (1, 1), (3, 3)), strict=True):
        score(judge, first, proposal, criteria, *values)
    second = open_round(owner, contest, name="Short list", finalists=2)
    with pytest.raises(ValidationError, match="still being judged"):
        score(judge, second, entries[0], criteria, 3, 3)
    scores_lock(actor=judge, round_=first)
    score(judge, second, entries[2], criteria, 3, 3)
    with pytest.raises(ValidationError) as refused:
        score(judge, second, entries[1], criteria, 3, 3)
    assert "not in this round" in str(refused.value)


def test_one_public_vote_per_person_changeable_while_open(
    client, owner, contest, entries, resident
):
    now = timezone.now()
    contest_settings_set(
        actor=owner,
        challenge=contest,
        public_vote=True,
        vote_opens=now - timedelta(hours=1),
        vote_closes=now + timedelta(days=1),
        public_vote_share=30,
    )
    client.force_login(resident)
    page = parse(client.get("/c/best-bus-stop/"))
    assert page.one("#contest form.vote-form")["action"] == "/c/best-bus-stop/vote/"
    assert client.post("/c/best-bus-stop/vote/", {"proposal": entries[0].pk}).status_code == 302
    assert client.post("/c/best-bus-stop/vote/", {"proposal": entries[1].pk}).status_code == 302
    assert list(PublicVote.objects.values_list("user", "proposal")) == [
        (resident.pk, entries[1].pk)
    ]
    page = parse(client.get("/c/best-bus-stop/"))
    assert page.one("#vote-proposal option[selected]")["value"] == str(entries[1].pk)
    assert "1 vote" not in page.one("#contest").text  # counts wait for the results
    for bad in ("", "abc", "999999", "-1"):
        response = client.post("/c/best-bus-stop/vote/", {"proposal": bad})
        assert response.status_code == 400
        assert "proposal" in parse(response).one(".message.error").text.lower()
    contest_settings_set(
        actor=owner,
        challenge=contest,
        public_vote=True,
        vote_opens=now - timedelta(hours=2),
        vote_closes=now - timedelta(hours=1),
        public_vote_share=30,
    )
    closed = client.post("/c/best-bus-stop/vote/", {"proposal": entries[0].pk})
    assert closed.status_code == 400
    assert PublicVote.objects.get().proposal == entries[1]


def test_voting_needs_an_account(client, owner, contest, entries):
    response = client.post("/c/best-bus-stop/vote/", {"proposal": entries[0].pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_inviting_a_juror_makes_them_a_judge_of_the_organization(
    client, owner, organization, contest
):
    person = UserFactory(username="ana", email="Ana@Example.org")
    client.force_login(owner)
    url = "/manage/auckland-transport/c/best-bus-stop/contest/jurors/"
    assert client.post(url, {"who": "ana@example.org"}).status_code == 302
    assert Membership.objects.get(organization=organization, user=person).role == Role.JUDGE
    again = client.post(url, {"who": "ana"})
    assert again.status_code == 400
    assert "already" in parse(again).one("#invite-who").parent.text
    nobody = client.post(url, {"who": "nobody@example.org"})
    assert nobody.status_code == 400
    assert parse(nobody).one("#invite-who")["value"] == "nobody@example.org"
    assert AuditEntry.objects.filter(action="contests.juror_invite").count() == 1


def test_inviting_a_staff_member_keeps_their_role(owner, organization, contest):
    seat(owner, contest, 0)
    staff = UserFactory()
    Membership.objects.create(organization=organization, user=staff, role=Role.STAFF)
    from cocreate.contests.services import juror_invite

    juror_invite(actor=owner, challenge=contest, who=staff.username)
    assert Membership.objects.get(organization=organization, user=staff).role == Role.STAFF


def test_rounds_refuse_bad_dates_and_numbers(client, owner, contest):
    client.force_login(owner)
    url = "/manage/auckland-transport/c/best-bus-stop/contest/rounds/"
    cases = [
        ({"name": "R", "opens": "2025-03-02T09:00", "closes": "2025-03-01T09:00"}, "closes"),
        ({"name": "R", "opens": "yesterday", "closes": "2025-03-01T09:00"}, "opens"),
        (
            {
                "name": "R",
                "opens": "2025-03-01T09:00",
                "closes": "2025-03-02T09:00",
                "finalists": "3",
            },
            "finalists",
        ),
        (
            {
                "name": "R",
                "opens": "2025-03-01T09:00",
                "closes": "2025-03-02T09:00",
                "finalists": "1e99",
            },
            "finalists",
        ),
        ({"name": "", "opens": "2025-03-01T09:00", "closes": "2025-03-02T09:00"}, "name"),
    ]
    for data, field in cases:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert parse(response).one(f"#round-{field}").parent.select(".field-error"), data


def test_vote_share_is_refused_outside_0_to_100(client, owner, contest):
    client.force_login(owner)
    url = "/manage/auckland-transport/c/best-bus-stop/contest/settings/"
    for share in ("101", "-5", "abc", "9" * 30):
        response = client.post(url, {"public_vote_share": share})
        assert response.status_code == 400, share
        assert parse(response).one("#settings-public_vote_share").parent.select(".field-error")


def test_services_check_roles(owner, organization, contest, criteria, entries, resident):
    (judge,) = seat(owner, contest, 1)
    round_ = open_round(owner, contest)
    with pytest.raises(PermissionDenied):
        prize_add(actor=judge, challenge=contest, title="Sneaky")
    with pytest.raises(PermissionDenied):
        score(owner, round_, entries[0], criteria, 3, 3)  # staff follow, jurors score
    with pytest.raises(PermissionDenied):
        results_publish(actor=resident, challenge=contest)
