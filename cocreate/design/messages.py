"""Finding messages: ``{placeholder}`` templates, compiled once per rule, safe against bad input.

Only ``{name}`` with lower-case letters and underscores is a placeholder; anything else (stray
braces, ``{0}``, ``{a.b}``) is literal text, and an unknown name stays as written. So an
organization's template can never raise or reach into Python objects, and the JS engine can
implement the same substitution with one regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import DesignError, join
from .model import Finding

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class Template:
    """A message template split once into literal text and placeholder names."""

    __slots__ = ("_pieces",)

    def __init__(self, text: str) -> None:
        pieces: list[tuple[str, str | None]] = []
        last = 0
        for match in _PLACEHOLDER.finditer(text):
            pieces.append((text[last : match.start()], match.group(1)))
            last = match.end()
        pieces.append((text[last:], None))
        self._pieces = tuple(pieces)

    def render(self, values: Mapping[str, str]) -> str:
        out: list[str] = []
        for literal, name in self._pieces:
            out.append(literal)
            if name is not None:
                out.append(values.get(name, "{" + name + "}"))
        return "".join(out)


class Emitter:
    """Builds one rule's findings: its id, check and severity plus the message for each kind
    of hit (``min``/``max``, ``room``/``over``, ...)."""

    __slots__ = ("_templates", "check", "rule", "severity")

    def __init__(self, rule: Mapping[str, object], path: str, defaults: Mapping[str, str]) -> None:
        self.rule = str(rule["id"])
        self.check = str(rule["check"])
        self.severity = str(rule["severity"])
        own = rule.get("message")
        by_kind = rule.get("messages") or {}
        assert isinstance(by_kind, dict)
        for kind in by_kind:
            if kind not in defaults:
                known = ", ".join(defaults)
                raise DesignError(
                    join(join(path, "messages"), kind),
                    f'a {self.check} rule has no message "{kind}" (it has: {known})',
                )
        self._templates = {
            kind: Template(str(by_kind.get(kind) or own or default))
            for kind, default in defaults.items()
        }

    def finding(self, kind: str, parts: list[Any], values: Mapping[str, str]) -> Finding:
        return {
            "rule": self.rule,
            "check": self.check,
            "severity": self.severity,
            "message": self._templates[kind].render(values),
            "parts": parts,
        }
