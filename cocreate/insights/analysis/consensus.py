"""Stub: the "schools" helper writes this module."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cocreate.design.toolkit import Toolkit

from .designs import Item


def consensus_design(
    toolkit: Toolkit,
    items: Sequence[Item],
    schools: Sequence[Mapping[str, Any]],
    allocation: Mapping[str, float],
) -> dict[str, Any]:
    raise NotImplementedError
