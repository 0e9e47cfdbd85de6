"""Where toolkits come from: the bundled JSON files, loaded once, and a registry by id/version."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from .compile import compile_toolkit, parse_extends
from .errors import DesignError, describe
from .toolkit import Toolkit

BUNDLED_PACKAGE = "cocreate.toolkits"  # a data folder, read by name: the core imports nothing


class ToolkitRegistry:
    """Compiled toolkits by id and version."""

    def __init__(self, toolkits: Iterable[Toolkit] = ()) -> None:
        self._versions: dict[str, dict[int, Toolkit]] = {}
        for toolkit in toolkits:
            self._add(toolkit)

    def _add(self, toolkit: Toolkit) -> None:
        versions = self._versions.setdefault(toolkit.id, {})
        if toolkit.version in versions:
            raise DesignError("version", f"{toolkit.id} version {toolkit.version} is loaded twice")
        versions[toolkit.version] = toolkit

    def get(self, toolkit_id: str, version: int | None = None) -> Toolkit:
        """The given version, or the latest; DesignError names an unknown id or version."""
        versions = self._versions.get(toolkit_id)
        if versions is None:
            known = ", ".join(self.ids()) or "none"
            raise DesignError("toolkit", f"unknown toolkit {describe(toolkit_id)} (known: {known})")
        if version is None:
            return versions[max(versions)]
        toolkit = versions.get(version)
        if toolkit is None:
            have = ", ".join(str(v) for v in sorted(versions))
            raise DesignError(
                "version", f"{describe(toolkit_id)} has no version {version} (has {have})"
            )
        return toolkit

    def __contains__(self, toolkit_id: object) -> bool:
        return toolkit_id in self._versions

    def ids(self) -> list[str]:
        return sorted(self._versions)

    def versions(self, toolkit_id: str) -> list[int]:
        return sorted(self._versions.get(toolkit_id, ()))


def load_toolkit(document: object, base: ToolkitRegistry | None = None) -> Toolkit:
    """Compile one toolkit document (e.g. an organization's own); ``extends`` (``"id"`` for
    the latest version, ``"id@N"`` for version N) is looked up in ``base``, by default the
    bundled toolkits."""
    parent = None
    if isinstance(document, dict) and isinstance(document.get("extends"), str):
        toolkit_id, version = parse_extends(document["extends"])
        parent = (base if base is not None else load_bundled()).get(toolkit_id, version)
    return compile_toolkit(document, parent)


def _ready(document: object, registry: ToolkitRegistry, pending: Mapping[str, Any]) -> bool:
    """Whether the toolkit ``document`` extends is loaded: a pinned version, or every pending
    version of an unpinned id (so "latest" does not depend on file order)."""
    if not isinstance(document, dict) or not isinstance(document.get("extends"), str):
        return True
    toolkit_id, version = parse_extends(document["extends"])
    if version is not None:
        return version in registry.versions(toolkit_id)
    return toolkit_id in registry and not any(
        isinstance(doc, dict) and doc.get("id") == toolkit_id for doc in pending.values()
    )


def load_documents(documents: Mapping[str, Any]) -> ToolkitRegistry:
    """Compile named documents into one registry, parents before the toolkits extending them.
    Errors name the document: ``dominion-road.json: rules[3].severity: ...``."""
    registry = ToolkitRegistry()
    pending = dict(documents)
    while pending:
        ready = [name for name, doc in pending.items() if _ready(doc, registry, pending)]
        if not ready:
            names = ", ".join(sorted(pending))
            raise DesignError("extends", f"unknown or circular extends in {names}")
        for name in sorted(ready):
            try:
                registry._add(load_toolkit(pending.pop(name), registry))
            except DesignError as error:
                where = f"{name}: {error.path}" if error.path else name
                raise DesignError(where, error.detail) from error
    return registry


@cache
def load_bundled() -> ToolkitRegistry:
    """The toolkits shipped in ``cocreate/toolkits/*.json``, validated and compiled once."""
    folder = resources.files(BUNDLED_PACKAGE)
    documents = {
        entry.name: json.loads(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }
    return load_documents(documents)
