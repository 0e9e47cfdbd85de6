"""Stub: the "schools" helper writes this module."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cocreate.design.toolkit import Toolkit

from .designs import Item


def find_schools(toolkit: Toolkit, items: Sequence[Item]) -> list[dict[str, Any]]:
    raise NotImplementedError
