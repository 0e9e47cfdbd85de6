"""The as-built design against the baseline and the most supported proposals, through the
existing compare (`cocreate.lineage.compare`, `cocreate.design.diff`).

How much of a proposal's idea was built is read from two diffs from the same baseline: the
proposal's changes and the as-built's, each a multiset of change keys naming the baseline part
it touched (its position) and what was done to it. A proposal's change is kept when the as-built
made the same change: removed, moved or retyped the same part (to the same type), widened or
narrowed it the same way, set the same variant, added a part of the same type, or (for a
configurator) chose the same option value or parameter value.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.challenges.models import Challenge
from cocreate.design import Toolkit, render_svg
from cocreate.design.diff import diff_designs
from cocreate.lineage.compare import Side, comparison, side_of
from cocreate.proposals.models import Proposal

from .models import AsBuilt

Key = tuple[Any, ...]


def change_keys(diff: dict[str, Any]) -> Counter[Key]:
    """What a diff from the baseline changed, as keys two diffs from that baseline share."""
    keys: Counter[Key] = Counter()
    for row in diff.get("parts", []):
        for change in row["changes"]:
            if change == "added":
                keys[("added", row["type"])] += 1
            elif change == "resized":
                keys[("resized", row["a"], row["delta_mm"] > 0)] += 1
            elif change == "retyped":
                keys[("retyped", row["a"], row["type"])] += 1
            elif change == "variant":
                keys.update(("variant", row["a"], v["axis"], v["to"]) for v in row["variants"])
            else:  # removed, moved
                keys[(change, row["a"])] += 1
    keys.update(("choice", c["option"], c["to"]) for c in diff.get("choices", []))
    keys.update(("parameter", p["parameter"], p["to"]) for p in diff.get("parameters", []))
    return keys


def kept(proposal_changes: Counter[Key], built_changes: Counter[Key]) -> int:
    """How many of the proposal's changes the as-built made too."""
    return sum(min(n, built_changes[key]) for key, n in proposal_changes.items())


@dataclass(slots=True)
class Idea:
    """A proposal beside the as-built: how many of its changes were built, and whether staff
    credited it."""

    proposal: Proposal
    side: Side
    changes: int
    kept: int
    credited: bool
    top: bool
    profile_url: str

    @property
    def share(self) -> int:
        return round(100 * self.kept / self.changes) if self.changes else 0


def _as_built_side(as_built: AsBuilt, toolkit: Toolkit, challenge_url: str) -> Side:
    side = Side(
        key="as-built",
        title=_("As built"),
        author=as_built.challenge.organization.name,
        url=challenge_url,
        design=as_built.design,
        svg=as_built.svg,
        notices=[],
    )
    if as_built.toolkit_version != toolkit.version:
        side.design, _notices = toolkit.migrate(as_built.design)
        side.svg = render_svg(toolkit, side.design, toolkit.evaluate(side.design))
    return side


def as_built_comparison(
    *,
    challenge: Challenge,
    toolkit: Toolkit,
    as_built: AsBuilt,
    top: list[Proposal],
    challenge_url: str,
) -> dict[str, Any]:
    """The page's as-built section: the baseline and as-built drawings, the diff between them
    (drawing and rows), and each of the `top` and credited proposals with how much of its change
    was built. Ideas named as built are the credited ones and any top one with a change kept."""
    baseline = side_of(
        "baseline", challenge=challenge, toolkit=toolkit, proposals={}, challenge_url=challenge_url
    )
    built = _as_built_side(as_built, toolkit, challenge_url)
    shown = comparison(toolkit, baseline, built)
    built_changes = change_keys(shown["diff"])
    credited = {p.pk for p in as_built.credited_list}  # type: ignore[attr-defined]
    top_ids = [p.pk for p in top]
    proposals = {p.pk: p for p in [*top, *as_built.credited_list]}  # type: ignore[attr-defined]
    ideas = []
    for pk, proposal in proposals.items():
        side = side_of(
            pk,
            challenge=challenge,
            toolkit=toolkit,
            proposals=proposals,
            challenge_url=challenge_url,
        )
        changes = change_keys(diff_designs(toolkit, baseline.design, side.design))
        ideas.append(
            Idea(
                proposal=proposal,
                side=side,
                changes=sum(changes.values()),
                kept=kept(changes, built_changes),
                credited=pk in credited,
                top=pk in top_ids,
                profile_url=reverse("profile", args=[proposal.author.username]),
            )
        )
    return {
        "baseline": baseline,
        "built": built,
        **shown,
        "top_ideas": [idea for idea in ideas if idea.top],
        "built_ideas": [idea for idea in ideas if idea.credited or (idea.top and idea.kept)],
    }
