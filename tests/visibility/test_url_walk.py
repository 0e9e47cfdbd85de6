"""Every URL of the URL map, walked as an outsider: a private challenge, an unlisted one and a
proposal moderation hid leave no trace for them — no title, thumbnail, count or link.

The check is differential, so it cannot miss a kind of trace nobody thought to look for: each page
is fetched once with the secret in the database and once after deleting it, and the two answers
must be the same (bar the per-response CSRF token). Pages that the secret's own URL leads to
(its challenge page, say) get a 404 both times; pages elsewhere (home, profiles, search, the
inbox, another proposal's remix tree) must not change by a byte. An unlisted challenge may be
opened by its link, so only the pages outside it are compared."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.challenges.models import Action, Challenge, Visibility
from cocreate.community.models import Comment
from cocreate.community.services import comment_create
from cocreate.moderation.services import moderation_decide
from cocreate.notifications.models import Notification
from cocreate.notifications.services import follow_add
from cocreate.organizations.models import Membership, Role
from cocreate.proposals.models import Proposal
from cocreate.proposals.services import support_add

from ..factories import UserFactory, make_challenge, make_proposal

OPEN = [Action.SUBMIT, Action.SUPPORT, Action.COMMENT]
SECRET = "Quokkasecret"  # one word in every secret title and comment, for search to look for


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    """Every route of the URL map, as a template like "c/<slug:slug>/p/<int:pk>/"."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _fill(route: str, values: dict[str, str]) -> str:
    """A concrete path for `route`: route converters and regex groups take `values` by name."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path)
    return "/" + path.replace("^", "").replace("$", "")


@dataclass
class World:
    public: Challenge
    shown: Proposal  # a proposal everyone may see, in the public challenge
    author: User
    outsider: User


@pytest.fixture
def world(owner, organization) -> World:
    author = UserFactory(username="author")
    outsider = UserFactory(username="outsider")
    public = make_challenge(owner, organization, slug="open-street", actions=OPEN)
    shown = make_proposal(public, author, title="Shade trees for everyone")
    comment_create(actor=outsider, proposal=shown, body="Yes to trees.")
    # The outsider hears of the author's work and of the public challenge: news of a secret
    # must not reach them either.
    follow_add(actor=outsider, target=author)
    follow_add(actor=outsider, target=public)
    return World(public=public, shown=shown, author=author, outsider=outsider)


def _secret_proposal(challenge: Challenge, world: World, parent: Proposal | None = None):
    proposal = make_proposal(challenge, world.author, title=f"{SECRET} idea", parent=parent)
    return proposal


def _private(world: World, owner, organization):
    secret = make_challenge(
        owner, organization, slug="inner-lane", visibility=Visibility.PRIVATE, actions=OPEN
    )
    secret.title = f"{SECRET} lane"
    secret.save(update_fields=["title"])
    Membership.objects.create(organization=organization, user=world.author, role=Role.STAFF)
    proposal = _secret_proposal(secret, world)
    comment = comment_create(actor=owner, proposal=proposal, body=f"{SECRET} remark")
    return secret, {"slug": secret.slug, "pk": str(proposal.pk), "comment_pk": str(comment.pk)}


def _unlisted(world: World, owner, organization):
    secret = make_challenge(
        owner, organization, slug="by-link", visibility=Visibility.UNLISTED, actions=OPEN
    )
    secret.title = f"{SECRET} walk"
    secret.save(update_fields=["title"])
    proposal = _secret_proposal(secret, world)
    comment = comment_create(actor=owner, proposal=proposal, body=f"{SECRET} remark")
    return secret, {"slug": secret.slug, "pk": str(proposal.pk), "comment_pk": str(comment.pk)}


def _hidden(world: World, owner, organization):
    proposal = _secret_proposal(world.public, world, parent=world.shown)
    comment = comment_create(actor=owner, proposal=proposal, body=f"{SECRET} remark")
    support_add(actor=owner, proposal=proposal)
    moderation_decide(actor=owner, proposal=proposal, decision="hide")
    slug = world.public.slug
    return proposal, {"slug": slug, "pk": str(proposal.pk), "comment_pk": str(comment.pk)}


SCENARIOS = {"private": _private, "unlisted": _unlisted, "hidden": _hidden}


def _urls(secret: dict[str, str], world: World, organization) -> list[tuple[str, str]]:
    """(method, path) for every route: routes with a proposal or comment in them point at the
    secret; the rest at public things, with queries that would find the secret if it leaked."""
    values = {
        **secret,
        "org_slug": organization.slug,
        "org": organization.slug,
        "digest": "x",
        "username": world.author.username,
        "object_id": secret["pk"],
        "content_type_id": "1",
        "id": secret["pk"],
        "key": "x",
        "uidb36": "x",
        "url": "x",
        "app_label": "proposals",
    }
    urls: list[tuple[str, str]] = []
    for route in _routes(get_resolver().url_patterns):
        path = _fill(route, values)
        urls.append(("get", path))
        if "pk>" in route:  # writes on the secret itself must be refused as well
            urls.append(("post", path))
    public = f"/c/{world.public.slug}/"
    urls += [
        ("get", f"{public}search/?q=idea"),  # words of the secret's title and comment, not
        ("get", f"{public}search/?q=remark"),  # the secret word itself, which a page echoes
        ("get", f"{public}similar/?title=idea"),
        ("get", f"{public}compare/?a={secret['pk']}&b={world.shown.pk}"),
        ("get", f"{public}toolkit/?remix={secret['pk']}"),
        ("get", f"{public}p/{world.shown.pk}/lineage/"),
        ("get", f"{public}?sort=support"),
        ("get", f"/c/{secret['slug']}/search/?q=idea"),
    ]
    return urls


def _age_everything() -> None:
    """Date every row three days back, so "12 seconds ago" cannot tick between two snapshots."""
    then = timezone.now() - timedelta(days=3)
    for model in (Proposal, Comment, Notification):
        model.objects.update(created_at=then)


_TOKEN = re.compile(r'((?:csrfmiddlewaretoken|idempotency_key)" value="|"X-CSRFToken": ")[^"]+')


def _answer(client: Client, method: str, path: str) -> tuple[int, str, str]:
    response = getattr(client, method)(path)
    body = _TOKEN.sub(r"\1…", response.content.decode(errors="replace"))
    return response.status_code, response.get("Location", ""), body


@pytest.mark.parametrize("viewer", ["anonymous", "outsider"])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_an_outsider_finds_no_trace_of_a_secret_on_any_page(
    world, owner, organization, scenario, viewer
):
    secret, values = SCENARIOS[scenario](world, owner, organization)
    client = Client()
    if viewer == "outsider":
        client.force_login(world.outsider)
    _age_everything()
    urls = _urls(values, world, organization)
    if scenario == "unlisted":  # its own pages are for whoever has the link
        urls = [(m, p) for m, p in urls if not p.startswith(f"/c/{values['slug']}/")]
    with_secret = {url: _answer(client, *url) for url in urls}
    for url in urls:
        assert SECRET not in with_secret[url][2], f"{scenario}: {url} shows the secret"
    secret.delete()
    for url in urls:
        assert _answer(client, *url) == with_secret[url], f"{scenario}: {url} differs"
    assert len(urls) > 60  # the whole URL map was walked, not an empty list


def test_a_hidden_proposal_is_a_placeholder_in_its_remix_tree(world, owner, organization):
    hidden, _values = _hidden(world, owner, organization)
    remix = make_proposal(world.public, world.author, title="Child of a hidden one", parent=hidden)
    client = Client()
    client.force_login(world.outsider)
    html = client.get(f"/c/{world.public.slug}/p/{remix.pk}/lineage/").content.decode()
    assert "Child of a hidden one" in html
    assert SECRET not in html and f"/p/{hidden.pk}/" not in html
    assert "A proposal moderation hid" in html
    # Its author still sees their own proposal in the tree.
    client.force_login(world.author)
    assert SECRET in client.get(f"/c/{world.public.slug}/p/{remix.pk}/lineage/").content.decode()


@pytest.mark.parametrize("visibility", list(Visibility))
def test_query_set_and_row_rules_agree(owner, organization, visibility, world):
    """`visible_to`/`listed_to` (one query for many rows) and `is_visible_to`/`is_listed_to` (one
    row in hand) are two spellings of one rule."""
    challenge = make_challenge(
        owner, organization, slug=f"c-{visibility}", visibility=visibility, actions=OPEN
    )
    # Outside a private challenge only members write; elsewhere an outsider can be an author.
    author = owner if visibility == Visibility.PRIVATE else world.author
    mine = make_proposal(challenge, author, title="Mine")
    hidden = make_proposal(challenge, author, title="Hidden")
    moderation_decide(actor=owner, proposal=hidden, decision="hide")
    moderator = UserFactory(username="moderator")
    Membership.objects.create(organization=organization, user=moderator, role=Role.MODERATOR)
    for user in (AnonymousUser(), world.outsider, world.author, moderator, owner):
        for rows, one in (
            (Challenge.objects.visible_to(user), challenge.is_visible_to),
            (Challenge.objects.listed_to(user), challenge.is_listed_to),
        ):
            assert rows.filter(pk=challenge.pk).exists() == one(user), (visibility, user)
        for proposal in (mine, hidden):
            proposal = Proposal.objects.select_related("challenge").get(pk=proposal.pk)
            in_set = Proposal.objects.visible_to(user).filter(pk=proposal.pk).exists()
            assert in_set == proposal.is_visible_to(user), (visibility, user, proposal.title)
