"""A judge scores blind in the browser and sees who made the proposal only once every juror
has locked their scores."""

from __future__ import annotations

from playwright.sync_api import expect

from cocreate.contests.models import JudgeScore

from ..contests.conftest import make_contest, make_criteria, open_round, score, seat
from ..factories import UserFactory, make_organization, make_proposal
from .helpers import log_in


def test_a_judge_scores_blind_until_every_juror_locks(page, transactional_db):
    owner = UserFactory(username="owner")
    contest = make_contest(owner, make_organization(owner))
    criteria = make_criteria(contest)
    author = UserFactory(username="stopdesigner")
    proposal = make_proposal(contest, author, title="Glass shelter")
    judge, other = seat(owner, contest, 2)
    round_ = open_round(owner, contest)

    log_in(page, judge.email)
    page.goto("/manage/auckland-transport/c/best-bus-stop/judge/")
    main = page.locator("main")
    expect(main).to_contain_text("Judging is blind")
    expect(main).not_to_contain_text("stopdesigner")
    page.get_by_role("link", name="Glass shelter").click()
    expect(page.get_by_role("heading", name="Glass shelter")).to_be_visible()
    expect(main).not_to_contain_text("stopdesigner")
    for name, value in (("Safety", "5"), ("Comfort", "4")):
        group = page.get_by_role("radiogroup", name=f"{name}, 1 (poor) to 5 (excellent)")
        group.get_by_role("radio", name=value).check()
    page.get_by_label("Comment").first.fill("Lit and overlooked.")
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_text("Scored 2 of 2")).to_be_visible()
    assert sorted(JudgeScore.objects.values_list("value", flat=True)) == [4, 5]

    page.get_by_role("button", name="Lock scores").click()
    expect(page.get_by_text("Your scores of this round are locked.")).to_be_visible()
    expect(main).not_to_contain_text("stopdesigner")  # the other juror is still judging

    score(other, round_, proposal, criteria, 3, 3)
    from cocreate.contests.services import scores_lock

    scores_lock(actor=other, round_=round_)
    page.reload()
    expect(page.get_by_role("link", name="stopdesigner")).to_have_attribute(
        "href", "/u/stopdesigner/"
    )
