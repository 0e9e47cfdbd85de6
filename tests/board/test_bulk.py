"""Answering many proposals from the board: one status, one public answer, all or none."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cocreate.audit.models import AuditEntry
from cocreate.board.services import proposals_status_change
from cocreate.decisions.models import Decision
from cocreate.organizations.models import ProposalStatus
from cocreate.proposals.models import Proposal, Status
from cocreate.proposals.services import support_add

from ..factories import make_challenge, make_organization, make_proposal
from ..html import messages, parse


def _url(challenge) -> str:
    return f"/manage/{challenge.organization.slug}/c/{challenge.slug}/board/status/"


def _post(client, challenge, proposals, status, answer="We will build it.", **more):
    data = {
        "proposals": [str(p.pk) if isinstance(p, Proposal) else p for p in proposals],
        "new_status": str(status.pk) if isinstance(status, ProposalStatus) else status,
        "answer": answer,
        "view": "status=none&sort=due",
        **more,
    }
    return client.post(_url(challenge), data)


def _audit_mark() -> int:
    """The newest audit entry's id: the challenge fixture writes entries of its own (created,
    phase added), so a test looks only at those written after this mark."""
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _answers(*proposals: Proposal) -> list[int | None]:
    return [Proposal.objects.get(pk=p.pk).answer_status_id for p in proposals]


def test_staff_answer_the_ticked_proposals_at_once(
    client, challenge, staff, resident, other, statuses
):
    first, second, untouched = (
        make_proposal(challenge, resident, title=f"Idea {i}") for i in range(3)
    )
    support_add(actor=other, proposal=first)
    client.force_login(staff)
    declined = statuses["Declined"]
    mark = _audit_mark()
    response = _post(client, challenge, [first, second], declined, answer="Not **here**.")
    assert response.status_code == 302
    board = f"/manage/{challenge.organization.slug}/c/{challenge.slug}/board/"
    assert response["Location"] == f"{board}?status=none&sort=due"
    assert messages(parse(client.get(response["Location"]))) == ["Answered 2 proposals: Declined."]
    assert _answers(first, second, untouched) == [declined.pk, declined.pk, None]
    decisions = Decision.objects.filter(proposal__in=[first, second])
    assert {(d.proposal_id, d.answer, d.actor_id) for d in decisions} == {
        (first.pk, "Not **here**.", staff.pk),
        (second.pk, "Not **here**.", staff.pk),
    }
    # A closing status closes them and gives their supports back, as one answer would.
    first.refresh_from_db()
    assert first.status == Status.CLOSED
    assert not first.supports.filter(holds_budget=True).exists()
    actions = sorted(AuditEntry.objects.filter(pk__gt=mark).values_list("action", flat=True))
    assert actions == [
        "board.status_change_many",
        "decisions.status_change",
        "decisions.status_change",
    ]
    many = AuditEntry.objects.get(action="board.status_change_many")
    assert many.after["proposals"] == [first.pk, second.pk]
    assert many.actor_id == staff.pk


def test_a_merged_proposal_among_the_ticked_changes_none(
    client, challenge, staff, resident, statuses
):
    kept, merged, other = (make_proposal(challenge, resident, title=f"Idea {i}") for i in range(3))
    Proposal.objects.filter(pk=merged.pk).update(merged_into=kept)
    client.force_login(staff)
    mark = _audit_mark()
    response = _post(client, challenge, [other, merged], statuses["Planned"])
    assert response.status_code == 400
    page = parse(response)
    assert [m.text for m in page.select("#board-bulk .message.error")] == [
        "Merged into another proposal (unmerge it first): “Idea 1”."
    ]
    assert _answers(other, merged) == [None, None]
    assert not Decision.objects.exists() and not AuditEntry.objects.filter(pk__gt=mark).exists()


def test_one_refused_on_the_way_rolls_every_answer_back(challenge, staff, resident, statuses):
    """Merged between the board's drawing and the post: the second is refused by the answer
    service itself, and the first, already answered, is undone with it."""
    first, second, target = (
        make_proposal(challenge, resident, title=f"Idea {i}") for i in range(3)
    )
    Proposal.objects.filter(pk=second.pk).update(merged_into=target)  # this copy doesn't know
    mark = _audit_mark()
    with pytest.raises(ValidationError):
        proposals_status_change(
            actor=staff,
            challenge=challenge,
            proposals=[first, second],
            status=statuses["Planned"],
            answer="Yes.",
        )
    assert _answers(first, second) == [None, None]
    assert not Decision.objects.exists() and not AuditEntry.objects.filter(pk__gt=mark).exists()


def test_a_refused_change_keeps_the_ticks_and_the_typed_answer(
    client, challenge, staff, resident, statuses
):
    ticked, not_ticked = (make_proposal(challenge, resident, title=f"Idea {i}") for i in range(2))
    client.force_login(staff)
    response = _post(client, challenge, [ticked], "", answer="Thank you, and here is why…")
    assert response.status_code == 400
    page = parse(response)
    assert page.one("#board-bulk #bulk-answer").text == "Thank you, and here is why…"
    assert page.one("#board-bulk .field-error").text == (
        "Choose the status to give the ticked proposals."
    )
    boxes = {box["value"]: box.get("checked") is not None for box in page.select("td.tick input")}
    assert boxes == {str(ticked.pk): True, str(not_ticked.pk): False}
    # The board behind it is the view the form came from.
    assert page.one("nav.saved-views a[aria-current=page]").text == "Awaiting answer"
    # Now with a status but no answer: the status stays chosen.
    response = _post(client, challenge, [ticked], statuses["Planned"], answer="  ")
    assert response.status_code == 400
    page = parse(response)
    assert page.one("#bulk-new_status option[selected]").text == "Planned"
    assert page.one("#board-bulk .field-error").text == (
        "Write the public answer: it tells the author and backers why."
    )
    assert _answers(ticked) == [None]


def test_nothing_ticked_is_refused(client, challenge, staff, resident, statuses):
    make_proposal(challenge, resident)
    client.force_login(staff)
    response = _post(client, challenge, [], statuses["Planned"])
    assert response.status_code == 400
    assert [m.text for m in parse(response).select("#board-bulk .message.error")] == [
        "Tick the proposals to change first."
    ]


def test_another_organizations_status_is_refused(
    client, challenge, staff, resident, statuses, other
):
    proposal = make_proposal(challenge, resident)
    theirs = ProposalStatus.objects.get(
        organization=make_organization(other, slug="elsewhere"), name="Planned"
    )
    client.force_login(staff)
    response = _post(client, challenge, [proposal], theirs)
    assert response.status_code == 400
    assert parse(response).one("#board-bulk .field-error").text == (
        f"Choose one of the listed statuses (“{theirs.pk}” is not one)."
    )
    # Merging has its own form: the bulk form doesn't offer it, and refuses it.
    response = _post(client, challenge, [proposal], statuses["Merged"])
    assert response.status_code == 400
    assert "Merged" not in [o.text for o in parse(response).select("#bulk-new_status option")]
    assert _answers(proposal) == [None]


def test_another_challenges_proposals_are_refused(
    client, challenge, owner, organization, staff, resident, other, statuses
):
    ours = make_proposal(challenge, resident)
    sibling = make_challenge(owner, organization, slug="queen-street")
    elsewhere = make_challenge(other, make_organization(other, slug="elsewhere"), slug="k-road")
    strays = [make_proposal(sibling, resident), make_proposal(elsewhere, resident)]
    client.force_login(staff)
    for stray in strays:
        response = _post(client, challenge, [ours, stray], statuses["Planned"])
        assert response.status_code == 400
        assert [m.text for m in parse(response).select("#board-bulk .message.error")] == [
            "Some ticked proposals are not on this board; tick them again from it."
        ]
    assert _answers(ours, *strays) == [None, None, None]


@pytest.mark.parametrize("ids", [["abc"], ["-1"], ["1e3"], [str(n) for n in range(1, 502)]])
def test_ids_that_are_not_ids_are_refused(client, challenge, staff, resident, statuses, ids):
    make_proposal(challenge, resident)
    client.force_login(staff)
    response = _post(client, challenge, ids, statuses["Planned"])
    assert response.status_code == 400
    assert parse(response).select("#board-bulk .message.error")
    assert not Decision.objects.exists()


def test_people_outside_the_organization_get_a_404(client, challenge, resident, statuses):
    proposal = make_proposal(challenge, resident)
    assert _post(client, challenge, [proposal], statuses["Planned"]).status_code == 404
    client.force_login(resident)
    assert _post(client, challenge, [proposal], statuses["Planned"]).status_code == 404
    assert _answers(proposal) == [None]


def test_a_reviewer_may_read_the_board_but_not_answer(
    client, challenge, reviewer, resident, statuses
):
    proposal = make_proposal(challenge, resident)
    client.force_login(reviewer)
    assert _post(client, challenge, [proposal], statuses["Planned"]).status_code == 403
    assert _answers(proposal) == [None]


def test_a_double_submit_answers_once(client, challenge, staff, resident, statuses):
    proposal = make_proposal(challenge, resident)
    client.force_login(staff)
    key = {"idempotency_key": "f" * 32}
    first = _post(client, challenge, [proposal], statuses["Planned"], **key)
    again = _post(client, challenge, [proposal], statuses["Planned"], **key)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Decision.objects.filter(proposal=proposal).count() == 1


def test_get_is_not_allowed(client, challenge, staff):
    client.force_login(staff)
    assert client.get(_url(challenge)).status_code == 405


@pytest.mark.parametrize("rows", [1, 50])
def test_bulk_change_in_constant_queries(
    client, challenge, staff, resident, statuses, django_assert_num_queries, rows
):
    """With one proposal ticked, whatever the board holds. (Each ticked proposal is answered by
    the one answering service, so the count grows with the ticks, not with the board.)"""
    proposals = [make_proposal(challenge, resident, title=f"Idea {i}") for i in range(rows)]
    client.force_login(staff)
    with django_assert_num_queries(16):
        response = _post(client, challenge, proposals[:1], statuses["Planned"])
    assert response.status_code == 302
