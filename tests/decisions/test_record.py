"""The response record's arithmetic (pure) and its rows from the database (exact)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command

from cocreate.__main__ import main
from cocreate.challenges.models import Visibility
from cocreate.decisions.record import days_to_answer, response_record
from cocreate.decisions.selectors import response_record as record_from_db
from cocreate.proposals.models import Proposal, Status

from ..factories import make_challenge, make_proposal
from ..html import parse
from .helpers import place

NOW = datetime(2025, 6, 15, 12, tzinfo=UTC)


def at(days_ago: float) -> datetime:
    return NOW - timedelta(days=days_ago)


def test_nothing_owed_is_an_empty_record():
    record = response_record([(None, None, None)], NOW)
    assert record.as_json() == {
        "median_days": None,
        "within_promise": None,
        "overdue": 0,
        "answered": 0,
        "awaiting": 0,
    }
    assert record.months == ()


def test_figures_are_exact():
    rows = [
        (at(40), at(10), at(30)),  # 10 days, within
        (at(40), at(10), at(5)),  # 35 days, late
        (at(20), at(-10), at(18.5)),  # 1.5 days, within
        (at(50), at(20), None),  # awaiting, overdue
        (at(5), at(-25), None),  # awaiting, not yet due
        (None, None, at(1)),  # answered before its clock started: 0 days, within
    ]
    record = response_record(rows, NOW)
    assert record.as_json() == {
        "median_days": 5.8,  # median of 0, 1.5, 10, 35 = (1.5 + 10) / 2 = 5.75, rounded
        "within_promise": 0.75,
        "overdue": 1,
        "answered": 4,
        "awaiting": 2,
    }


def test_days_are_rounded_to_a_tenth_and_never_negative():
    assert days_to_answer(at(3), at(1.96)) == 1.0
    assert days_to_answer(at(1), at(2)) == 0.0
    assert days_to_answer(at(10), at(7.44)) == 2.6


def test_an_answer_on_the_due_moment_is_within_the_promise():
    record = response_record([(at(30), at(0), at(0))], NOW)
    assert record.within_promise == 1.0


def test_months_run_from_the_first_answer_to_now_with_gaps_filled():
    rows = [
        (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC),
         datetime(2025, 1, 20, tzinfo=UTC)),
        (datetime(2025, 1, 5, tzinfo=UTC), datetime(2025, 2, 5, tzinfo=UTC),
         datetime(2025, 3, 10, tzinfo=UTC)),
    ]  # fmt: skip
    months = response_record(rows, NOW).months
    assert [m.start for m in months] == [date(2025, m, 1) for m in range(1, 7)]
    assert [(m.answered, m.within, m.late) for m in months] == [
        (1, 1, 0), (0, 0, 0), (1, 0, 1), (0, 0, 0), (0, 0, 0), (0, 0, 0),
    ]  # fmt: skip
    assert months[0].median_days == 19.0 and months[1].median_days is None


def test_months_keep_the_last_twelve_across_a_year_end():
    answered = [datetime(2023, 11, 3, tzinfo=UTC) + timedelta(days=30 * n) for n in range(20)]
    record = response_record([(a - timedelta(days=2), a, a) for a in answered], NOW)
    assert len(record.months) == 12
    assert record.months[-1].start == date(2025, 6, 1)
    assert record.months[0].start == date(2024, 7, 1)


# --- from the database -------------------------------------------------------------------


def test_the_selector_counts_listable_unwithdrawn_proposals_of_published_challenges(
    owner, organization, challenge, resident
):
    now = datetime.now(UTC)
    on_time, late, waiting, hidden, withdrawn = (
        make_proposal(challenge, resident, title=f"Idea {n}") for n in range(5)
    )
    place(on_time, requested=now - timedelta(days=20), answered_after=4)
    place(late, requested=now - timedelta(days=50), answered_after=40)
    place(waiting, requested=now - timedelta(days=45))  # due 15 days ago
    place(hidden, requested=now - timedelta(days=45))
    place(withdrawn, requested=now - timedelta(days=45))
    Proposal.objects.filter(pk=hidden.pk).update(hidden=True)
    Proposal.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    expected = {
        "median_days": 22.0,
        "within_promise": 0.5,
        "overdue": 1,
        "answered": 2,
        "awaiting": 1,
    }
    assert record_from_db(challenge=challenge).as_json() == expected
    assert record_from_db(organization=organization).as_json() == expected


def test_an_organization_record_leaves_out_private_and_draft_challenges(
    owner, organization, challenge, resident
):
    private = make_challenge(owner, organization, slug="private", visibility=Visibility.PRIVATE)
    make_proposal(private, owner)
    make_proposal(challenge, resident)
    assert record_from_db(organization=organization).awaiting == 1
    assert record_from_db(challenge=private).awaiting == 1
    private.published_at = None
    private.save()
    assert record_from_db(challenge=private).awaiting == 0


def test_response_record_command_prints_the_contract_json(
    organization, challenge, resident, capsys, monkeypatch
):
    now = datetime.now(UTC)
    first, second = make_proposal(challenge, resident), make_proposal(challenge, resident)
    place(first, requested=now - timedelta(days=10), answered_after=3)
    place(second, requested=now - timedelta(days=40))
    out = _run(capsys, monkeypatch, "response-record", "--org", organization.slug, "--json")
    assert json.loads(out) == {
        "median_days": 3.0,
        "within_promise": 1.0,
        "overdue": 1,
        "answered": 1,
        "awaiting": 1,
    }


def test_response_record_command_prints_a_table(
    organization, challenge, resident, capsys, monkeypatch
):
    make_proposal(challenge, resident)
    out = _run(capsys, monkeypatch, "response-record", "--org", organization.slug)
    assert "Awaiting an answer" in out and "Median days to answer" in out


def test_response_record_command_refuses_an_unknown_organization(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("response_record", "--org", "nobody", "--json")
    assert exit_.value.code == 2
    assert "no organization with slug 'nobody'" in capsys.readouterr().err


def _run(capsys, monkeypatch, *argv: str) -> str:
    """Run `cocreate ARGV` in process, through the console command's own dispatch (which
    reads "response-record" as the command file response_record.py); what it printed."""
    monkeypatch.setattr(sys, "argv", ["cocreate", *argv])
    main()
    return capsys.readouterr().out


def test_the_organization_panel_tag_renders_the_record(
    organization, challenge, resident, django_assert_num_queries
):
    from django.template import Context, Template

    place(make_proposal(challenge, resident), requested=datetime.now(UTC) - timedelta(days=100))
    template = Template("{% load decisions %}{% response_record_panel organization %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"organization": organization}))
    with django_assert_num_queries(0):  # kept for a few minutes
        template.render(Context({"organization": organization}))
    figures = {dd["data-figure"]: dd.text for dd in parse(html).select("dd[data-figure]")}
    assert figures == {
        "median_days": "—",
        "within_promise": "—",
        "overdue": "1",
        "answered": "0",
        "awaiting": "1",
    }
