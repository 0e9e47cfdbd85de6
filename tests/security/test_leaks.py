"""Content that moderation hid, or that an unlisted challenge keeps to those with its link,
leaves no trace: not in a refusal page, not in an answer that differs from a missing id's, not
in a follower's news, and it takes no backing (findings 3, 4 and 9)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cocreate.challenges.models import Action, Visibility
from cocreate.community.services import comment_create, comment_edit
from cocreate.moderation.services import moderation_decide
from cocreate.notifications.forms import follow_target
from cocreate.notifications.models import Follow, Notification
from cocreate.notifications.services import follow_add
from cocreate.organizations.models import Membership, Role

from ..factories import UserFactory, make_challenge, make_proposal

OPEN = [Action.SUBMIT, Action.REMIX, Action.SUPPORT, Action.COMMENT]
SECRET = "Quokkasecret"


@pytest.fixture
def public(owner, organization):
    return make_challenge(owner, organization, slug="open-street", actions=OPEN)


# --- finding 3: a hidden comment's words -------------------------------------------------------


@pytest.fixture
def hidden_comment(public, owner, resident):
    proposal = make_proposal(public, owner, title="Shade trees")
    comment = comment_create(actor=resident, proposal=proposal, body=f"{SECRET} insult")
    moderation_decide(actor=owner, comment=comment, decision="hide")
    return comment


def _edit_url(comment) -> str:
    proposal = comment.proposal
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/comments/{comment.pk}/edit/"


@pytest.mark.parametrize("who", ["other", "resident", "owner"])
def test_the_edit_page_of_a_hidden_comment_shows_none_of_its_words(hidden_comment, who, request):
    """Nobody edits a comment moderation hid, and the refusal shows nothing of it; not to
    another person, nor to its author, nor to staff."""
    client = Client()
    client.force_login(request.getfixturevalue(who))
    response = client.get(_edit_url(hidden_comment))
    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    response = client.post(_edit_url(hidden_comment), {"body": "Nicer words"})
    assert response.status_code == 403
    hidden_comment.refresh_from_db()
    assert hidden_comment.body == f"{SECRET} insult"


def test_the_edit_page_of_someone_elses_comment_shows_none_of_its_words(public, owner, other):
    proposal = make_proposal(public, owner, title="Shade trees")
    comment = comment_create(actor=owner, proposal=proposal, body=f"{SECRET} shown")
    client = Client()
    client.force_login(other)
    response = client.get(_edit_url(comment))
    assert response.status_code == 403
    assert SECRET not in response.content.decode()


def test_a_hidden_comment_takes_no_edit_and_no_reply(hidden_comment, resident, other):
    with pytest.raises(PermissionDenied):
        comment_edit(actor=resident, comment=hidden_comment, body="Nicer words")
    with pytest.raises(ValidationError) as error:
        comment_create(
            actor=other, proposal=hidden_comment.proposal, body="Hm", parent=hidden_comment
        )
    assert "parent" in error.value.message_dict


# --- finding 4: unlisted challenges by id, and followers' news ----------------------------------


def _probe(client: Client, kind: str, pk: int) -> list[tuple[int, str, bytes]]:
    """Every way of naming a follow target without a page that shows it: the id alone, as
    the form once took it, and a name with a made-up or missing signature."""
    answers = []
    for data in (
        {"kind": kind, "pk": pk},
        {"target": f"{kind}:{pk}"},
        {"target": f"{kind}:{pk}:forged"},
        {"target": follow_target(kind, pk + 1)[:-1] + "x"},
    ):
        response = client.post("/notifications/follow/", data)
        answers.append((response.status_code, response.get("Location", ""), response.content))
    return answers


@pytest.mark.parametrize("visibility", [Visibility.UNLISTED, Visibility.PRIVATE])
def test_a_challenge_id_that_is_not_listed_answers_as_a_missing_one(
    owner, organization, other, visibility
):
    secret = make_challenge(owner, organization, slug="by-link", visibility=visibility)
    proposal = make_proposal(secret, owner, title="Quiet idea")
    client = Client()
    client.force_login(other)
    missing = 10**6
    for kind, pk in (("challenge", secret.pk), ("proposal", proposal.pk)):
        assert _probe(client, kind, pk) == _probe(client, kind, missing), kind
        assert {status for status, _to, _body in _probe(client, kind, pk)} == {404}
    assert not Follow.objects.exists()


def test_the_follow_button_on_an_unlisted_page_still_follows(owner, organization, other):
    """Whoever has the link sees the button, and the name it carries is all following needs."""
    secret = make_challenge(owner, organization, slug="by-link", visibility=Visibility.UNLISTED)
    client = Client()
    client.force_login(other)
    html = client.get(f"/c/{secret.slug}/").content.decode()
    target = re.search(r'name="target" value="([^"]+)"', html)
    assert target, "the page has a follow button"
    response = client.post("/notifications/follow/", {"target": target.group(1)})
    assert response.status_code == 302
    assert Follow.objects.filter(user=other, challenge=secret).exists()
    # The name says which target it is, and no other: it is not a key to its neighbours.
    other_pk = target.group(1).replace(f"challenge:{secret.pk}:", f"challenge:{secret.pk + 1}:")
    assert client.post("/notifications/follow/", {"target": other_pk}).status_code == 404


def test_followers_of_a_person_hear_nothing_of_their_unlisted_work(
    owner, organization, public, resident, other, django_capture_on_commit_callbacks
):
    """The author's followers hear of a proposal only where the challenge is listed to them
    (their profile hides the rest too); those who follow the unlisted challenge itself, who
    have its link, do hear of it, and so does a member of its organization."""
    member = UserFactory(username="member")
    Membership.objects.create(organization=organization, user=member, role=Role.STAFF)
    unlisted = make_challenge(
        owner, organization, slug="by-link", visibility=Visibility.UNLISTED, actions=OPEN
    )
    for follower in (other, member):
        follow_add(actor=follower, target=resident)
    insider = UserFactory(username="insider")
    follow_add(actor=insider, target=unlisted)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        quiet = make_proposal(unlisted, resident, title=f"{SECRET} idea")
        make_proposal(public, resident, title="Open idea")

    def news(user) -> list[str]:
        return [n.text for n in Notification.objects.filter(recipient=user).order_by("id")]

    assert news(other) == ["resident proposed “Open idea” in Challenge open-street"]
    assert len(news(member)) == 2 and SECRET in news(member)[0]
    assert news(insider) == [f"New proposal in Challenge by-link: “{SECRET} idea”"]
    assert not any(SECRET in m.subject + m.body for m in mail.outbox if other.email in m.to)
    # Their profile agrees: to `other` it lists the open idea only.
    client = Client()
    client.force_login(other)
    profile = client.get(f"/u/{resident.username}/").content.decode()
    assert "Open idea" in profile and SECRET not in profile and f"/p/{quiet.pk}/" not in profile


# --- finding 9: a proposal moderation hid ----------------------------------------------------


@pytest.fixture
def hidden(public, owner, resident, other):
    """A remix tree: a shown parent, a hidden child of it, and a shown grandchild."""
    shown = make_proposal(public, resident, title="Shade trees")
    hidden = make_proposal(public, resident, title=f"{SECRET} idea", parent=shown)
    grandchild = make_proposal(public, other, title="Shade and seats", parent=hidden)
    moderation_decide(actor=owner, proposal=hidden, decision="hide")
    hidden.refresh_from_db()
    return shown, hidden, grandchild


def _moderator(organization):
    moderator = UserFactory(username="moderator")
    Membership.objects.create(organization=organization, user=moderator, role=Role.MODERATOR)
    return moderator


@pytest.mark.parametrize("viewer", ["anonymous", "other", "resident", "moderator"])
def test_compare_choices_and_lineage_leave_a_hidden_proposal_out(
    public, hidden, organization, viewer, request
):
    """Nobody finds it in the compare menus; in another proposal's remix tree only its author
    and moderators (who may still open its page) find it."""
    shown, secret, grandchild = hidden
    client = Client()
    if viewer == "moderator":
        client.force_login(_moderator(organization))
    elif viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))
    compare = client.get(f"/c/{public.slug}/compare/").content.decode()
    assert "Shade trees" in compare and SECRET not in compare
    assert f'value="{secret.pk}"' not in compare
    for pk in (shown.pk, grandchild.pk):
        tree = client.get(f"/c/{public.slug}/p/{pk}/lineage/").content.decode()
        assert "Shade and seats" in tree
        if viewer in ("anonymous", "other"):  # its author and moderators still see it there
            assert SECRET not in tree and f"/p/{secret.pk}/" not in tree


@pytest.mark.parametrize("viewer", ["other", "moderator", "owner"])
def test_a_hidden_proposal_takes_no_support_opposition_pledge_or_comment(
    public, hidden, organization, viewer, request
):
    """Not through its buttons, whoever presses them: not even staff who can still open it."""
    from cocreate.community.models import Comment
    from cocreate.proposals.models import Opposition, Pledge, Support

    _shown, secret, _grandchild = hidden
    public.allow_oppose = True
    public.save(update_fields=["allow_oppose"])
    user = _moderator(organization) if viewer == "moderator" else request.getfixturevalue(viewer)
    client = Client()
    client.force_login(user)
    base = f"/c/{public.slug}/p/{secret.pk}"
    for path, data in (
        ("support/", {}),
        ("oppose/", {}),
        ("pledge/", {"kind": "money", "amount": "10"}),
        ("comments/", {"body": "Still here?"}),
    ):
        response = client.post(f"{base}/{path}", data)
        assert response.status_code in (302, 403, 404), (path, response.status_code)
    assert not Support.objects.filter(proposal=secret).exists()
    assert not Opposition.objects.filter(proposal=secret).exists()
    assert not Pledge.objects.filter(proposal=secret).exists()
    assert not Comment.objects.filter(proposal=secret).exists()
