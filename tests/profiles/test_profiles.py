"""A public page per person, honouring their privacy setting and challenges' visibility."""

from __future__ import annotations

import pytest

from cocreate.challenges.models import Action, Visibility
from cocreate.community.services import comment_create
from cocreate.moderation.services import moderation_decide
from cocreate.notifications.forms import follow_target
from cocreate.notifications.models import Follow
from cocreate.organizations.models import Membership, Role
from cocreate.profiles.selectors import COMMENTS_PER_PAGE, EXCERPT_CHARS

from ..factories import make_challenge, make_proposal
from ..html import Element, parse

TALK = [Action.SUBMIT, Action.REMIX, Action.COMMENT, Action.SUPPORT]


@pytest.fixture
def talk(owner, organization):
    """A public challenge whose current phase opens commenting."""
    return make_challenge(owner, organization, slug="talk", actions=TALK)


def _anchor(comment):
    """The end of a link to the comment, so comment 1 never matches comment 12."""
    return f'#comment-{comment.pk}"'


def _html(client, url="/u/resident/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _comments(page: Element) -> list[Element]:
    """The profile's listed comments, newest first."""
    return page.select("ol.profile-comment-list > li.profile-comment")


def _excerpt_links(page: Element) -> list[str]:
    return [li.one("a.excerpt")["href"] for li in _comments(page)]


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(("viewer", "queries"), [(None, 3), ("other", 7)])
def test_a_profile_lists_proposals_remixes_and_comments_in_constant_queries(
    client, talk, resident, other, django_assert_num_queries, rows, viewer, queries
):
    first = make_proposal(talk, resident, title="Original idea")
    for i in range(rows - 1):
        make_proposal(talk, resident, title=f"Remix {i}", parent=first)
    for i in range(rows):
        comment_create(actor=resident, proposal=first, body=f"Thought number {i}")
    if viewer:
        client.force_login(other)
    # anonymous: person, proposals (with their totals), comments; signed in: + session, user,
    # memberships, the follow lookup and the header's unread count
    with django_assert_num_queries(queries):
        page = parse(_html(client))
    assert page.one("#originals-title").text == "1 proposal"
    originals = page.one("section[aria-labelledby=originals-title]")
    assert [h3.text for h3 in originals.select("li.card h3")] == ["Original idea"]
    assert page.one("#remixes-title").text == f"{rows - 1} remix{'' if rows == 2 else 'es'}"
    comments = _comments(page)
    assert len(comments) == min(rows, COMMENTS_PER_PAGE)
    assert comments[0].one("a.excerpt").text == f"Thought number {rows - 1}"
    assert len(page.select("nav.pager a[rel=next]")) == (rows > COMMENTS_PER_PAGE)


def test_private_challenges_never_show_on_a_profile_to_outsiders(
    client, owner, organization, resident, other
):
    secret = make_challenge(owner, organization, slug="secret", visibility=Visibility.PRIVATE)
    Membership.objects.create(organization=organization, user=resident, role=Role.STAFF)
    make_proposal(secret, resident, title="Internal plan")
    assert "Internal plan" not in client.get("/u/resident/").content.decode()
    client.force_login(other)
    assert "Internal plan" not in client.get("/u/resident/").content.decode()
    client.force_login(owner)  # a member of the organization sees it
    cards = parse(_html(client)).select("section[aria-labelledby=originals-title] li.card h3")
    assert [h3.text for h3 in cards] == ["Internal plan"]


def test_comments_show_newest_first_with_an_excerpt_the_proposal_and_a_link(
    client, talk, resident, owner
):
    proposal = make_proposal(talk, owner, title="Bus lanes both ways")
    older = comment_create(actor=resident, proposal=proposal, body="Fish & chips **now**")
    newer = comment_create(actor=resident, proposal=proposal, body="word " * 100)
    page = parse(_html(client))
    assert page.one("#comments-title").text == "Recent comments"
    url = f"/c/talk/p/{proposal.pk}/"
    assert _excerpt_links(page) == [f"{url}#comment-{newer.pk}", f"{url}#comment-{older.pk}"]
    first, second = _comments(page)
    assert second.one("a.excerpt").data == "Fish & chips now"  # Markdown read as text
    for comment in (first, second):
        where = comment.one("p.meta a")
        assert (where["href"], where.text) == (url, "Bus lanes both ways")
        assert comment.one("p.meta").text.startswith("On Bus lanes both ways in Challenge talk · ")
    long_excerpt = first.one("a.excerpt").data
    assert len(long_excerpt) == EXCERPT_CHARS and long_excerpt.endswith("…")


def test_someone_without_comments_has_none_yet(client, resident):
    page = parse(_html(client))
    assert page.one("#comments-title").text == "Recent comments"
    assert page.select(".profile-comment") == []
    assert page.one("section#comments > p").text == "None yet."


def test_comments_page_through_older_ones(client, talk, resident, owner):
    proposal = make_proposal(talk, owner)
    comments = [
        comment_create(actor=resident, proposal=proposal, body=f"Note {i}")
        for i in range(COMMENTS_PER_PAGE + 1)
    ]
    first = _html(client)
    assert len(_comments(parse(first))) == COMMENTS_PER_PAGE
    assert _anchor(comments[0]) not in first  # the oldest waits for page 2
    older = parse(first).link("Older comments")
    assert (older["rel"], older["href"]) == ("next", "?page=2#comments")
    assert 'rel="prev"' not in first
    second = _html(client, "/u/resident/?page=2")
    assert _excerpt_links(parse(second)) == [f"/c/talk/p/{proposal.pk}/#comment-{comments[0].pk}"]
    newer = parse(second).link("Newer comments")
    assert (newer["rel"], newer["href"]) == ("prev", "?page=1#comments")
    assert 'rel="next"' not in second
    third = parse(_html(client, "/u/resident/?page=3"))
    assert third.one("section#comments > p").text == "No more comments."
    for odd in ("abc", "0", "-1", "99999999999999999999"):
        assert len(_comments(parse(_html(client, f"/u/resident/?page={odd}")))) == 20


def test_comments_hidden_by_moderation_are_never_listed(client, talk, resident, owner, other):
    proposal = make_proposal(talk, owner, title="Bus lanes")
    kept = comment_create(actor=resident, proposal=proposal, body="A fair point")
    hidden = comment_create(actor=resident, proposal=proposal, body="Something rude")
    moderation_decide(actor=owner, comment=hidden, decision="hide")
    for viewer in (None, other, resident, owner):
        if viewer:
            client.force_login(viewer)
        html = _html(client)
        assert _excerpt_links(parse(html)) == [f"/c/talk/p/{proposal.pk}/#comment-{kept.pk}"]
        assert _anchor(hidden) not in html and "Something rude" not in html


def test_comments_on_a_hidden_proposal_are_never_listed(client, talk, resident, owner):
    mine = make_proposal(talk, resident, title="My hidden idea")
    theirs = make_proposal(talk, owner, title="Reported idea")
    on_hidden = comment_create(actor=resident, proposal=theirs, body="On the reported one")
    on_mine = comment_create(actor=resident, proposal=mine, body="On my own")
    moderation_decide(actor=owner, proposal=theirs, decision="hide")
    html = _html(client)
    assert _excerpt_links(parse(html)) == [f"/c/talk/p/{mine.pk}/#comment-{on_mine.pk}"]
    assert _anchor(on_hidden) not in html and "Reported idea" not in html
    moderation_decide(actor=owner, proposal=mine, decision="hide")
    html = _html(client)
    assert "My hidden idea" not in html and _anchor(on_mine) not in html
    assert parse(html).one("#originals-title").text == "0 proposals"


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.UNLISTED])
def test_comments_in_private_or_unlisted_challenges_only_show_to_members(
    client, owner, organization, resident, other, visibility
):
    closed = make_challenge(owner, organization, slug="closed", visibility=visibility, actions=TALK)
    Membership.objects.create(organization=organization, user=resident, role=Role.STAFF)
    proposal = make_proposal(closed, owner, title="Internal plan")
    comment = comment_create(actor=resident, proposal=proposal, body="Internal remark")
    for outsider in (None, other):
        if outsider:
            client.force_login(outsider)
        html = _html(client)
        assert _anchor(comment) not in html and "Internal" not in html
    client.force_login(owner)  # a member of the organization sees it
    assert _excerpt_links(parse(_html(client))) == [
        f"/c/closed/p/{proposal.pk}/#comment-{comment.pk}"
    ]


