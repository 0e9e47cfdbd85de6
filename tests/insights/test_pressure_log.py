"""Constraint pressure as the server counts it: the editor's anonymous batches (valid ones added
per challenge, rule and day; anything else refused whole) and submits refused for rule errors."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from cocreate.insights.models import RulePressure


def url(challenge) -> str:
    return f"/c/{challenge.slug}/toolkit/pressure/"


def counts(challenge) -> dict[str, tuple[int, int, int]]:
    return {
        row.rule: (row.shown, row.blocked, row.seconds)
        for row in RulePressure.objects.filter(challenge=challenge)
    }


def send(client, challenge, batch: object):
    raw = batch if isinstance(batch, str) else json.dumps(batch)
    return client.post(url(challenge), {"pressure": raw})


def test_batches_add_up_per_rule_and_day(client, challenge, django_assert_num_queries):
    batch = {"capacity": {"shown": 2, "blocked": 1, "seconds": 40}, "width": {"shown": 1}}
    client.get(f"/c/{challenge.slug}/toolkit/")  # a session, as the editor has
    with django_assert_num_queries(6):  # the challenge, then an insert and one update a rule
        assert send(client, challenge, batch).status_code == 204
    assert send(client, challenge, {"capacity": {"shown": 1, "seconds": 5}}).status_code == 204
    assert counts(challenge) == {"capacity": (3, 1, 45), "width": (1, 0, 0)}
    assert {row.day for row in RulePressure.objects.all()} == {timezone.localdate()}


def test_a_batch_keeps_no_person(client, challenge, resident):
    client.force_login(resident)
    assert send(client, challenge, {"capacity": {"shown": 1}}).status_code == 204
    fields = {field.name for field in RulePressure._meta.get_fields()}
    assert fields == {"id", "challenge", "rule", "day", "shown", "blocked", "seconds"}


@pytest.mark.parametrize(
    "batch",
    [
        {"capacity": {"shown": -1}},
        {"capacity": {"shown": 101}},  # more than a batch can hold
        {"capacity": {"seconds": 3601}},
        {"capacity": {"blocked": 21}},
        {"capacity": {"shown": 1.5}},
        {"capacity": {"shown": True}},
        {"capacity": {"shown": "1"}},
        {"capacity": {"clicks": 1}},
        {"capacity": 3},
        {"no-such-rule": {"shown": 1}},
        ["capacity"],
        '{"capacity": {"seconds": NaN}}',
        '{"capacity": {"seconds": Infinity}}',
        "not json",
        "",
        json.dumps({"capacity": {"shown": 1}, "width": {"shown": 1}}) + " " * 20_000,
    ],
)
def test_anything_but_a_plausible_batch_is_refused_and_counts_nothing(client, challenge, batch):
    # a good rule in the same batch is not counted either
    if isinstance(batch, dict):
        batch = {"width": {"shown": 1}, **batch}
    response = send(client, challenge, batch)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not RulePressure.objects.exists()


def test_one_request_adds_at_most_its_limits(client, challenge):
    """A forged request can move a rule by one batch's worth at most."""
    rules = [
        "unknown",
        "fit",
        "width",
        "mixed-traffic",
        "sidewalks-at-edges",
        "light-rail-inbound",
        "light-rail-outbound",
        "platform",
        "bike-traffic-buffer",
        "capacity",
        "tracks-locked",
    ]
    most = {"shown": 100, "blocked": 20, "seconds": 3600}
    assert send(client, challenge, dict.fromkeys(rules, most)).status_code == 204
    assert set(counts(challenge).values()) == {(100, 20, 3600)}
    assert send(client, challenge, {**dict.fromkeys(rules, most), "x": most}).status_code == 400


def test_a_batch_needs_post_and_a_challenge_one_may_open(client, challenge):
    assert client.get(url(challenge)).status_code == 405
    assert client.post("/c/no-such-challenge/toolkit/pressure/", {}).status_code == 404


def test_a_submit_refused_for_rule_errors_counts_a_block_per_rule(client, challenge, resident):
    client.force_login(resident)
    design = json.loads(json.dumps(challenge.baseline))
    design["parts"] = [p for p in design["parts"] if p.get("id") != "platform"]  # no platform
    design["parts"][0]["width"] += 2.4  # still fills the street
    body = {"design-json": json.dumps(design), "op": "submit", "title": "T", "rationale": "R"}
    response = client.post(f"/c/{challenge.slug}/toolkit/", body)
    assert response.status_code == 200  # the form again, with the errors
    assert counts(challenge) == {"platform": (0, 1, 0)}
    client.post(f"/c/{challenge.slug}/toolkit/", body)
    assert counts(challenge) == {"platform": (0, 2, 0)}


def test_a_published_submit_counts_no_block(client, challenge, resident):
    client.force_login(resident)
    body = {"design-json": json.dumps(challenge.baseline), "op": "submit", "title": "T"}
    body["rationale"] = "R"
    assert client.post(f"/c/{challenge.slug}/toolkit/", body).status_code == 302
    assert not RulePressure.objects.exists()
