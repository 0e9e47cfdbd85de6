"""The engine's single input error, so callers can turn any bad input into one clear 4xx."""

from __future__ import annotations

import json


class DesignError(ValueError):
    """A toolkit or design is malformed. ``path`` says where (``parts[2].width``), ``""`` = root."""

    def __init__(self, path: str, message: str | None = None) -> None:
        # ``DesignError("no such toolkit")`` (one argument) is a message about the root.
        if message is None:
            path, message = "", path
        self.path = path
        self.detail = message
        super().__init__(f"{path}: {message}" if path else message)


def join(path: str, key: str | int) -> str:
    """Extend a location path: ``join("parts", 2) == "parts[2]"``, ``join("a", "b") == "a.b"``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def describe(value: object) -> str:
    """Name a JSON value in an error message without dumping large structures."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown)  # escapes quotes and control characters: messages stay one line
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__
