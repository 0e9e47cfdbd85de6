"""Challenge and phase services: permissions and validation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cocreate.challenges.models import Action
from cocreate.challenges.services import challenge_create, phase_add
from cocreate.design import load_bundled

from ..factories import UserFactory


def test_challenge_starts_from_the_toolkit_baseline_and_draws_it(owner, organization):
    challenge = challenge_create(
        actor=owner, organization=organization, slug="dr", title="DR", toolkit_id="dominion-road"
    )
    toolkit = load_bundled().get("dominion-road")
    assert challenge.toolkit_version == toolkit.version
    assert challenge.baseline["parts"] == toolkit.parse(toolkit.baseline)["parts"]
    assert challenge.baseline_svg.startswith("<svg")
    assert "<text" not in challenge.baseline_thumbnail_svg or len(
        challenge.baseline_thumbnail_svg
    ) < len(challenge.baseline_svg)


def test_only_organization_staff_open_challenges(organization):
    with pytest.raises(PermissionDenied):
        challenge_create(
            actor=UserFactory(),
            organization=organization,
            slug="x",
            title="X",
            toolkit_id="dominion-road",
        )


def test_an_invalid_baseline_is_refused_with_the_findings(owner, organization):
    toolkit = load_bundled().get("dominion-road")
    baseline = toolkit.parse(toolkit.baseline)
    baseline["parts"][0]["width"] += 5
    with pytest.raises(ValidationError) as raised:
        challenge_create(
            actor=owner,
            organization=organization,
            slug="bad",
            title="Bad",
            toolkit_id="dominion-road",
            baseline=baseline,
        )
    assert "baseline" in raised.value.message_dict


def test_an_unknown_toolkit_is_a_validation_error(owner, organization):
    with pytest.raises(ValidationError) as raised:
        challenge_create(
            actor=owner, organization=organization, slug="n", title="N", toolkit_id="no-such-kit"
        )
    assert "no-such-kit" in " ".join(raised.value.message_dict["baseline"])


def test_phases_must_not_overlap_and_must_end_after_they_start(owner, challenge):
    now = timezone.now()
    with pytest.raises(ValidationError):
        phase_add(
            actor=owner,
            challenge=challenge,
            name="Overlap",
            starts_at=now,
            ends_at=now + timedelta(days=1),
            actions=[Action.REVIEW],
        )
    with pytest.raises(ValidationError):
        phase_add(
            actor=owner,
            challenge=challenge,
            name="Backwards",
            starts_at=now + timedelta(days=90),
            ends_at=now + timedelta(days=89),
            actions=[Action.REVIEW],
        )
    later = phase_add(
        actor=owner,
        challenge=challenge,
        name="Review",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=60),
        actions=[Action.REVIEW],
    )
    assert later.actions == ["review"]


def test_outsiders_cannot_add_phases(challenge, resident):
    with pytest.raises(PermissionDenied):
        phase_add(
            actor=resident,
            challenge=challenge,
            name="Mine",
            starts_at=timezone.now() + timedelta(days=100),
            ends_at=timezone.now() + timedelta(days=101),
            actions=[Action.SUBMIT],
        )


def test_a_challenge_moves_to_the_latest_toolkit_version_and_old_proposals_open_migrated(
    client, owner, organization, resident
):
    from cocreate.challenges.services import challenge_toolkit_upgrade
    from cocreate.proposals.services import proposal_create

    challenge = challenge_create(
        actor=owner, organization=organization, slug="street", title="Street",
        toolkit_id="street-section", toolkit_version=1,
    )  # fmt: skip
    phase_add(
        actor=owner, challenge=challenge, name="Open", starts_at=timezone.now() - timedelta(1),
        ends_at=timezone.now() + timedelta(9), actions=[Action.SUBMIT],
    )  # fmt: skip
    proposal = proposal_create(
        actor=resident, challenge=challenge, design=challenge.baseline, title="V1", rationale="R"
    )
    assert proposal.toolkit_version == 1
    with pytest.raises(PermissionDenied):
        challenge_toolkit_upgrade(actor=resident, challenge=challenge)
    challenge_toolkit_upgrade(actor=owner, challenge=challenge)
    challenge.refresh_from_db()
    assert challenge.toolkit_version == load_bundled().get("street-section").version > 1
    assert challenge.baseline["version"] == challenge.toolkit_version
    html = client.get(f"/c/street/p/{proposal.pk}/").content.decode()
    assert "Saved on version 1" in html and "opened on version" in html