def test_a_private_profile_is_404_to_others_but_not_to_its_owner(client, resident, other):
    client.force_login(resident)
    response = client.post("/accounts/privacy/", {})
    assert response.status_code == 302
    assert client.get("/u/resident/").status_code == 200
    client.force_login(other)
    assert client.get("/u/resident/").status_code == 404
    client.logout()
    assert client.get("/u/resident/").status_code == 404
    assert client.get("/u/nobody/").status_code == 404
    client.force_login(resident)
    client.post("/accounts/privacy/", {"profile_public": "on"})
    client.logout()
    assert client.get("/u/resident/").status_code == 200


def test_the_follow_button_follows_a_person_and_then_says_following(client, resident, other):
    client.force_login(other)
    form = parse(_html(client)).button("Follow").parent
    assert form is not None and form.tag == "form"
    assert form.one("input[name=target]")["value"].startswith(f"person:{resident.pk}:")
    response = client.post(
        "/notifications/follow/",
        {"target": follow_target("person", resident.pk), "next": "/u/resident/"},
    )
    assert response.status_code == 302 and response["Location"] == "/u/resident/"
    assert Follow.objects.filter(user=other, person=resident).exists()
    form = parse(_html(client)).button("Following").parent
    assert form is not None and form.one("input[name=action]")["value"] == "unfollow"
    client.post(
        "/notifications/follow/",
        {"target": follow_target("person", resident.pk), "action": "unfollow"},
    )
    assert not Follow.objects.exists()
    assert parse(_html(client)).button("Follow")


