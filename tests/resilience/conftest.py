"""The load and fault runs start their own production stack on a private PostgreSQL cluster:
they run in the PostgreSQL pass of ./run test (marked `resilience`), bounded in time."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .stack import Stack, missing_tools, production_stack


@pytest.fixture
def stack() -> Iterator[Stack]:
    if "postgres" not in os.environ.get("COCREATE_TEST_DATABASE_URL", ""):
        pytest.skip("runs in the PostgreSQL pass of ./run test")
    if why := missing_tools():
        pytest.skip(why)
    with production_stack() as running:
        yield running
