"""Roles × phases: who may submit and support, on public and private challenges."""

from __future__ import annotations

from datetime import timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocreate.challenges.models import Action, Phase, Visibility
from cocreate.organizations.models import Membership, Role

from ..factories import UserFactory, make_challenge

ROLES = ["anonymous", "outsider", "moderator", "staff", "owner"]
PHASES = {
    "ideas": [Action.SUBMIT, Action.REMIX, Action.SUPPORT],
    "support-only": [Action.SUPPORT],
    "review": [Action.REVIEW],
    "none": None,
}


def _person(role: str, organization, owner):
    if role == "anonymous":
        return AnonymousUser()
    if role == "owner":
        return owner
    person = UserFactory()
    if role != "outsider":
        Membership.objects.create(organization=organization, user=person, role=Role(role))
    return person


def _challenge(owner, organization, phase: str, visibility: Visibility):
    challenge = make_challenge(
        owner, organization, visibility=visibility, actions=PHASES[phase] or [Action.REVIEW]
    )
    if PHASES[phase] is None:  # move the only phase into the past
        Phase.objects.filter(challenge=challenge).update(
            starts_at=timezone.now() - timedelta(days=9), ends_at=timezone.now() - timedelta(days=2)
        )
    return challenge


# Who may do what, written out cell by cell: a rule that changes must change a row here.
# view: see the challenge; toolkit: open its toolkit; submit, support: act in the phase running
# now ("none": no phase is running); change: edit the challenge.
MATRIX = """
role       phase         visibility  view  toolkit  submit  support  change
anonymous  ideas         public      yes   yes      no      no       no
anonymous  support-only  public      yes   yes      no      no       no
anonymous  review        public      yes   yes      no      no       no
anonymous  none          public      yes   yes      no      no       no
outsider   ideas         public      yes   yes      yes     yes      no
outsider   support-only  public      yes   yes      no      yes      no
outsider   review        public      yes   yes      no      no       no
outsider   none          public      yes   yes      no      no       no
moderator  ideas         public      yes   yes      yes     yes      no
moderator  support-only  public      yes   yes      no      yes      no
moderator  review        public      yes   yes      no      no       no
moderator  none          public      yes   yes      no      no       no
staff      ideas         public      yes   yes      yes     yes      yes
staff      support-only  public      yes   yes      no      yes      yes
staff      review        public      yes   yes      no      no       yes
staff      none          public      yes   yes      no      no       yes
owner      ideas         public      yes   yes      yes     yes      yes
owner      support-only  public      yes   yes      no      yes      yes
owner      review        public      yes   yes      no      no       yes
owner      none          public      yes   yes      no      no       yes
anonymous  ideas         private     no    no       no      no       no
anonymous  support-only  private     no    no       no      no       no
anonymous  review        private     no    no       no      no       no
anonymous  none          private     no    no       no      no       no
outsider   ideas         private     no    no       no      no       no
outsider   support-only  private     no    no       no      no       no
outsider   review        private     no    no       no      no       no
outsider   none          private     no    no       no      no       no
moderator  ideas         private     yes   yes      yes     yes      no
moderator  support-only  private     yes   yes      no      yes      no
moderator  review        private     yes   yes      no      no       no
moderator  none          private     yes   yes      no      no       no
staff      ideas         private     yes   yes      yes     yes      yes
staff      support-only  private     yes   yes      no      yes      yes
staff      review        private     yes   yes      no      no       yes
staff      none          private     yes   yes      no      no       yes
owner      ideas         private     yes   yes      yes     yes      yes
owner      support-only  private     yes   yes      no      yes      yes
owner      review        private     yes   yes      no      no       yes
owner      none          private     yes   yes      no      no       yes
"""
PERMISSIONS = {
    "view": "challenges.view_challenge",
    "toolkit": "challenges.open_toolkit",
    "submit": "challenges.submit_proposal",
    "support": "challenges.support_proposals",
    "change": "challenges.change_challenge",
}


def _matrix() -> list[tuple[str, str, Visibility, dict[str, bool]]]:
    header, *lines = MATRIX.strip().splitlines()
    assert header.split() == ["role", "phase", "visibility", *PERMISSIONS]
    rows = []
    for line in lines:
        role, phase, visibility, *cells = line.split()
        assert set(cells) <= {"yes", "no"} and len(cells) == len(PERMISSIONS), line
        allowed = {name: cell == "yes" for name, cell in zip(PERMISSIONS, cells, strict=True)}
        rows.append((role, phase, Visibility(visibility), allowed))
    return rows


def test_the_matrix_has_one_row_per_role_phase_and_visibility():
    cells = [(role, phase, visibility) for role, phase, visibility, _ in _matrix()]
    assert sorted(cells) == sorted(
        (role, phase, visibility)
        for role in ROLES
        for phase in PHASES
        for visibility in (Visibility.PUBLIC, Visibility.PRIVATE)
    )


@pytest.mark.parametrize(("role", "phase", "visibility", "allowed"), _matrix())
def test_roles_by_phases(db, owner, organization, role, phase, visibility, allowed):
    """Each cell both with the challenge's phases prefetched (as pages load it) and without."""
    challenge = _challenge(owner, organization, phase, visibility)
    person = _person(role, organization, owner)
    prefetched = type(challenge).objects.prefetch_related("phases").get(pk=challenge.pk)
    for loaded in (challenge, prefetched):
        granted = {name: rules.has_perm(perm, person, loaded) for name, perm in PERMISSIONS.items()}
        assert granted == allowed


def test_unlisted_is_visible_by_link_but_not_listed(db, owner, organization, client):
    make_challenge(owner, organization, slug="quiet", visibility=Visibility.UNLISTED)
    assert client.get("/c/quiet/").status_code == 200
    assert b"/c/quiet/" not in client.get("/").content
