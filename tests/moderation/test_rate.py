"""check_rate against the real cache: fixed windows, trust, links, sign-ups by address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.community.services import comment_create
from cocreate.moderation.rates import check_rate, is_new_account, rate_limited

from ..factories import UserFactory, make_proposal

HOUR = 3600
T0 = 1_800_000_000 - 1_800_000_000 % HOUR  # the start of an hour


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer")


@pytest.fixture
def trusted(talk, owner):
    user = UserFactory(username="trusted")
    user.date_joined = timezone.now() - timedelta(days=2)
    user.save(update_fields=["date_joined"])
    proposal = make_proposal(talk, owner)
    for n in range(3):
        comment_create(actor=user, proposal=proposal, body=f"Thought {n}")
    return user


def test_trust(newcomer, trusted, resident):
    assert is_new_account(newcomer)
    assert not is_new_account(trusted)


def test_new_account_posts_three_an_hour_then_is_told_when(newcomer):
    for _ in range(2):
        check_rate(actor=newcomer, action="comment", now=T0 + 10)
    check_rate(actor=newcomer, action="proposal", now=T0 + 20)  # same bucket
    with pytest.raises(ValidationError) as error:
        check_rate(actor=newcomer, action="comment", now=T0 + 30 * 60)
    message = error.value.messages[0]
    assert "at most 3 proposals or comments an hour" in message
    assert "in 30 minutes" in message
    # The next fixed window starts afresh.
    check_rate(actor=newcomer, action="comment", now=T0 + HOUR)


def test_everyone_twenty_comments_an_hour(trusted):
    for _ in range(20):
        check_rate(actor=trusted, action="comment", now=T0)
    with pytest.raises(ValidationError, match="at most 20 comments"):
        check_rate(actor=trusted, action="comment", now=T0 + HOUR - 1)
    check_rate(actor=trusted, action="comment", now=T0 + HOUR)


def test_sixty_supports_an_hour(newcomer):
    for _ in range(60):
        check_rate(actor=newcomer, action="support", now=T0)
    with pytest.raises(ValidationError, match="support at most 60"):
        check_rate(actor=newcomer, action="support", now=T0)


def test_counts_are_per_person(newcomer, resident):
    for _ in range(3):
        check_rate(actor=newcomer, action="comment", now=T0)
    check_rate(actor=resident, action="comment", now=T0)


def test_signups_five_an_hour_per_address(db):
    from django.contrib.auth.models import AnonymousUser

    for _ in range(5):
        check_rate(actor=AnonymousUser(), action="signup", ip="203.0.113.9", now=T0)
    with pytest.raises(ValidationError, match="5 accounts"):
        check_rate(actor=AnonymousUser(), action="signup", ip="203.0.113.9", now=T0)
    check_rate(actor=AnonymousUser(), action="signup", ip="203.0.113.10", now=T0)


def test_new_accounts_cannot_post_links(newcomer, trusted):
    with pytest.raises(ValidationError) as error:
        check_rate(actor=newcomer, action="comment", texts={"body": "see https://spam.test"})
    assert "body" in error.value.message_dict
    check_rate(
        actor=trusted, action="comment", texts={"body": "see https://at.govt.nz/dominion-road"}
    )


def test_unknown_action(newcomer):
    with pytest.raises(ValueError, match="unknown rate-limited action"):
        check_rate(actor=newcomer, action="teleport")


def test_a_refused_attempt_counts_against_nothing(newcomer):
    for _ in range(3):
        check_rate(actor=newcomer, action="comment", now=T0)
    for _ in range(5):
        with pytest.raises(ValidationError):
            check_rate(actor=newcomer, action="comment", now=T0)
    # Three posts used the new-account allowance, and only those count toward everyone's 20.
    from django.core.cache import cache

    assert cache.get(f"rate:comment:user:{newcomer.pk}:{T0}") == 3
    assert cache.get(f"rate:new_post:user:{newcomer.pk}:{T0}") == 3


def test_a_write_refused_for_another_reason_gives_its_count_back(newcomer):
    for _ in range(3):
        with (
            pytest.raises(ValidationError, match="title"),
            rate_limited(actor=newcomer, action="proposal"),
        ):
            raise ValidationError({"title": ["Give your proposal a title."]})
    for _ in range(3):
        with rate_limited(actor=newcomer, action="proposal"):
            pass
    with (
        pytest.raises(ValidationError, match="at most 3"),
        rate_limited(actor=newcomer, action="proposal"),
    ):
        pass


def test_new_accounts_cannot_put_links_in_a_proposal(newcomer, trusted):
    with pytest.raises(ValidationError) as error:
        check_rate(
            actor=newcomer,
            action="proposal",
            texts={"title": "Pills", "rationale": "Buy at www.cheap-pills.biz"},
        )
    assert set(error.value.message_dict) == {"rationale"}  # by the field holding the link
    check_rate(
        actor=trusted, action="proposal", texts={"rationale": "As at.govt.nz/dominion-road says"}
    )


@pytest.mark.parametrize(
    "body",
    [
        "Cheap [watches](//spam.shop/buy)",
        "<ftp://spam.shop>",
        "[write to us](mailto:a@spam.shop)",
        "Visit https://spam.shop",
    ],
)
def test_no_link_gets_past_in_any_markdown_form(newcomer, trusted, body):
    with pytest.raises(ValidationError, match="New accounts can't post links"):
        check_rate(actor=newcomer, action="comment", texts={"body": body})
    check_rate(actor=trusted, action="comment", texts={"body": body})


def test_plain_words_are_not_links(newcomer):
    check_rate(actor=newcomer, action="comment", texts={"body": "Trees *please*, near no. 5."})
