"""Turn a toolkit document into a Toolkit: validate, flatten ``extends``, then compile it as
its kind (``SectionToolkit``, ``ConfiguratorToolkit``: see ``toolkit.py``)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from .catalog import build_catalog
from .configurator.toolkit import ConfiguratorToolkit
from .errors import DesignError, join
from .schema import validate_toolkit_document
from .section.toolkit import SectionToolkit
from .toolkit import Toolkit


def compile_toolkit(document: object, parent: Toolkit | None = None) -> Toolkit:
    """Validate ``document`` against the schema and compile it; ``parent`` is the toolkit named
    by its ``extends``. Raises DesignError naming the path of the first problem."""
    validate_toolkit_document(document)
    assert isinstance(document, dict)  # the schema says so
    extends = document.get("extends")
    if extends is not None:
        wanted, version = parse_extends(extends)
        if parent is None or parent.id != wanted or version not in (None, parent.version):
            raise DesignError("extends", f'toolkit "{extends}" is not loaded')
        resolved = resolve(parent.document, document)
        ancestors = (parent.id, *parent.ancestors)
    else:
        resolved = copy.deepcopy(document)
        ancestors = ()
    return _compile(resolved, ancestors)


def parse_extends(extends: str) -> tuple[str, int | None]:
    """``"street-section@1" -> ("street-section", 1)``; ``"street-section" -> (..., None)``."""
    toolkit_id, _at, version = extends.partition("@")
    return toolkit_id, int(version) if version else None


def resolve(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten an extension: the child inherits catalog, groups, metrics, rules, length and
    baseline; it may add or override parts field by field, replace a rule by reusing its id,
    add rules, and drop inherited ones with ``disabled_rules``."""
    if child["kind"] != parent["kind"]:
        raise DesignError("kind", f'must be "{parent["kind"]}" like the toolkit it extends')
    merged: dict[str, Any] = {
        key: copy.deepcopy(child[key]) for key in ("id", "version", "kind", "title") if key in child
    }
    for key in ("description", "source", "migrations"):
        if key in child:  # migrations belong to a toolkit's own version line: never inherited
            merged[key] = copy.deepcopy(child[key])
    for key in ("length", "baseline"):
        if key in child or key in parent:
            merged[key] = copy.deepcopy(child.get(key, parent.get(key)))
    for key in ("groups", "metrics"):
        merged[key] = {**parent.get(key, {}), **copy.deepcopy(child.get(key, {}))}
    parts = copy.deepcopy(dict(parent.get("parts", {})))
    for tid, fields in child.get("parts", {}).items():
        parts[tid] = {**parts.get(tid, {}), **copy.deepcopy(fields)}
    if parts or child["kind"] == "section":
        merged["parts"] = parts
    for key in ("options", "parameters"):
        entries = copy.deepcopy(dict(parent.get(key, {})))
        for eid, fields in child.get(key, {}).items():
            entry = {**entries.get(eid, {}), **copy.deepcopy(fields)}
            if key == "options" and "values" in entries.get(eid, {}) and "values" in fields:
                entry["values"] = {**entries[eid]["values"], **copy.deepcopy(fields["values"])}
            entries[eid] = entry
        if entries:
            merged[key] = entries
    rules = [copy.deepcopy(r) for r in parent.get("rules", [])]
    position = {r["id"]: n for n, r in enumerate(rules)}
    for rule in child.get("rules", []):
        if rule["id"] in position:
            rules[position[rule["id"]]] = copy.deepcopy(rule)
        else:
            position[rule["id"]] = len(rules)
            rules.append(copy.deepcopy(rule))
    for n, rid in enumerate(child.get("disabled_rules", [])):
        if rid not in position:
            raise DesignError(join("disabled_rules", n), f'no inherited rule has id "{rid}"')
    dropped = set(child.get("disabled_rules", []))
    merged["rules"] = [r for r in rules if r["id"] not in dropped]
    return merged


def _compile(document: dict[str, Any], ancestors: tuple[str, ...]) -> Toolkit:
    kind = ConfiguratorToolkit if document["kind"] == "configurator" else SectionToolkit
    return kind(
        document=document,
        catalog=build_catalog(document),
        accepts=frozenset((document["id"], *ancestors)),
        ancestors=ancestors,
    )
