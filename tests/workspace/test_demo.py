"""The demo's contest-mode challenge, made through the workspace's services."""

from __future__ import annotations

from cocreate.audit.models import AuditEntry
from cocreate.challenges.models import Mode
from cocreate.demo.workspace import best_bus_stop


def test_best_bus_stop_is_a_published_contest_with_phases_made_once(owner, organization):
    challenge = best_bus_stop(actor=owner, organization=organization)
    assert best_bus_stop(actor=owner, organization=organization) == challenge
    assert challenge.mode == Mode.CONTEST
    assert challenge.published_at is not None
    assert (challenge.toolkit_id, challenge.toolkit_version) == ("street-section", 2)
    assert [p.name for p in challenge.phases.order_by("starts_at")] == ["Entries", "Judging"]
    shelter = challenge.baseline["parts"][2]
    assert (shelter["type"], shelter["width"]) == ("transit-shelter", 3.0)
    done = AuditEntry.objects.filter(target_type="challenges.challenge", target_id=challenge.pk)
    assert sorted(done.values_list("action", flat=True)) == [
        "challenges.challenge_baseline_set",
        "challenges.challenge_create",
        "challenges.challenge_publish",
    ]
