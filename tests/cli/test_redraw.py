"""`cocreate redraw`: stored drawings made by older drawing code get today's drawing, and the
pages caching them are invalidated; drawings already current are left alone."""

from __future__ import annotations

import io

from django.core.management import call_command

from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.design import render_svg
from cocreate.proposals.models import Proposal

from ..factories import make_challenge, make_proposal

OLD = '<svg role="img" aria-label="old"></svg>'


def redraw() -> str:
    out = io.StringIO()
    call_command("redraw", stdout=out)
    return out.getvalue()


def test_old_drawings_are_redrawn_and_their_pages_invalidated(owner, organization):
    challenge = make_challenge(owner, organization)
    proposal = make_proposal(challenge, owner)
    current = (proposal.svg, proposal.thumbnail_svg, challenge.baseline_svg)
    assert 'aria-hidden="true"' in proposal.svg  # written illustrated
    Proposal.objects.filter(pk=proposal.pk).update(svg=OLD, thumbnail_svg=OLD)
    Challenge.objects.filter(pk=challenge.pk).update(baseline_svg=OLD)
    before = (
        Challenge.objects.get(pk=challenge.pk).activity,
        Proposal.objects.get(pk=proposal.pk).activity,
    )

    assert "1 challenges, 1 proposals" in redraw()

    proposal.refresh_from_db()
    challenge.refresh_from_db()
    assert (proposal.svg, proposal.thumbnail_svg, challenge.baseline_svg) == current
    assert challenge.activity > before[0] and proposal.activity > before[1]
    # the proposal keeps its stored evaluation: the drawing is the one it makes
    assert proposal.svg == render_svg(toolkit_for(challenge), proposal.design, proposal.evaluation)


def test_a_second_run_writes_nothing(owner, organization):
    challenge = make_challenge(owner, organization)
    make_proposal(challenge, owner)
    activity = Challenge.objects.get(pk=challenge.pk).activity
    assert "0 challenges, 0 proposals, 0 as-built" in redraw()
    assert Challenge.objects.get(pk=challenge.pk).activity == activity
