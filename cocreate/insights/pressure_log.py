"""Writing constraint pressure: the editor's anonymous batches and the server's refused submits,
added up per challenge, rule and day in ``RulePressure``. No person and no design is kept: only
counts, and a batch can add only a little, so a forged request cannot move the totals much."""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.design import DesignError

from .models import RulePressure

# What one batch may add per rule: a few seconds of autosave between batches can hold only so
# much; the editor sends at most an hour of showing per rule (a tab left open).
LIMITS = {"shown": 100, "blocked": 20, "seconds": 3600}
MAX_BYTES = 20_000


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="pressure")


def _batch(raw: str, rules: frozenset[str]) -> dict[str, dict[str, int]]:
    """The batch ``{rule: {"shown", "blocked", "seconds"}}`` read strictly: the toolkit's rule
    ids only, whole numbers from 0 to their limit, nothing else; ValidationError otherwise."""
    if len(raw) > MAX_BYTES:
        raise _refuse("The batch is too large.")
    try:
        batch = json.loads(raw, parse_constant=lambda name: _reject(name))
    except ValueError as error:
        raise _refuse(f"Not a JSON batch: {error}") from error
    if not isinstance(batch, dict) or len(batch) > len(rules):
        raise _refuse("Send an object of counts per rule.")
    counts: dict[str, dict[str, int]] = {}
    for rule, values in batch.items():
        if rule not in rules:
            raise _refuse(f'"{rule[:100]}" is not a rule of this toolkit.')
        if not isinstance(values, dict) or not set(values) <= set(LIMITS):
            raise _refuse(f"Counts of {rule}: only shown, blocked and seconds.")
        for key, value in values.items():
            if type(value) is not int or not 0 <= value <= LIMITS[key]:
                raise _refuse(f"Counts of {rule}: {key} must be a whole number 0-{LIMITS[key]}.")
        counts[rule] = {key: values.get(key, 0) for key in LIMITS}
    return counts


def _reject(name: str) -> None:
    raise ValueError(f"{name} is not a count")


def pressure_record(*, challenge: Challenge, raw: str) -> int:
    """Add the editor's batch (JSON text) to today's counts; how many rules it touched.
    ValidationError, with nothing written, when any part of it is not a plausible batch."""
    rules = frozenset(rule.id for rule in toolkit_for(challenge).rules)
    counts = _batch(raw, rules)
    _add(challenge, counts)
    return len(counts)


def pressure_refused(*, challenge: Challenge, design: object) -> None:
    """A submit of ``design`` the server refused: each rule with an error in it counts one block
    (a count no client can skip). A design the engine cannot read blocks no rule."""
    try:
        findings = toolkit_for(challenge).evaluate(design)["findings"]
    except DesignError:
        return
    rules = {f["rule"] for f in findings if f["severity"] == "error"}
    _add(challenge, {rule: {"shown": 0, "blocked": 1, "seconds": 0} for rule in rules})


def _add(challenge: Challenge, counts: Mapping[str, Mapping[str, int]]) -> None:
    """Today's row of each rule made if missing, then incremented in the database (F()), so
    concurrent batches never lose a count: one insert, then one update per rule."""
    day = timezone.localdate()
    rules = sorted(rule for rule, values in counts.items() if any(values.values()))
    if not rules:
        return
    with transaction.atomic():
        RulePressure.objects.bulk_create(
            [RulePressure(challenge=challenge, rule=rule, day=day) for rule in rules],
            ignore_conflicts=True,
        )
        for rule in rules:  # one order for every writer: no deadlock between two
            RulePressure.objects.filter(challenge=challenge, rule=rule, day=day).update(
                **{key: F(key) + value for key, value in counts[rule].items() if value}
            )