def test_visitors_are_asked_to_log_in_to_follow_and_nobody_follows_themself(client, resident):
    assert parse(_html(client)).button("Follow")  # as on challenge and proposal pages
    response = client.post(
        "/notifications/follow/", {"target": follow_target("person", resident.pk)}
    )
    assert response["Location"].startswith("/accounts/login/?next=")
    client.force_login(resident)
    html = _html(client)
    assert 'class="inline follow"' not in html
    assert parse(html).named("button", "Follow") == []


def test_a_private_profile_cannot_be_followed_but_can_be_unfollowed(client, resident, other):
    resident.profile_public = False
    resident.save(update_fields=["profile_public"])
    client.force_login(other)
    follow = {"target": follow_target("person", resident.pk)}
    assert client.post("/notifications/follow/", follow).status_code == 404  # like the page
    assert not Follow.objects.exists()
    Follow.objects.create(user=other, person=resident)  # followed before going private
    response = client.post("/notifications/follow/", {**follow, "action": "unfollow"})
    assert response.status_code == 302 and not Follow.objects.exists()


def test_headings_count_every_proposal_when_only_the_newest_are_shown(
    client, talk, resident, monkeypatch
):
    from cocreate.profiles import selectors

    monkeypatch.setattr(selectors, "PROPOSALS_SHOWN", 2)
    first = make_proposal(talk, resident, title="Original idea")
    for i in range(3):
        make_proposal(talk, resident, title=f"Remix {i}", parent=first)
    html = _html(client)
    page = parse(html)
    assert page.one("#originals-title").text == "1 proposal"
    assert page.one("#remixes-title").text == "3 remixes"
    shown = {
        kind: [h3.text for h3 in page.select(f"section[aria-labelledby={kind}-title] li.card h3")]
        for kind in ("originals", "remixes")
    }
    # each kind has its own newest few
    assert shown == {"originals": ["Original idea"], "remixes": ["Remix 2", "Remix 1"]}
    assert "Remix 0" not in html
    notes = [p.text for p in page.select("p.meta") if p.text == "The newest 2 are shown."]
    assert notes == ["The newest 2 are shown."]
    note = page.one("section[aria-labelledby=remixes-title] ul.cards").next_element
    assert note is not None and note.text == "The newest 2 are shown."
