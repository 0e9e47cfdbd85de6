"""The tenant-isolation matrix, generated from the URL map: every staff URL of organization A
(every route under ``manage/``, and moderation's queue, decisions and log) answers 404 or 403
to every role of organization B, to a resident with no membership and to an anonymous visitor,
for GET and for POST, and none of those answers names A's challenge or proposal.

Anonymous visitors get the same 404 or 403 as everyone outside: never a redirect to log in,
which would tell them the page exists. A 405 is accepted only for a method the route does not
take (the view never ran), and only when the other method got through to the door.

A route with a URL keyword this file does not know fails the matrix (`KWARGS`), so a new staff
URL cannot slip past it; the self-test at the end proves an unguarded page is caught."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.moderation import urls as moderation_urls
from cocreate.organizations.models import Organization, Role
from cocreate.proposals.models import Proposal

from ..factories import UserFactory, make_challenge, make_member, make_organization, make_proposal
from ..visibility.test_url_walk import _fill, _routes

CHALLENGE_TITLE = "Zanzibar secret street"
PROPOSAL_TITLE = "Quetzal hidden idea"
# The fewest staff routes the walk may find: the audit log, the members page and its two
# posts, and moderation's three. An empty or broken walk fails here.
AT_LEAST = 7
METHODS = ("get", "post")
KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass
class TenantA:
    """Organization A and one of each kind of row its staff URLs name."""

    organization: Organization
    challenge: Challenge
    proposal: Proposal


# What each URL keyword of a staff route is filled with: one of organization A's own rows, so
# the door, not a missing row, is what answers. A new keyword needs a line here.
KWARGS: dict[str, Callable[[TenantA], object]] = {
    "org": lambda a: a.organization.slug,
    "org_slug": lambda a: a.organization.slug,
    "slug": lambda a: a.challenge.slug,
    "pk": lambda a: a.proposal.pk,
}


def staff_routes(patterns: Iterable[object] | None = None) -> list[str]:
    """Every staff route of the URL map: under ``manage/``, and moderation's staff pages."""
    moderation = {
        str(p.pattern)
        for p in moderation_urls.urlpatterns
        if isinstance(p, URLPattern) and (p.name or "").startswith("moderation-")
    }
    every = _routes(list(patterns if patterns is not None else get_resolver().url_patterns))
    return sorted({r for r in every if r.startswith("manage/") or r in moderation})


def kwargs_of(route: str) -> list[str]:
    return [a or b for a, b in KWARG.findall(route)]


def refusals(routes: list[str], tenant: TenantA, visitors: dict[str, User | None]) -> list[str]:
    """What goes wrong: one line per route, visitor and method that answers anything but a
    404 or 403, or names A's challenge or proposal, and per route with an unknown keyword."""
    problems: list[str] = []
    clients = {}
    for name, user in visitors.items():
        clients[name] = Client()
        if user is not None:
            clients[name].force_login(user)
    for route in routes:
        unknown = [k for k in kwargs_of(route) if k not in KWARGS]
        if unknown:
            problems.append(
                f"{route}: URL keyword(s) {unknown} unknown to the isolation matrix; add them"
                " to KWARGS in tests/workspace/test_tenant_isolation.py with organization A's row"
            )
            continue
        path = _fill(route, {k: str(KWARGS[k](tenant)) for k in kwargs_of(route)})
        for name, client in clients.items():
            statuses = {}
            for method in METHODS:
                response = getattr(client, method)(path)
                statuses[method] = response.status_code
                body = response.content.decode("utf-8", "replace")
                if response.status_code not in (403, 404, 405):
                    problems.append(f"{method.upper()} {path} as {name}: {response.status_code}")
                if response.status_code == 405 and "Allow" not in response:
                    problems.append(f"{method.upper()} {path} as {name}: 405 without Allow")
                for secret in (CHALLENGE_TITLE, PROPOSAL_TITLE):
                    if secret in body:
                        problems.append(f"{method.upper()} {path} as {name}: shows {secret!r}")
            if set(statuses.values()) == {405}:
                problems.append(f"{path} as {name}: no method reached the view")
    return problems


@pytest.fixture
def tenant(db) -> TenantA:
    admin = UserFactory(username="alpha-admin")
    organization = make_organization(admin, slug="alpha")
    challenge = make_challenge(admin, organization, slug="alpha-street")
    Challenge.objects.filter(pk=challenge.pk).update(title=CHALLENGE_TITLE)
    challenge.refresh_from_db()
    proposal = make_proposal(
        challenge, UserFactory(username="alpha-resident"), title=PROPOSAL_TITLE
    )
    return TenantA(organization, challenge, proposal)


@pytest.fixture
def visitors(db) -> dict[str, User | None]:
    """Every role of organization B, a resident of no organization, and an anonymous visitor."""
    b_admin = UserFactory(username="beta-admin")
    beta = make_organization(b_admin, slug="beta")
    make_challenge(b_admin, beta, slug="beta-street")
    people: dict[str, User | None] = {"B owner": b_admin}
    for role in (Role.STAFF, Role.REVIEWER, Role.JUDGE, Role.MODERATOR):
        people[f"B {role.value}"] = make_member(beta, role, username=f"beta-{role.value}")
    people["resident"] = UserFactory(username="plain-resident")
    people["anonymous"] = None
    return people


def test_the_walk_finds_the_staff_routes():
    routes = staff_routes()
    assert len(routes) >= AT_LEAST, routes
    assert "manage/<slug:org>/audit/" in routes
    assert "manage/<slug:org>/members/" in routes
    assert "o/<slug:org_slug>/moderation/" in routes


def test_every_staff_url_refuses_other_organizations_and_residents(tenant, visitors):
    problems = refusals(staff_routes(), tenant, visitors)
    assert not problems, "\n".join(problems)


def test_organization_a_itself_gets_in(tenant, client):
    """The matrix's requests would reach the pages: A's admin gets the log and members page
    with the very same paths (so a 404 above is the door, not a wrong path)."""
    client.force_login(User.objects.get(username="alpha-admin"))
    for route in ("manage/<slug:org>/audit/", "manage/<slug:org>/members/"):
        path = _fill(route, {"org": tenant.organization.slug})
        assert client.get(path).status_code == 200


@pytest.mark.urls("tests.workspace.unguarded_urls")
def test_the_matrix_catches_an_unguarded_page_and_an_unknown_keyword(tenant, visitors):
    routes = [r for r in staff_routes() if "unguarded" in r]
    assert routes == [
        "manage/<slug:org>/unguarded/",
        "manage/<slug:org>/unguarded/<int:mystery>/",
    ]
    problems = refusals(routes, tenant, visitors)
    assert "GET /manage/alpha/unguarded/ as anonymous: 200" in problems
    assert any("shows 'Zanzibar secret street'" in p for p in problems)
    assert any("['mystery'] unknown to the isolation matrix" in p for p in problems)
