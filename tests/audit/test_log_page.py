"""The audit log page: admins only, newest first, readable changes, filters and keyset pages
in constant queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.audit.models import AuditEntry
from cocreate.audit.services import audit_record
from cocreate.challenges.models import Visibility
from cocreate.moderation.services import moderation_decide
from cocreate.organizations.models import Role
from cocreate.organizations.services import membership_set

from ..factories import UserFactory, make_challenge, make_member, make_organization, make_proposal
from ..html import parse


def _url(organization, query: str = "") -> str:
    return f"/manage/{organization.slug}/audit/" + (f"?{query}" if query else "")


# Making the `challenge` fixture writes two entries of its own (challenge created, phase added):
# tests pick their entries out by action rather than assume the log holds only theirs.
ANSWERED = "li.audit-entry[data-action='decisions.status_change']"


def _record(owner, organization, target, n: int = 1, action: str = "decisions.status_change"):
    for i in range(n):
        audit_record(
            actor=owner,
            organization=organization,
            action=action,
            target=target,
            before={"status": None},
            after={"status_name": f"Planned {i}", "answer": "We will build it."},
        )


@pytest.fixture
def proposal(challenge, resident):
    return make_proposal(challenge, resident, title="Shade trees")


@pytest.mark.parametrize("role", [Role.STAFF, Role.REVIEWER, Role.JUDGE, Role.MODERATOR])
def test_members_who_are_not_admins_are_refused(client, organization, role):
    client.force_login(make_member(organization, role))
    assert client.get(_url(organization)).status_code == 403


def test_outsiders_get_a_404(client, organization, resident):
    client.force_login(resident)
    assert client.get(_url(organization)).status_code == 404
    client.logout()
    assert client.get(_url(organization)).status_code == 404


def test_entries_show_who_when_what_and_a_readable_change(client, owner, organization, proposal):
    _record(owner, organization, proposal)
    client.force_login(owner)
    response = client.get(_url(organization))
    assert response.status_code == 200
    entry = parse(response).one(ANSWERED)
    assert entry.one(".who").text == "owner"
    assert entry.one(".action").text == "Status changed and answered"
    assert entry.one("time")["datetime"]
    link = entry.one(".target a")
    assert link.text == "Shade trees"
    assert link["href"] == f"/c/{proposal.challenge.slug}/p/{proposal.pk}/"
    rows = [
        [row.one(cell).text for cell in ("th", "td.before", "td.after")]
        for row in entry.select("table.changes tbody tr")
    ]
    assert rows == [
        ["Answer", "—", "We will build it."],
        ["Status", "null", "—"],
        ["Status name", "—", "Planned 0"],
    ]


def test_values_are_escaped_and_long_text_is_cut_with_show_all(
    client, owner, organization, proposal
):
    long = "<script>alert(1)</script> " + "word " * 100
    audit_record(
        actor=owner,
        organization=organization,
        action="decisions.status_change",
        target=proposal,
        before={"answer": {"nested": [1, "<b>"]}},
        after={"answer": long},
    )
    client.force_login(owner)
    response = client.get(_url(organization))
    assert b"<script>alert(1)" not in response.content
    row = parse(response).one(f"{ANSWERED} table.changes tbody tr")
    assert row.one("td.before").text == '{"nested": [1, "<b>"]}'
    details = row.one("td.after details.long")
    assert details.one("summary .more").text == "show all"
    assert len(details.one("summary").text) < 200
    assert details.one(".whole").text == " ".join(long.split())  # shown as text, whole


def test_a_target_gone_or_not_visible_is_named_without_a_link(
    client, owner, organization, proposal, resident
):
    _record(owner, organization, proposal)
    audit_record(
        actor=owner, organization=organization, action="organizations.member_add", target=resident
    )
    proposal_pk = proposal.pk
    comment_free = make_proposal(proposal.challenge, resident, title="Gone soon")
    _record(owner, organization, comment_free)
    comment_free.delete()
    client.force_login(owner)
    page = parse(client.get(_url(organization)))
    targets = {e.one(".target").text: e.select(".target a") for e in page.select("li.audit-entry")}
    assert not targets["Proposal Gone soon"]
    assert targets["Proposal Shade trees"][0]["href"].endswith(f"/p/{proposal_pk}/")
    assert targets["Person resident"][0]["href"] == "/u/resident/"


def test_other_organizations_entries_are_not_shown(client, owner, organization, proposal):
    other_owner = UserFactory(username="other-owner")
    other = make_organization(other_owner, slug="elsewhere")
    elsewhere = make_challenge(other_owner, other, slug="elsewhere-road")
    _record(other_owner, other, make_proposal(elsewhere, other_owner, title="Not yours"))
    _record(owner, organization, proposal)
    client.force_login(owner)
    response = client.get(_url(organization))
    assert b"Not yours" not in response.content
    assert AuditEntry.objects.exclude(organization=organization).exists()
    shown = parse(response).select("li.audit-entry")
    assert len(shown) == AuditEntry.objects.filter(organization=organization).count() == 3
    assert len(parse(response).select(ANSWERED)) == 1


def test_filters_narrow_by_action_person_target_and_dates(
    client, owner, organization, proposal, resident
):
    officer = make_member(organization, Role.OWNER, username="officer")
    _record(owner, organization, proposal)
    membership_set(actor=officer, organization=organization, user=resident, role=Role.REVIEWER)
    client.force_login(owner)
    page = parse(client.get(_url(organization)))
    assert [o.text for o in page.select("select[name=action] option")] == [
        "Any action",
        "Challenge created",
        "Member added",
        "Phase added",
        "Status changed and answered",
    ]
    assert [o.text for o in page.select("select[name=person] option")] == [
        "Anyone",
        "officer",
        "owner",
    ]
    assert [o.text for o in page.select("select[name=target] option")] == [
        "Anything",
        "Challenge",
        "Person",
        "Phase",
        "Proposal",
    ]

    def actions(query: str) -> list[str]:
        response = client.get(_url(organization, query))
        assert response.status_code == 200
        return [e["data-action"] for e in parse(response).select("li.audit-entry")]

    assert actions("action=organizations.member_add") == ["organizations.member_add"]
    assert actions(f"person={owner.pk}") == [
        "decisions.status_change",
        "challenges.phase_add",
        "challenges.challenge_create",
    ]
    assert actions(f"person={officer.pk}") == ["organizations.member_add"]
    assert actions("target=proposals.proposal") == ["decisions.status_change"]
    today = timezone.localdate()
    assert len(actions(f"since={today}&until={today}")) == 4
    assert actions(f"since={today + timedelta(days=1)}") == []
    assert actions(f"until={today - timedelta(days=1)}") == []


DATE = "Type the date as YYYY-MM-DD, such as 2025-03-01."
BACKWARDS = "The “To” date comes before the “From” date."


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("since=yesterday", "since", DATE),
        ("until=2025-02-30", "until", DATE),
        ("since=0001-01-01", "since", "Pick a date from 2000 on."),
        ("until=9999-12-31", "until", "Pick a date before 3000."),
        ("since=2025-03-02&until=2025-03-01", "until", BACKWARDS),
        ("action=nope", "action", "Choose an action from the list."),
        ("person=99999999999999999999", "person", "Choose a person from the list."),
        ("target=auth.group", "target", "Choose a target type from the list."),
        ("since=%00", "since", DATE),
    ],
)  # fmt: skip
def test_malformed_filters_get_a_message_not_a_500(
    client, owner, organization, proposal, query, field, message
):
    _record(owner, organization, proposal)
    client.force_login(owner)
    response = client.get(_url(organization, query))
    assert response.status_code == 400
    page = parse(response)
    assert page.one(f"#id_{field}").get("aria-invalid") == "true"
    assert message in [p.text for p in page.select(".field-error")]
    assert len(page.select(ANSWERED)) == 1  # the rest of the page still shows


def test_a_bad_cursor_shows_the_first_page(client, owner, organization, proposal):
    _record(owner, organization, proposal)
    client.force_login(owner)
    for before in ("x", "-1", "99999999999999999999999", "0"):
        response = client.get(_url(organization, f"before={before}"))
        assert response.status_code == 200
    first = parse(client.get(_url(organization, "before=x"))).select("li.audit-entry")
    assert [e["data-action"] for e in first] == [
        "decisions.status_change",
        "challenges.phase_add",
        "challenges.challenge_create",
    ]


def test_keyset_pages_of_fifty_keep_filters_and_lose_nothing(client, owner, organization, proposal):
    _record(owner, organization, proposal, n=120)
    audit_record(actor=owner, organization=organization, action="x.other", target=proposal)
    client.force_login(owner)
    seen: list[int] = []
    query = "action=decisions.status_change"
    pages = 0
    while query is not None:
        page = parse(client.get(_url(organization, query)))
        entries = page.select("li.audit-entry")
        assert all(e["data-action"] == "decisions.status_change" for e in entries)
        seen += [e.select("td.after .value")[-1].text for e in entries]  # status name
        pages += 1
        older = page.select("nav.audit-pages a[rel=next]")
        query = older[0]["href"].lstrip("?") if older else None
        if query:
            assert "action=decisions.status_change" in query
    assert pages == 3
    assert seen[0] == "Planned 119" and seen[-1] == "Planned 0" and len(set(seen)) == 120


def test_moderation_decisions_show_in_the_log(client, owner, organization):
    secret = make_challenge(owner, organization, slug="inside", visibility=Visibility.PRIVATE)
    proposal = make_proposal(secret, make_member(organization, Role.STAFF), title="Rude words")
    moderation_decide(actor=owner, proposal=proposal, decision="hide", note="Abusive.")
    client.force_login(owner)
    entry = parse(client.get(_url(organization))).one(
        "li.audit-entry[data-action='moderation.hide']"
    )
    assert entry.one(".action").text == "Hidden by a moderator"
    assert entry.one(".target a")["href"] == f"/c/inside/p/{proposal.pk}/"


def test_posting_to_the_log_changes_nothing(client, owner, organization, proposal):
    _record(owner, organization, proposal)
    before = list(AuditEntry.objects.values())
    client.force_login(owner)
    response = client.post(_url(organization), {"action": "x", "before": "{}"})
    assert response.status_code == 405
    assert list(AuditEntry.objects.values()) == before


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(
    "query", ["", "action=decisions.status_change&target=proposals.proposal&since=2020-01-01"]
)
def test_log_page_in_constant_queries(
    client, owner, organization, proposal, resident, django_assert_num_queries, rows, query
):
    for n in range(rows):
        _record(owner, organization, proposal)
        audit_record(
            actor=owner,
            organization=organization,
            action="organizations.member_add",
            target=UserFactory(username=f"member{n}"),
        )
        _record(owner, organization, proposal.challenge, action="challenges.challenge_update")
    client.force_login(owner)
    # organization, session, user, roles, filter choices, the page, then one query per kind of
    # target on the page: people's, proposals' and challenges' links (the filter leaves only
    # proposals), the header's unread count
    with django_assert_num_queries(10 if not query else 8):
        response = client.get(_url(organization, query))
    assert response.status_code == 200
    fixtures = 2  # the challenge fixture's own entries: created, phase added
    shown = rows if query else rows * 3 + fixtures
    assert len(parse(response).select("li.audit-entry")) == min(shown, 50)
