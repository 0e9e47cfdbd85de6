"""Stub: the "changes" helper writes this module."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from cocreate.design.toolkit import Toolkit

from .designs import Item


def designs_report(
    toolkit: Toolkit, items: Sequence[Item], progress: Callable[[str, float], None] | None = None
) -> dict[str, Any]:
    raise NotImplementedError
