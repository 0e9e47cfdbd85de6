"""The proposal page's heading (title, author, status, the parent it remixes) is cached for
everyone alike: each person still sees the parent as they may see it, and every write that
changes the heading shows at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocreate.challenges.models import Action
from cocreate.moderation.services import moderation_decide
from cocreate.proposals.models import Proposal, Status

from ..factories import make_challenge, make_proposal
from ..html import parse


@pytest.fixture
def talk(owner, organization):
    challenge = make_challenge(
        owner, organization, slug="talk", actions=[Action.SUBMIT, Action.SUPPORT]
    )
    challenge.allow_oppose = True
    challenge.save()
    return challenge


def _page(client, proposal):
    return parse(client.get(f"/c/{proposal.challenge.slug}/p/{proposal.pk}/"))


def _lineage(client, proposal):
    return " ".join(_page(client, proposal).one("p.lineage").text.split())


@pytest.mark.parametrize("first", ["moderator", "resident"])
def test_each_person_sees_a_hidden_parent_as_they_may_whoever_came_first(
    client, talk, owner, resident, other, first
):
    parent = make_proposal(talk, other, title="Secret parent")
    child = make_proposal(talk, resident, title="Child", parent=parent)
    moderation_decide(actor=owner, proposal=parent, decision="hide")
    seen = {}
    for person in (owner, resident) if first == "moderator" else (resident, owner):
        client.force_login(person)
        seen[person.username] = _lineage(client, child)
        client.logout()
    seen["anonymous"] = _lineage(client, child)
    assert seen["owner"] == "Remix of Secret parent by other"  # the moderator sees it
    assert seen["resident"] == "Remix of a proposal that moderation hid"
    assert seen["anonymous"] == "Remix of a proposal that moderation hid"


def test_every_write_to_the_heading_shows_at_once(client, talk, owner, resident, other):
    parent = make_proposal(talk, other, title="Parent")
    child = make_proposal(talk, resident, title="Child", parent=parent)
    assert _page(client, child).one("h1").text == "Child"
    assert _lineage(client, child) == "Remix of Parent by other"
    # Written outside the services, as the admin or a bulk update would.
    Proposal.objects.filter(pk=child.pk).update(title="Child, renamed", status=Status.EXPIRED)
    page = _page(client, child)
    assert page.one("h1").text == "Child, renamed"
    assert page.one("p.meta span.status").text == Status.EXPIRED.label
    Proposal.objects.filter(pk=parent.pk).update(title="Parent, renamed")
    assert _lineage(client, child) == "Remix of Parent, renamed by other"
    moderation_decide(actor=owner, proposal=parent, decision="hide")
    assert _lineage(client, child) == "Remix of a proposal that moderation hid"
    moderation_decide(actor=owner, proposal=parent, decision="restore")
    assert _lineage(client, child) == "Remix of Parent, renamed by other"
    moderation_decide(actor=owner, proposal=child, decision="hide")
    client.force_login(resident)  # its author still sees it, with the note
    assert _page(client, child).select("#hidden-note")


def test_the_links_built_from_one_reversed_base_are_the_routes(client, talk, resident):
    parent = make_proposal(talk, resident, title="Parent")
    child = make_proposal(talk, resident, title="Child", parent=parent)
    client.force_login(resident)
    page = _page(client, child)
    args = [talk.slug, child.pk]
    assert page.one(".crumbs a")["href"] == reverse("challenge", args=[talk.slug])
    assert page.one("p.lineage a")["href"] == reverse("proposal", args=[talk.slug, parent.pk])
    actions = page.one("div.actions")
    forms = {form["action"] for form in actions.select("form") if form.get("action")}
    assert reverse("oppose", args=args) in forms
    assert reverse("toolkit", args=[talk.slug]) in forms
    links = [a["href"] for a in actions.select("a")]
    assert reverse("lineage", args=args) in links
    assert f"{reverse('compare', args=[talk.slug])}?a={parent.pk}&b={child.pk}" in links
    assert page.one("form.pledge-form")["action"] == reverse("pledge", args=args)
    support = page.one("div.actions div.support button")["formaction"]
    assert support == reverse("support", args=args)
