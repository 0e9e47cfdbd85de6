"""Rate limits where people act: posting a proposal or a comment, supporting, signing up.
Refused attempts keep what was typed and save nothing."""

from __future__ import annotations

import time

from django.core.cache import cache

from cocreate.accounts.models import User
from cocreate.community.models import Comment
from cocreate.community.services import comment_create
from cocreate.moderation import limits
from cocreate.moderation.models import Report
from cocreate.proposals.models import Pledge, Proposal, Support

from ..html import parse
from ..proposals.test_toolkit import form_data


def _fill(bucket: str, subject: str, used: int) -> None:
    """Spend `used` of the current hour's allowance, as earlier requests would have."""
    start = limits.window_start(time.time(), limits.HOUR)
    cache.set(f"rate:{bucket}:{subject}:{start}", used, timeout=limits.HOUR + 60)


def _comment_url(proposal):
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/comments/"


def test_a_new_account_posts_three_comments_then_is_told_when(client, proposal, other):
    client.force_login(other)
    for n in range(3):
        assert client.post(_comment_url(proposal), {"body": f"Point {n}"}).status_code == 302
    response = client.post(_comment_url(proposal), {"body": "A fourth point, kept"})
    page = parse(response)
    assert response.status_code == 400
    body = page.one("form.comment-form textarea[name=body]")
    assert body.data == "A fourth point, kept"
    error = page.one(".error-summary [role=alert]").text  # the whole form's error
    assert "While your account is new you can post at most 3" in error
    assert "Try again after" in error
    assert Comment.objects.count() == 3


def test_a_comment_refused_for_its_content_costs_nothing(client, proposal, other):
    client.force_login(other)
    for _ in range(3):
        assert client.post(_comment_url(proposal), {"body": ""}).status_code == 400
    for n in range(3):
        assert client.post(_comment_url(proposal), {"body": f"Point {n}"}).status_code == 302


def test_a_new_account_cannot_post_or_edit_in_a_link(client, proposal, other):
    client.force_login(other)
    response = client.post(_comment_url(proposal), {"body": "Cheap at https://spam.test"})
    assert response.status_code == 400
    assert "New accounts can&#x27;t post links yet" in response.content.decode()
    comment = comment_create(actor=other, proposal=proposal, body="Innocent")
    edit = f"/c/{proposal.challenge.slug}/p/{proposal.pk}/comments/{comment.pk}/edit/"
    response = client.post(edit, {"body": "Innocent www.spam.biz"})
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.body == "Innocent"


def test_proposals_over_the_limit_are_refused_and_the_draft_kept(client, talk, other):
    client.force_login(other)
    _fill("proposal", f"user:{other.pk}", limits.EVERYONE["proposal"][0].most)
    data = form_data(talk.baseline, op="submit", title="Trees please", rationale="Shade")
    response = client.post(f"/c/{talk.slug}/toolkit/", data)
    page = parse(response)
    assert response.status_code == 200
    # The page comes back at its top: the error summary above the title takes focus, so the
    # reasons are in view.
    summary = page.one("form#toolkit .error-summary[autofocus]")
    assert "You can submit at most 10 proposals an hour" in summary.one("[role=alert]").text
    title = page.one("input[name=title]")
    assert title["value"] == "Trees please"
    assert "aria-invalid" not in title.attrs  # the refusal is the whole form's, not the title's
    assert not Proposal.objects.filter(author=other).exists()
    # Kept in the session too: the page reopens with it.
    reopened = parse(client.get(f"/c/{talk.slug}/toolkit/?form=1"))
    assert reopened.one("input[name=title]")["value"] == "Trees please"


def test_a_proposal_refused_by_its_design_costs_nothing(client, talk, other):
    client.force_login(other)
    no_title = form_data(talk.baseline, op="submit", title="", rationale="Shade")
    for _ in range(4):
        client.post(f"/c/{talk.slug}/toolkit/", no_title)
    ok = form_data(talk.baseline, op="submit", title="Trees please", rationale="Shade")
    assert client.post(f"/c/{talk.slug}/toolkit/", ok).status_code == 302


def test_supports_over_the_limit_are_refused(client, proposal, other):
    client.force_login(other)
    _fill("support", f"user:{other.pk}", 60)
    url = f"/c/{proposal.challenge.slug}/p/{proposal.pk}/support/"
    response = client.post(url, follow=True)
    assert "You can support at most 60 proposals an hour" in response.content.decode()
    assert not Support.objects.filter(user=other).exists()
    # Withdrawing is never limited.
    cache.clear()
    client.post(url)
    _fill("support", f"user:{other.pk}", 60)
    client.post(url, {"op": "withdraw"})
    assert not Support.objects.filter(user=other).exists()


def _signup(client, name, forwarded_for=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(
        "/accounts/signup/",
        {
            "email": f"{name}@example.org",
            "username": name,
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
        },
        **extra,
    )


def test_five_signups_an_hour_from_one_address(client, db):
    for n in range(5):
        assert _signup(client, f"new{n}").status_code == 302
        client.logout()
    response = _signup(client, "sixth")
    assert response.status_code == 200
    assert "At most 5 accounts can be created from one address an hour" in (
        response.content.decode()
    )
    assert User.objects.filter(username__startswith="new").count() == 5
    assert not User.objects.filter(username="sixth").exists()


def test_a_signup_with_a_typo_costs_nothing(client, db):
    for _ in range(6):
        bad = client.post("/accounts/signup/", {"email": "nope", "username": "x"})
        assert bad.status_code == 200
    assert _signup(client, "careful").status_code == 302


def test_reports_over_the_limit_are_refused(client, proposal, other):
    client.force_login(other)
    _fill("report", f"user:{other.pk}", 20)
    url = f"/c/{proposal.challenge.slug}/p/{proposal.pk}/report/"
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 400
    assert "You can report at most 20 things an hour" in response.content.decode()
    assert not Report.objects.exists()


def test_behind_a_proxy_each_client_counts_for_itself(client, db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        assert _signup(client, f"near{n}", forwarded_for="203.0.113.7").status_code == 302
        client.logout()
    # The sixth from that client is refused; someone else behind the same balancer is not.
    assert _signup(client, "far", forwarded_for="203.0.113.7").status_code == 200
    assert _signup(client, "other", forwarded_for="198.51.100.4").status_code == 302


def test_pledges_over_the_limit_are_refused(client, proposal, other):
    client.force_login(other)
    _fill("pledge", f"user:{other.pk}", 30)
    url = f"/c/{proposal.challenge.slug}/p/{proposal.pk}/pledge/"
    response = client.post(url, {"kind": "hours", "amount": "4"}, follow=True)
    assert "You can pledge at most 30 times an hour" in response.content.decode()
    assert not Pledge.objects.exists()
