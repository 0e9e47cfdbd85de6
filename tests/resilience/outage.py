"""A database outage for in-process tests: every cursor fails as when the server is down."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections


def _refused() -> None:
    raise OperationalError("connection refused: the database server is not running")


def begin_outage() -> None:
    """From now on, opening or using the connection fails with OperationalError."""
    connections[DEFAULT_DB_ALIAS].ensure_connection = _refused


def end_outage() -> None:
    """The server is back: the connection's own method again."""
    vars(connections[DEFAULT_DB_ALIAS]).pop("ensure_connection", None)


@contextmanager
def database_down() -> Iterator[None]:
    begin_outage()
    try:
        yield
    finally:
        end_outage()
