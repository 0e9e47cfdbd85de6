"""What every kind of design starts with: an object naming its toolkit and version."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .errors import DesignError, describe


def read_header(
    document: object, *, toolkit_ids: Collection[str], max_version: int
) -> tuple[dict[str, Any], int | None]:
    """Check what every kind of design starts with: an object, its ``toolkit`` (one the toolkit
    accepts) and its ``version`` (1 to the toolkit's). Returns the object and the version."""
    if not isinstance(document, dict):
        raise DesignError("", f"expected a design object, got {describe(document)}")
    doc: dict[str, Any] = document
    toolkit = doc.get("toolkit")
    if toolkit is not None and (type(toolkit) is not str or toolkit not in toolkit_ids):
        expected = " or ".join(f'"{t}"' for t in sorted(toolkit_ids))
        raise DesignError("toolkit", f"expected {expected}, got {describe(toolkit)}")
    version = doc.get("version")
    if version is not None:
        if type(version) is not int or version < 1:
            raise DesignError("version", f"expected a whole number >= 1, got {describe(version)}")
        if version > max_version:
            raise DesignError("version", f"toolkit has no version {version} (latest {max_version})")
    return doc, version
