"""Stub: the "pressure" helper writes this module."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from cocreate.design.toolkit import Toolkit

from .designs import Item


def rule_bounds(toolkit: Toolkit, items: Sequence[Item]) -> list[dict[str, Any]]:
    raise NotImplementedError


def blocking_rules(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    raise NotImplementedError
