"""Finding 11 and idempotent writes: a double click or a retried request creates one row and is
answered as the first was; a refusal or other words are a new request; a key answers only the
person who sent it, for a day."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cocreate.challenges.models import Action
from cocreate.community.models import Comment
from cocreate.core.idempotency import FIELD, HEADER, new_key
from cocreate.core.models import IdempotentRequest
from cocreate.moderation.models import Report
from cocreate.notifications.forms import follow_target
from cocreate.notifications.models import Follow
from cocreate.proposals.models import Opposition, Pledge, Proposal, Support

from ..concurrency.racing import postgres_only, race
from ..factories import UserFactory, make_challenge, make_organization, make_proposal
from ..proposals.test_toolkit import form_data

OPEN = [Action.SUBMIT, Action.SUPPORT, Action.COMMENT]


@pytest.fixture
def talk(owner, organization):
    challenge = make_challenge(owner, organization, slug="talk", actions=OPEN)
    challenge.allow_oppose = True
    challenge.save()
    return challenge


@pytest.fixture
def idea(talk, resident):
    return make_proposal(talk, resident, title="An idea")


def _at(proposal, tail=""):
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/{tail}"


def _answer(response):
    return response.status_code, response.get("Location"), response.get("HX-Redirect")


def _submit(challenge, key, **words):
    data = form_data(challenge.baseline, op="submit", title="Trees", rationale="Shade")
    return {**data, **words, FIELD: key}


def test_a_double_submit_of_a_draft_publishes_one_proposal(client, talk, other):
    client.force_login(other)
    data = _submit(talk, new_key())
    first = client.post(f"/c/{talk.slug}/toolkit/", data)
    again = client.post(f"/c/{talk.slug}/toolkit/", data)
    assert Proposal.objects.filter(title="Trees").count() == 1
    assert _answer(again) == _answer(first)
    assert first.status_code == 302 and "/p/" in first["Location"]


def test_a_refused_submit_releases_its_key_for_the_corrected_one(client, talk, other):
    client.force_login(other)
    key = new_key()
    refused = client.post(f"/c/{talk.slug}/toolkit/", _submit(talk, key, title=""))
    assert refused.status_code == 200 and not Proposal.objects.exists()
    fixed = client.post(f"/c/{talk.slug}/toolkit/", _submit(talk, key))
    assert fixed.status_code == 302 and Proposal.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1  # the refusal kept nothing


def test_the_same_key_with_other_words_is_another_request(client, talk, other):
    client.force_login(other)
    key = new_key()  # a page kept open (or brought back) and sent twice with new words
    client.post(f"/c/{talk.slug}/toolkit/", _submit(talk, key))
    client.post(f"/c/{talk.slug}/toolkit/", _submit(talk, key, title="Trees, again"))
    assert Proposal.objects.count() == 2


def test_an_htmx_submit_is_replayed_as_an_htmx_redirect(client, talk, other):
    client.force_login(other)
    data = _submit(talk, new_key())
    first = client.post(f"/c/{talk.slug}/toolkit/", data, HTTP_HX_REQUEST="true")
    again = client.post(f"/c/{talk.slug}/toolkit/", data, HTTP_HX_REQUEST="true")
    assert first["HX-Redirect"] and _answer(again) == _answer(first)
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize(
    ("tail", "data", "rows"),
    [
        ("support/", {"op": "support"}, Support.objects),
        ("oppose/", {}, Opposition.objects),
        ("pledge/", {"kind": "money", "amount": "20"}, Pledge.objects),
        ("comments/", {"body": "Good"}, Comment.objects),
        ("report/", {"reason": "spam"}, Report.objects),
    ],
)
def test_a_double_click_creates_one_row_and_answers_the_same(client, idea, other, tail, data, rows):
    client.force_login(other)
    posted = {**data, FIELD: new_key()}
    first = client.post(_at(idea, tail), posted)
    again = client.post(_at(idea, tail), posted)
    assert rows.count() == 1
    assert _answer(again) == _answer(first) and first.status_code == 302


def test_a_double_reply_posts_one_reply(client, idea, resident, other):
    from cocreate.community.services import comment_create

    parent = comment_create(actor=resident, proposal=idea, body="Why?")
    client.force_login(other)
    posted = {"body": "Because.", "parent": str(parent.pk), FIELD: new_key()}
    answers = {_answer(client.post(_at(idea, "comments/"), posted)) for _ in range(3)}
    assert len(answers) == 1 and Comment.objects.filter(parent=parent).count() == 1


def test_a_double_follow_through_htmx_answers_the_same_button(client, idea, other):
    client.force_login(other)
    posted = {"target": follow_target("proposal", idea.pk), FIELD: new_key()}
    first = client.post("/notifications/follow/", posted, HTTP_HX_REQUEST="true")
    again = client.post("/notifications/follow/", posted, HTTP_HX_REQUEST="true")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and b"Following" in first.content
    assert Follow.objects.filter(user=other, proposal=idea).count() == 1


def test_the_header_is_a_key_too(client, idea, other):
    client.force_login(other)
    key = {f"HTTP_{HEADER.upper().replace('-', '_')}": new_key()}
    first = client.post(_at(idea, "comments/"), {"body": "Once"}, **key)
    again = client.post(_at(idea, "comments/"), {"body": "Once"}, **key)
    assert _answer(again) == _answer(first) and Comment.objects.count() == 1


def test_without_a_key_each_post_is_its_own(client, idea, other):
    client.force_login(other)
    client.post(_at(idea, "comments/"), {"body": "+1"})
    client.post(_at(idea, "comments/"), {"body": "+1"})
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("key", ["x" * 101, "a\x00b", "line\nbreak"])
def test_a_malformed_key_is_refused_with_its_name(client, idea, other, key):
    client.force_login(other)
    response = client.post(_at(idea, "comments/"), {"body": "Hi", FIELD: key})
    assert response.status_code == 400 and b"idempotency key" in response.content
    assert not Comment.objects.exists()


def test_a_key_answers_only_its_sender(client, idea, resident, other):
    """Another person replaying a key (seen in a shared page, guessed) gets no answer of ours."""
    key = new_key()
    client.force_login(other)
    mine = client.post(_at(idea, "comments/"), {"body": "Mine", FIELD: key})
    client.force_login(UserFactory(username="third"))
    theirs = client.post(_at(idea, "comments/"), {"body": "Mine", FIELD: key})
    assert Comment.objects.count() == 2 and _answer(theirs) != _answer(mine)


def test_a_key_is_kept_for_a_day_then_claimed_afresh_and_pruned(client, idea, other):
    client.force_login(other)
    posted = {"body": "Hello", FIELD: new_key()}
    client.post(_at(idea, "comments/"), posted)
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    client.post(_at(idea, "comments/"), posted)  # a day later it is a new request
    assert Comment.objects.count() == 2
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    out = StringIO()
    call_command("prune", stdout=out)
    assert out.getvalue().startswith("Pruned 1 ") and not IdempotentRequest.objects.exists()


def test_every_creating_form_carries_a_fresh_key(client, idea, other):
    from cocreate.community.services import comment_create

    comment_create(actor=other, proposal=idea, body="A comment to reply to")
    client.force_login(other)
    html = client.get(_at(idea)).content.decode()
    keys = [part.split('"', 1)[0] for part in html.split(f'name="{FIELD}" value="')[1:]]
    # support, oppose, pledge, follow, report, comment, reply, the comment's report
    assert len(keys) == 8 and len(set(keys)) == 8
    again = client.get(_at(idea)).content.decode()
    assert keys[0] not in again
    toolkit = client.get(f"/c/{idea.challenge.slug}/toolkit/").content.decode()
    assert f'name="{FIELD}"' in toolkit


@pytest.mark.django_db
def test_a_key_adds_two_queries_to_a_creating_post_and_none_to_its_replay(
    client, idea, other, django_assert_num_queries
):
    """Pinned: supporting is 18 queries without a key (tests/pages/test_endpoints.py); the key
    adds its claim and the kept answer. The replay runs no view at all."""
    client.force_login(other)
    posted = {"op": "support", FIELD: new_key()}
    with django_assert_num_queries(18 + 2):
        client.post(_at(idea, "support/"), posted)
    with django_assert_num_queries(6):  # session, person, savepoint pair, claim, the answer
        client.post(_at(idea, "support/"), posted)


@postgres_only
def test_parallel_submits_of_one_draft_publish_one_proposal(transactional_db):
    """The reported case: four submits of the same draft at once made four proposals."""
    owner = UserFactory(username="owner")
    challenge = make_challenge(owner, make_organization(owner), slug="race", actions=OPEN)
    person = UserFactory(username="person")
    data = _submit(challenge, new_key())
    answers: list[tuple[int, str | None, str | None]] = []

    def prepare():
        browser = Client()
        browser.force_login(person)
        return lambda: answers.append(_answer(browser.post(f"/c/{challenge.slug}/toolkit/", data)))

    assert race(prepare, 4) == []
    proposal = Proposal.objects.get()  # exactly one
    assert answers == [(302, f"/c/{challenge.slug}/p/{proposal.pk}/", None)] * 4
