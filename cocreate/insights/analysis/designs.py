"""The designs an analysis reads: each migrated to the toolkit's version and normalized."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cocreate.design.toolkit import Toolkit


@dataclass(frozen=True)
class Item:
    """One design in an analysis: its id, the normalized design and its support (weight)."""

    id: str
    design: dict[str, Any]
    support: float = 1.0


def read_designs(toolkit: Toolkit, items: Iterable[Item]) -> tuple[list[Item], list[str]]:
    raise NotImplementedError  # the "changes" helper writes this
