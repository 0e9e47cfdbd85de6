"""`cocreate redraw`: draw every stored design again with today's drawing code.

Designs are drawn when they are written (docs/decisions/0002-render-at-write-time.md), so a
change to the drawings (the illustrated street, a toolkit's colours) reaches the designs
already stored only through this command. `./run` runs it after every migrate; it writes only
the rows whose drawing changed (a second run writes nothing) and bumps the activity counters
that key the cached pages showing them. Each design keeps its stored evaluation: only the
drawing is redone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F

from cocreate.accountability.models import AsBuilt
from cocreate.challenges.models import Challenge
from cocreate.design import DesignError, Evaluation, load_bundled, render_svg
from cocreate.proposals.models import Proposal

BATCH = 200
CHALLENGE_TOOLKIT = ("challenge", "challenge__toolkit_id", "challenge__toolkit_version")


class Command(BaseCommand):
    help = "Draw every stored challenge baseline, proposal and as-built design again."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = [self._challenges(), self._proposals(), self._as_built()]
        if options["verbosity"]:
            self.stdout.write(
                "Redrawn: {} challenges, {} proposals, {} as-built designs "
                "(unchanged drawings left alone).".format(*counts)
            )

    def _challenges(self) -> int:
        changed = 0
        rows = Challenge.objects.only(
            "id", "toolkit_id", "toolkit_version", "baseline", "baseline_svg",
            "baseline_thumbnail_svg",
        )  # fmt: skip
        for challenge in _batches(rows):
            drawn = _drawings(challenge, challenge.baseline, None)
            if drawn and drawn != (challenge.baseline_svg, challenge.baseline_thumbnail_svg):
                Challenge.objects.filter(pk=challenge.pk).update(
                    baseline_svg=drawn[0], baseline_thumbnail_svg=drawn[1],
                    activity=F("activity") + 1,
                )  # fmt: skip
                changed += 1
        return changed

    def _proposals(self) -> int:
        changed = 0
        rows = Proposal.objects.select_related("challenge").only(
            "id", "design", "evaluation", "svg", "thumbnail_svg", *CHALLENGE_TOOLKIT
        )
        for proposal in _batches(rows):
            drawn = _drawings(proposal.challenge, proposal.design, proposal.evaluation or None)
            if drawn and drawn != (proposal.svg, proposal.thumbnail_svg):
                # the thumbnail's trigger bumps the activity of the challenge's cards too
                Proposal.objects.filter(pk=proposal.pk).update(
                    svg=drawn[0], thumbnail_svg=drawn[1], activity=F("activity") + 1
                )
                changed += 1
        return changed

    def _as_built(self) -> int:
        changed = 0
        rows = AsBuilt.objects.select_related("challenge").only(
            "id", "design", "svg", *CHALLENGE_TOOLKIT
        )
        for as_built in _batches(rows):
            drawn = _drawings(as_built.challenge, as_built.design, None)
            if drawn and drawn[0] != as_built.svg:
                with transaction.atomic():
                    AsBuilt.objects.filter(pk=as_built.pk).update(svg=drawn[0])
                    Challenge.objects.filter(pk=as_built.challenge_id).update(
                        activity=F("activity") + 1
                    )
                changed += 1
        return changed


def _drawings(
    challenge: Challenge, design: object, evaluation: Evaluation | None
) -> tuple[str, str] | None:
    """The full drawing and thumbnail of a design of `challenge`, evaluated afresh unless its
    stored `evaluation` is given; None when it cannot be drawn today (its drawing is kept)."""
    try:
        toolkit = load_bundled().get(challenge.toolkit_id, challenge.toolkit_version)
        if evaluation is None:
            evaluation = toolkit.evaluate(design)
        return (
            render_svg(toolkit, design, evaluation),
            render_svg(toolkit, design, evaluation, compact=True),
        )
    except DesignError:
        return None


def _batches(rows: Any) -> Iterator[Any]:
    """Every row, read in batches so a large site never holds all its drawings at once."""
    yield from rows.order_by("pk").iterator(chunk_size=BATCH)
