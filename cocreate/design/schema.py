"""The published toolkit JSON Schema (package data) and validation that names the failing path.

Used only when a toolkit is loaded, never on the evaluation hot path.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError, best_match  # type: ignore[import-untyped]

from .errors import DesignError

SCHEMA_FILE = "toolkit.schema.json"


@cache
def toolkit_schema() -> dict[str, Any]:
    """The schema the loader validates with; ``docs/toolkit.schema.json`` is a copy of it."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = toolkit_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


def format_path(parts: Any) -> str:
    """``["rules", 3, "severity"] -> "rules[3].severity"``."""
    path = ""
    for key in parts:
        path = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else str(key))
    return path


def _deepest(error: ValidationError) -> ValidationError:
    # anyOf/oneOf/if-then errors hide the useful reason in their context; follow the longest path.
    while error.context:
        nested = best_match(error.context)
        if nested is None or len(nested.absolute_path) < len(error.absolute_path):
            break
        error = nested
    return error


def validate_toolkit_document(document: object) -> None:
    """Raise DesignError naming the first schema violation (``rules[3].severity: ...``)."""
    errors = list(_validator().iter_errors(document))
    if not errors:
        return
    # A property that fails its own schema is also "unevaluated"; report the real reason.
    real = [e for e in errors if e.validator != "unevaluatedProperties"]
    error = best_match(real or errors)
    error = _deepest(error)
    path = format_path(error.absolute_path)
    message = error.message
    if len(message) > 200:
        message = message[:197] + "..."
    raise DesignError(path, message)
