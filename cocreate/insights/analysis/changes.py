"""Stub: the "changes" helper writes this module."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cocreate.design.toolkit import Toolkit

from .designs import Item


def changes(toolkit: Toolkit, items: Sequence[Item]) -> dict[str, Any]:
    raise NotImplementedError
