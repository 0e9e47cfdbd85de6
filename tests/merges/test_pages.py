"""The merge and unmerge POSTs, the staff panel, the merged proposal's page and the likely
duplicates: each answers in a fixed number of queries, and every bad input is a clear 4xx."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory

from cocreate.merges.models import Merge
from cocreate.merges.services import proposal_merge
from cocreate.notifications.services import follow_add
from cocreate.organizations.models import Role
from cocreate.organizations.roles import forget_roles
from cocreate.proposals.models import Pledge, Proposal, Support
from cocreate.proposals.services import pledge_set, support_add

from ..factories import UserFactory, make_challenge, make_member, make_organization, make_proposal
from ..html import parse

ANSWER = "The same idea: we answer both there."
# PostgreSQL sets and resets the merge's lock timeout: two statements more (merges/services.py).
LOCK_TIMEOUT = 2 if connection.vendor == "postgresql" else 0


@pytest.fixture
def pair(challenge, resident, other):
    a = make_proposal(challenge, resident, title="Protected bike lanes both ways")
    b = make_proposal(challenge, other, title="Protected bike lanes")
    return a, b


def urls(challenge, proposal):
    base = f"/manage/{challenge.organization.slug}/c/{challenge.slug}/p/{proposal.pk}/"
    return base + "merge/", base + "unmerge/"


def page_of(challenge, proposal):
    return f"/c/{challenge.slug}/p/{proposal.pk}/"


def back(b, rows):
    """`rows` people who support, pledge to and follow B."""
    for _ in range(rows):
        person = UserFactory()
        support_add(actor=person, proposal=b)
        pledge_set(actor=person, proposal=b, kind="hours", amount=Decimal(1))
        follow_add(actor=person, target=b)


@pytest.mark.parametrize("rows", [1, 50])
def test_merge_post_in_constant_queries(
    client, owner, challenge, pair, rows, django_assert_num_queries
):
    a, b = pair
    back(b, rows)
    client.force_login(owner)
    merge_url, _unmerge = urls(challenge, b)
    with django_assert_num_queries(38 + LOCK_TIMEOUT):
        response = client.post(
            merge_url, {"target": a.pk, "answer": ANSWER, "idempotency_key": "k1"}
        )
    assert response.status_code == 302
    assert response["Location"] == page_of(challenge, b)
    assert Support.objects.filter(proposal=a).count() == rows
    assert Pledge.objects.filter(proposal=a).count() == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_unmerge_post_in_constant_queries(
    client, owner, challenge, pair, rows, django_assert_num_queries
):
    a, b = pair
    back(b, rows)
    proposal_merge(actor=owner, source=b, target=a, answer=ANSWER)
    client.force_login(owner)
    _merge, unmerge_url = urls(challenge, b)
    with django_assert_num_queries(33 + LOCK_TIMEOUT):
        response = client.post(unmerge_url, {"answer": "Two ideas.", "idempotency_key": "k2"})
    assert response.status_code == 302
    assert Support.objects.filter(proposal=b).count() == rows
    assert Pledge.objects.filter(proposal=b).count() == rows


def test_a_double_click_merges_once(client, owner, challenge, pair):
    a, b = pair
    client.force_login(owner)
    merge_url, _unmerge = urls(challenge, b)
    post = {"target": a.pk, "answer": ANSWER, "idempotency_key": "same"}
    first, second = client.post(merge_url, post), client.post(merge_url, post)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Merge.objects.count() == 1
    again = client.post(merge_url, {**post, "idempotency_key": "another tab"})
    assert again.status_code == 400
    assert "already merged" in parse(again).one("#merge [role=alert]").text


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"target": ""}, "merge-into", "Choose the proposal"),
        ({"target": "abc"}, "merge-into", "Choose the proposal"),
        ({"target": "-3"}, "merge-into", "Choose the proposal"),
        ({"target": "9" * 40}, "merge-into", "Choose the proposal"),
        ({"target": "999999"}, "merge-into", "this challenge's proposals"),
        ({"answer": ""}, "merge-answer", "Write the public answer"),
        ({"answer": "x" * 10_001}, "merge-answer", "under 10,000"),
        ({"answer": "nul\x00"}, "merge-answer", "public explanation"),
    ],
)
def test_bad_merge_input_is_a_400_naming_the_field(
    client, owner, challenge, pair, post, field, message
):
    a, b = pair
    client.force_login(owner)
    merge_url, _unmerge = urls(challenge, b)
    response = client.post(merge_url, {"target": a.pk, "answer": ANSWER, **post})
    assert response.status_code == 400
    page = parse(response)
    assert page.one(f"#{field}")["aria-invalid"] == "true"
    assert message in page.one(f"#{field}-error").text
    assert not Merge.objects.exists()


def test_a_target_in_another_challenge_or_organization_is_refused(client, owner, challenge, pair):
    _a, b = pair
    elsewhere = make_proposal(make_challenge(owner, challenge.organization, slug="x"), owner)
    stranger = UserFactory()
    foreign = make_challenge(stranger, make_organization(stranger, slug="far"), slug="far-road")
    far = make_proposal(foreign, stranger)
    client.force_login(owner)
    merge_url, _unmerge = urls(challenge, b)
    for target in (elsewhere, far):
        response = client.post(merge_url, {"target": target.pk, "answer": ANSWER})
        assert response.status_code == 400
        assert "this challenge's proposals" in parse(response).one("#merge-into-error").text
    assert not Merge.objects.exists()


def test_unmerging_what_is_not_merged_is_a_400(client, owner, challenge, pair):
    _a, b = pair
    client.force_login(owner)
    _merge, unmerge_url = urls(challenge, b)
    response = client.post(unmerge_url, {"answer": "Two ideas."})
    assert response.status_code == 400
    assert "not merged" in parse(response).one("#merge [role=alert]").text


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("resident", 404), ("stranger", 404), ("reviewer", 403), ("staff", 302)],
)
def test_the_door(client, organization, challenge, pair, who, status):
    a, b = pair
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "stranger":
        outsider = UserFactory()
        make_organization(outsider, slug="elsewhere")
        client.force_login(outsider)
    elif who != "anonymous":
        role = Role.REVIEWER if who == "reviewer" else Role.STAFF
        client.force_login(make_member(organization, role))
    merge_url, unmerge_url = urls(challenge, b)
    response = client.post(merge_url, {"target": a.pk, "answer": ANSWER})
    assert response.status_code == status
    assert client.get(merge_url).status_code == (200 if status == 302 else status)
    # Staff merged it just now, so they may unmerge it.
    assert client.post(unmerge_url, {"answer": "x"}).status_code == status


def test_wrong_organization_or_proposal_in_the_address_is_a_404(
    client, owner, organization, challenge, pair
):
    a, b = pair
    client.force_login(owner)
    other_challenge = make_challenge(owner, organization, slug="other")
    post = {"target": a.pk, "answer": ANSWER}
    for url in (
        f"/manage/nowhere/c/{challenge.slug}/p/{b.pk}/merge/",
        f"/manage/{organization.slug}/c/{other_challenge.slug}/p/{b.pk}/merge/",
        f"/manage/{organization.slug}/c/{challenge.slug}/p/999999/merge/",
    ):
        assert client.post(url, post).status_code == 404
    assert not Merge.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_merged_proposals_pages_link_both_ways(
    client, owner, challenge, resident, rows, django_assert_num_queries
):
    a = make_proposal(challenge, resident, title="Protected bike lanes both ways")
    sources = [make_proposal(challenge, resident, title=f"Bike lanes {n}") for n in range(rows)]
    for b in sources:
        proposal_merge(actor=owner, source=b, target=a, answer=ANSWER)
    with django_assert_num_queries(6):
        response = client.get(page_of(challenge, a))
    includes = parse(response).one("#also-includes")
    links = [link for link in includes.select("li > a") if link.text != "its discussion"]
    assert [link["href"] for link in links] == [page_of(challenge, b) for b in sources]
    # the challenge's phases are cached now; the answer (Merged) costs the answers' query
    with django_assert_num_queries(6):
        response = client.get(page_of(challenge, sources[-1]))
    note = parse(response).one("#merged-into")
    link = note.select("a")[0]
    assert (link["href"], link.text) == (page_of(challenge, a), a.title)
    assert note.link("Its discussion stays here.")["href"] == "#discussion"


def test_a_merged_proposal_that_moderation_hid_is_not_named(client, owner, challenge, pair):
    a, b = pair
    proposal_merge(actor=owner, source=b, target=a, answer=ANSWER)
    assert a.title in parse(client.get(page_of(challenge, b))).one("#merged-into").text
    assert parse(client.get(page_of(challenge, a))).select("#also-includes")
    # Hiding either one shows at once, though both pages' links were just cached.
    Proposal.objects.filter(pk=a.pk).update(hidden=True)
    Proposal.objects.filter(pk=b.pk).update(hidden=False)
    note = parse(client.get(page_of(challenge, b))).one("#merged-into")
    assert a.title not in note.text
    assert not [link for link in note.select("a") if link["href"].startswith("/c/")]
    Proposal.objects.filter(pk=a.pk).update(hidden=False)
    Proposal.objects.filter(pk=b.pk).update(hidden=True)
    assert not parse(client.get(page_of(challenge, a))).select("#also-includes")


def test_the_staff_panel_offers_likely_duplicates_first(client, owner, challenge, pair, resident):
    a, b = pair
    unrelated = make_proposal(challenge, resident, title="Outdoor dining strip")
    support_add(actor=UserFactory(), proposal=unrelated)
    client.force_login(owner)
    page = parse(client.get(page_of(challenge, b)))
    select = page.one("#merge select#merge-into")
    assert page.one("label[for=merge-into]").text == "Merge into"
    groups = select.select("optgroup")
    assert groups[0]["label"] == "Likely duplicates"
    assert groups[0].one("option")["value"] == str(a.pk)
    assert groups[0].one("option").get("selected") is not None
    assert str(unrelated.pk) in [o["value"] for o in groups[1].select("option")]
    assert page.one("#merge-answer").text.startswith("This proposal says what another one says")
    assert page.button("Merge")
    preselected = parse(client.get(page_of(challenge, b) + f"?into={unrelated.pk}"))
    chosen = preselected.select("#merge-into option[selected]")
    assert [o["value"] for o in chosen] == [str(unrelated.pk)]


def test_residents_and_reviewers_see_no_staff_panel(client, organization, challenge, pair):
    _a, b = pair
    assert not parse(client.get(page_of(challenge, b))).select("#merge")
    client.force_login(make_member(organization, Role.REVIEWER))
    assert not parse(client.get(page_of(challenge, b))).select("#merge")


def test_a_merged_proposal_offers_staff_an_unmerge(client, owner, challenge, pair):
    a, b = pair
    proposal_merge(actor=owner, source=b, target=a, answer=ANSWER)
    client.force_login(owner)
    page = parse(client.get(page_of(challenge, b)))
    form = page.button("Unmerge").ancestors()
    assert any(el.tag == "form" and el["action"].endswith("/unmerge/") for el in form)
    assert not page.select("#merge-into")
    response = client.post(urls(challenge, b)[1], {"answer": "Two ideas after all."})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=b.pk).merged_into_id is None


def test_the_merge_page_preselects_the_target_of_a_shortcut(client, owner, challenge, pair):
    a, b = pair
    client.force_login(owner)
    page = parse(client.get(urls(challenge, b)[0] + f"?into={a.pk}"))
    assert [o["value"] for o in page.select("#merge-into option[selected]")] == [str(a.pk)]
    for junk in ("abc", "-1", "9" * 40, "1e9"):
        assert client.get(urls(challenge, b)[0] + f"?into={junk}").status_code == 200


DUPLICATES = Template("{% load merges %}{% likely_duplicates challenge %}")


@pytest.mark.parametrize("rows", [1, 50])
def test_likely_duplicates_render_in_one_query(
    owner, challenge, resident, rows, django_assert_num_queries
):
    """Pairs of proposals with the same title and design: stars of likely duplicates, each
    with a shortcut; ten groups at most."""
    for n in range(rows):
        for _copy in range(2):
            make_proposal(challenge, resident, title=f"Idea number {n}")
    forget_roles(owner)  # as at the start of a request
    request = RequestFactory().get("/board/")
    request.user = owner
    challenge = type(challenge).objects.select_related("organization").get(pk=challenge.pk)
    with django_assert_num_queries(2):  # the roles, then the candidates
        html = DUPLICATES.render(
            Context({"challenge": challenge, "user": owner, "request": request})
        )
    page = parse(type("R", (), {"content": html.encode()})())
    groups = page.select("li.duplicate-group")
    assert len(groups) == (1 if rows == 1 else 10)
    link = groups[0].select("a.merge-link")[0]
    assert "/merge/?into=" in link["href"]
    assert link.text.startswith("Merge #")


def test_likely_duplicates_are_for_staff_only(challenge, resident):
    html = DUPLICATES.render(Context({"challenge": challenge, "user": resident}))
    assert "duplicate" not in html


def test_likely_duplicates_are_kept_until_the_challenge_changes(
    owner, challenge, resident, other, django_assert_num_queries
):
    """The groups come from the shared cache while the challenge's activity stands; a new
    proposal bumps it (a database trigger), so the next board shows the new duplicate."""
    make_proposal(challenge, resident, title="Shade trees on the west side")
    make_proposal(challenge, other, title="Shade trees on the west side")

    def render() -> str:
        fresh = type(challenge).objects.select_related("organization").get(pk=challenge.pk)
        html = DUPLICATES.render(Context({"challenge": fresh, "user": owner}))
        groups = parse(type("R", (), {"content": html.encode()})()).select("li.duplicate-group")
        return " ".join(group.text for group in groups)

    assert "Shade trees" in render() and "Wider footpaths" not in render()
    fresh = type(challenge).objects.select_related("organization").get(pk=challenge.pk)
    with django_assert_num_queries(0):  # the roles are memoised; the groups are cached
        DUPLICATES.render(Context({"challenge": fresh, "user": owner}))
    make_proposal(challenge, resident, title="Wider footpaths by the shops")
    make_proposal(challenge, other, title="Wider footpaths by the shops")
    assert "Wider footpaths" in render()
