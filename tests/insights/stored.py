"""A stored insights report built by hand in THE RESULT SHAPE, so the pages are tested without
running the analysis."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cocreate.challenges.models import Challenge
from cocreate.insights.models import Report
from cocreate.insights.tasks import summarize
from cocreate.proposals.models import Proposal


def _change(label: str, added: float, removed: float, median: float) -> dict[str, Any]:
    shares = {"added": added, "removed": removed, "wider": 0.2, "narrower": 0.1, "moved": 0.05}
    return {
        "label": label,
        **shares,
        "weighted": {k: min(1.0, v * 1.5) for k, v in shares.items()},
        "widths": {
            "q1": median - 0.3,
            "median": median,
            "q3": median + 0.4,
            "histogram": {"edges": [1.0, 1.5, 2.0, 2.5, 3.0], "counts": [3, 9, 14, 2]},
        },
    }


def result(challenge: Challenge, schools: list[Proposal]) -> dict[str, Any]:
    """A result for `challenge` whose schools' medoids are `schools` (one school each)."""
    ids = [str(p.pk) for p in schools]
    return {
        "count": len(ids),
        "kind": "section",
        "changes": {
            "bike-lane": _change("Bike lane", 0.3, 0.05, 1.8),
            "drive-lane": _change("Drive lane", 0.02, 0.6, 2.7),
            "sidewalk": _change("Sidewalk", 0.01, 0.0, 2.4),
        },
        "allocation": {
            "sidewalk": 4.8,
            "bike-lane": 3.6,
            "light-rail": 6.0,
            "transit-shelter": 2.4,
            "drive-lane": 4.2,
        },
        "medians": {
            "sidewalk": 2.4,
            "bike-lane": 1.8,
            "light-rail": 3.0,
            "transit-shelter": 2.4,
            "drive-lane": 2.1,
        },
        "consensus": {
            "design": challenge.baseline,
            "valid": True,
            "source": "school",
            "metrics": {"capacity": 61000},
        },
        "schools": [
            {
                "id": i,
                "members": [pk],
                "medoid": pk,
                "share": 1 / len(ids),
                "support": 3 * (i + 1),
                "summary": f"School summary {i}: gives 2 m more to bikes",
            }
            for i, pk in enumerate(ids)
        ],
        "bounds": [
            {
                "rule": "sidewalk-min",
                "label": "Footpaths at least 1.8 m",
                "at_bound": 7,
                "share": 0.35,
            }
        ],
        "pressure": [
            {
                "rule": "fit",
                "label": "Parts fill the street",
                "shown": 40,
                "blocked": 12,
                "seconds": 300,
            }
        ],
        "lead_users": [
            {
                "author": "leader",
                "score": 0.91,
                "evidence": [
                    "first to add a bike lane, 41 days before it appeared in 20% of proposals"
                ],
            }
        ],
        "computed_at": timezone.now().isoformat(),
    }


def store(challenge: Challenge, schools: list[Proposal], **fields: Any) -> Report:
    """The challenge's report, computed now from its listable proposals."""
    count = Proposal.objects.listable().filter(challenge=challenge).count()
    data = result(challenge, schools)
    values = {
        "data": data,
        "summary": summarize(data),
        "computed_at": timezone.now(),
        "proposal_count": count,
        **fields,
    }
    report, _ = Report.objects.update_or_create(challenge=challenge, defaults=values)
    return report
