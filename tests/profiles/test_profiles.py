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
        html = _html(client)
    assert "1 proposal" in html and "Original idea" in html
    assert f"{rows - 1} remix" in html
    assert html.count('class="profile-comment"') == min(rows, COMMENTS_PER_PAGE)
    assert f"Thought number {rows - 1}" in html
    assert ('rel="next"' in html) == (rows > COMMENTS_PER_PAGE)


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
    assert "Internal plan" in client.get("/u/resident/").content.decode()


def test_comments_show_newest_first_with_an_excerpt_the_proposal_and_a_link(
    client, talk, resident, owner
):
    proposal = make_proposal(talk, owner, title="Bus lanes both ways")
    older = comment_create(actor=resident, proposal=proposal, body="Fish & chips **now**")
    newer = comment_create(actor=resident, proposal=proposal, body="word " * 100)
    html = _html(client)
    assert "Recent comments" in html
    assert html.index(_anchor(newer)) < html.index(_anchor(older))
    assert f'href="/c/talk/p/{proposal.pk}/#comment-{older.pk}">Fish &amp; chips now</a>' in html
    assert f'On <a href="/c/talk/p/{proposal.pk}/">Bus lanes both ways</a> in Challenge talk' in (
        html
    )
    long_excerpt = html.split(f'#comment-{newer.pk}">', 1)[1].split("</a>", 1)[0]
    assert len(long_excerpt) == EXCERPT_CHARS and long_excerpt.endswith("…")


def test_someone_without_comments_has_none_yet(client, resident):
    html = _html(client)
    assert "Recent comments" in html and 'class="profile-comment"' not in html


def test_comments_page_through_older_ones(client, talk, resident, owner):
    proposal = make_proposal(talk, owner)
    comments = [
        comment_create(actor=resident, proposal=proposal, body=f"Note {i}")
        for i in range(COMMENTS_PER_PAGE + 1)
    ]
    first = _html(client)
    assert first.count('class="profile-comment"') == COMMENTS_PER_PAGE
    assert _anchor(comments[0]) not in first  # the oldest waits for page 2
    assert '<a rel="next" href="?page=2#comments">Older comments</a>' in first
    assert 'rel="prev"' not in first
    second = _html(client, "/u/resident/?page=2")
    assert second.count('class="profile-comment"') == 1
    assert _anchor(comments[0]) in second
    assert '<a rel="prev" href="?page=1#comments">Newer comments</a>' in second
    assert 'rel="next"' not in second
    assert "No more comments." in _html(client, "/u/resident/?page=3")
    for odd in ("abc", "0", "-1", "99999999999999999999"):
        assert _html(client, f"/u/resident/?page={odd}").count('class="profile-comment"') == 20


def test_comments_hidden_by_moderation_are_never_listed(client, talk, resident, owner, other):
    proposal = make_proposal(talk, owner, title="Bus lanes")
    kept = comment_create(actor=resident, proposal=proposal, body="A fair point")
    hidden = comment_create(actor=resident, proposal=proposal, body="Something rude")
    moderation_decide(actor=owner, comment=hidden, decision="hide")
    for viewer in (None, other, resident, owner):
        if viewer:
            client.force_login(viewer)
        html = _html(client)
        assert _anchor(kept) in html
        assert _anchor(hidden) not in html and "Something rude" not in html


def test_comments_on_a_hidden_proposal_are_never_listed(client, talk, resident, owner):
    mine = make_proposal(talk, resident, title="My hidden idea")
    theirs = make_proposal(talk, owner, title="Reported idea")
    on_hidden = comment_create(actor=resident, proposal=theirs, body="On the reported one")
    on_mine = comment_create(actor=resident, proposal=mine, body="On my own")
    moderation_decide(actor=owner, proposal=theirs, decision="hide")
    html = _html(client)
    assert _anchor(on_mine) in html
    assert _anchor(on_hidden) not in html and "Reported idea" not in html
    moderation_decide(actor=owner, proposal=mine, decision="hide")
    html = _html(client)
    assert "My hidden idea" not in html and _anchor(on_mine) not in html
    assert "0 proposals" in html


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
    assert _anchor(comment) in _html(client)


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
    html = _html(client)
    assert ">Follow</button>" in html and 'name="target" value="person:' in html
    response = client.post(
        "/notifications/follow/",
        {"target": follow_target("person", resident.pk), "next": "/u/resident/"},
    )
    assert response.status_code == 302 and response["Location"] == "/u/resident/"
    assert Follow.objects.filter(user=other, person=resident).exists()
    html = _html(client)
    assert ">Following</button>" in html and 'value="unfollow"' in html
    client.post(
        "/notifications/follow/",
        {"target": follow_target("person", resident.pk), "action": "unfollow"},
    )
    assert not Follow.objects.exists()
    assert ">Follow</button>" in _html(client)


def test_visitors_are_asked_to_log_in_to_follow_and_nobody_follows_themself(client, resident):
    assert ">Follow</button>" in _html(client)  # as on challenge and proposal pages
    response = client.post(
        "/notifications/follow/", {"target": follow_target("person", resident.pk)}
    )
    assert response["Location"].startswith("/accounts/login/?next=")
    client.force_login(resident)
    assert 'class="inline follow"' not in _html(client)


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
    assert "1 proposal" in html and "3 remixes" in html
    assert "Original idea" in html  # each kind has its own newest few
    assert "Remix 2" in html and "Remix 1" in html and "Remix 0" not in html
    assert html.count('class="card"') == 3
    assert html.count("The newest 2 are shown.") == 1
