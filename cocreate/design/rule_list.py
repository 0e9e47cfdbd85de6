"""The order and identity of a toolkit's rules, the same for every kind: the implicit ``unknown``
rule first when the toolkit declares none, then the rules as written, each id once."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from .errors import DesignError, join

T = TypeVar("T")


def compile_rules(
    rules: Sequence[Mapping[str, Any]],
    implicit_unknown: Mapping[str, Any],
    compile_one: Callable[[Mapping[str, Any], str], T],
) -> tuple[T, ...]:
    compiled = []
    if not any(rule["check"] == "unknown" for rule in rules):
        compiled.append(compile_one(implicit_unknown, "rules"))
    seen: set[str] = set()
    for n, rule in enumerate(rules):
        path = join("rules", n)
        if rule["id"] in seen:
            raise DesignError(join(path, "id"), f'duplicate rule id "{rule["id"]}"')
        seen.add(rule["id"])
        compiled.append(compile_one(rule, path))
    return tuple(compiled)
