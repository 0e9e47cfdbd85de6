"""An accepted proposal's public progress record: staff keep it, everyone sees it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cocreate.audit.models import AuditEntry
from cocreate.notifications.models import Kind, Notification
from cocreate.notifications.services import follow_add
from cocreate.proposals.services import support_add
from cocreate.tracking.models import Progress, ProgressEntry
from cocreate.tracking.services import progress_entry_add, progress_set

from ..factories import UserFactory, make_organization, make_proposal
from ..html import parse
from .conftest import answer, png, refusals


def _url(proposal) -> str:
    challenge = proposal.challenge
    return f"/manage/{challenge.organization.slug}/c/{challenge.slug}/p/{proposal.pk}/progress/"


def _page(proposal) -> str:
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/"


def test_staff_post_a_timeline_and_everyone_sees_it(client, staff, accepted):
    client.force_login(staff)
    response = client.post(_url(accepted), {"op": "percent", "percent": "40"})
    assert response.status_code == 302
    client.post(
        _url(accepted),
        {
            "op": "add",
            "date": "2025-03-31",
            "title": "Consultation closed",
            "text": "**412** answers",
        },
    )
    client.post(
        _url(accepted),
        {
            "op": "add",
            "date": "2025-09-01",
            "title": "Built",
            "text": "Open to all.",
            "photo": png(),
            "photo_alt": "Six new trees along the footpath",
            "built": "on",
        },
    )
    client.logout()
    page = parse(client.get(_page(accepted)))
    bar = page.one("#progress progress")
    assert bar["value"] == "40" and bar["max"] == "100"
    assert page.one("label[for=progress-bar]").text == "Work done"
    steps = page.select("#progress ol.timeline > li")
    assert [li.one("h3").text for li in steps] == ["Consultation closed", "Built"]
    assert steps[0].one("time")["datetime"] == "2025-03-31"
    assert steps[0].one("strong").text == "412"
    beside = page.one("#progress .built-beside")
    photo = beside.one("figure.built-photo img")
    assert photo["alt"] == "Six new trees along the footpath"
    assert client.get(photo["src"]).status_code == 200
    assert beside.select("figure.built-design svg")  # the submitted design, beside it
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"tracking.progress_set", "tracking.entry_add"} <= actions


def test_a_proposal_not_accepted_has_no_record(client, staff, challenge, resident, owner):
    proposal = make_proposal(challenge, resident)
    assert not parse(client.get(_page(proposal))).select("#progress")
    with pytest.raises(ValidationError, match="accepted"):
        progress_set(actor=staff, proposal=proposal, percent=10)
    declined = answer(owner, make_proposal(challenge, resident, title="No"), "Declined")
    client.force_login(staff)
    response = client.post(_url(declined), {"op": "add", "date": "2025-01-01", "title": "X"})
    assert response.status_code == 400
    assert "accepted" in refusals(response)
    assert not ProgressEntry.objects.exists()
    assert not parse(client.get(_page(declined))).select("#progress")


def test_an_accepted_proposal_without_steps_says_so(client, accepted):
    page = parse(client.get(_page(accepted)))
    assert page.one("#progress progress")["value"] == "0"
    assert not page.select("#progress ol.timeline")


def test_edit_and_remove_an_entry(client, staff, accepted):
    entry = progress_entry_add(actor=staff, proposal=accepted, day=date(2025, 1, 2), title="Works")
    client.force_login(staff)
    response = client.post(
        _url(accepted),
        {
            "op": "edit",
            "entry": entry.pk,
            "date": "2025-01-03",
            "title": "Works start",
            "text": "Cones",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.title, str(entry.date), entry.text_html) == (
        "Works start",
        "2025-01-03",
        "<p>Cones</p>",
    )
    assert client.post(_url(accepted), {"op": "remove", "entry": entry.pk}).status_code == 302
    assert not ProgressEntry.objects.exists()
    assert (
        AuditEntry.objects.filter(action="tracking.entry_remove").get().before["title"]
        == "Works start"
    )


@pytest.mark.parametrize(
    ("post", "says"),
    [
        ({"op": "percent", "percent": "101"}, "0 to 100"),
        ({"op": "percent", "percent": "-1"}, "whole number"),
        ({"op": "percent", "percent": "NaN"}, "whole number"),
        ({"op": "percent", "percent": "1e309"}, "whole number"),
        ({"op": "percent", "percent": "9" * 40}, "whole number"),
        ({"op": "percent", "percent": ""}, "0 to 100"),
        ({"op": "add", "date": "2025-13-40", "title": "X"}, "YYYY-MM-DD"),
        ({"op": "add", "date": "1899-01-01", "title": "X"}, "between 2000 and 2099"),
        ({"op": "add", "date": "2025-01-01", "title": ""}, "title"),
        ({"op": "add", "date": "2025-01-01", "title": "a\x07b"}, "control character"),
        ({"op": "add", "date": "2025-01-01", "title": "x" * 141}, "140"),
        ({"op": "add", "date": "2025-01-01", "title": "X", "text": "y" * 10_001}, "10,000"),
        ({"op": "edit", "entry": "999999", "date": "2025-01-01", "title": "X"}, "not on this"),
        ({"op": "remove", "entry": "abc"}, "whole number"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, staff, accepted, post, says):
    client.force_login(staff)
    response = client.post(_url(accepted), post)
    assert response.status_code == 400
    assert says in refusals(response)
    assert not ProgressEntry.objects.exists() and not Progress.objects.exists()


def test_a_photo_needs_a_description_and_must_be_a_picture(client, staff, accepted):
    client.force_login(staff)
    post = {"op": "add", "date": "2025-01-01", "title": "Built"}
    response = client.post(_url(accepted), {**post, "photo": png()})
    assert response.status_code == 400
    assert "Describe the photo" in refusals(response)
    bad = png()
    bad.file.write(b"not a picture")
    bad.file.seek(0)
    bad.file.truncate(5)
    response = client.post(_url(accepted), {**post, "photo": bad, "photo_alt": "A street"})
    assert response.status_code == 400
    assert not ProgressEntry.objects.exists()


def test_a_double_submit_posts_one_entry(client, staff, accepted):
    client.force_login(staff)
    post = {"op": "add", "date": "2025-01-01", "title": "Works start", "idempotency_key": "k1"}
    assert client.post(_url(accepted), post).status_code == 302
    assert client.post(_url(accepted), post).status_code == 302
    assert ProgressEntry.objects.count() == 1


def test_only_the_organizations_staff_keep_the_record(client, accepted, resident, reviewer, owner):
    other_owner = UserFactory(username="elsewhere")
    make_organization(other_owner, slug="elsewhere")
    for person, status in ((resident, 404), (other_owner, 404), (reviewer, 403), (owner, 200)):
        client.force_login(person)
        assert client.get(_url(accepted)).status_code == status, person
        if status != 200:
            response = client.post(_url(accepted), {"op": "percent", "percent": "5"})
            assert response.status_code == status
    assert not Progress.objects.exists()
    with pytest.raises(PermissionDenied):
        progress_set(actor=resident, proposal=accepted, percent=5)
    client.logout()
    assert client.get(_url(accepted)).status_code == 404


def test_a_new_step_tells_followers_supporters_and_the_author(
    staff, accepted, resident, other, django_capture_on_commit_callbacks
):
    follower, backer = UserFactory(username="follower"), other
    follow_add(actor=follower, target=accepted)
    support_add(actor=backer, proposal=accepted)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        entry = progress_entry_add(
            actor=staff,
            proposal=accepted,
            day=date(2025, 5, 1),
            title="Works start",
        )
    told = Notification.objects.filter(kind=Kind.PROGRESS_ON_FOLLOWED_PROPOSAL)
    assert sorted(told.values_list("recipient__username", flat=True)) == [
        "follower",
        "other",
        "resident",
    ]
    assert told.first().url.endswith(f"#progress-{entry.pk}")
    assert "Works start" in told.first().text


@pytest.mark.parametrize("rows", [1, 50])
def test_progress_page_in_constant_queries(
    client, staff, accepted, django_assert_num_queries, rows
):
    for n in range(rows):
        progress_entry_add(
            actor=staff,
            proposal=accepted,
            day=date(2025, 1, 1 + n % 28),
            title=f"Step {n}",
            photo=png() if n == 0 else None,
            photo_alt="A photo" if n == 0 else "",
        )
    client.force_login(staff)
    with django_assert_num_queries(8):
        response = client.get(_url(accepted))
    assert response.status_code == 200
    assert len(parse(response).select("ol.timeline > li")) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_proposal_page_with_progress_in_constant_queries(
    client, staff, accepted, django_assert_num_queries, rows
):
    for n in range(rows):
        progress_entry_add(
            actor=staff,
            proposal=accepted,
            day=date(2025, 1, 1 + n % 28),
            title=f"Step {n}",
            photo=png() if n == 0 else None,
            photo_alt="A photo" if n == 0 else "",
            built=n == 0,
        )
    # the page's 5 (tests/pages), what is merged into it (merges), its answers (decisions) and
    # the progress record's two: percent, timeline
    with django_assert_num_queries(9):
        response = client.get(_page(accepted))
    page = parse(response)
    assert len(page.select("#progress ol.timeline > li")) == rows
    assert page.select("#progress .built-beside img")
