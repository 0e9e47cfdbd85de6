"""The one rule runner every kind shares: rules compiled once in a fixed order (the implicit
``unknown`` rule first when the toolkit declares none, then the rules as written, each id once),
then run in that order into ``{valid, findings, metrics}``. A kind supplies only its checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .errors import DesignError, join
from .model import Evaluation, Finding, Rule

P = TypeVar("P")
C = TypeVar("C")
Metrics = dict[str, int | float]
# A compiled check appends its findings about a read design to the list.
Check = Callable[[P, Metrics, list[Finding]], None]

# Added to every toolkit that declares no ``unknown`` rule: old designs must always open, and
# a name the toolkit does not know must block submission until it is replaced.
IMPLICIT_UNKNOWN = {"id": "unknown", "check": "unknown", "severity": "error"}


@dataclass(frozen=True, slots=True)
class CompiledRule(Generic[P]):
    rule: Rule
    check: Check[P]


def compile_rules(
    rules: Sequence[Mapping[str, Any]],
    compilers: Mapping[str, Callable[[Mapping[str, Any], str, C], Check[P]]],
    context: C,
    *,
    kind: str,
) -> tuple[CompiledRule[P], ...]:
    """Compile a resolved toolkit document's rules with the kind's ``compilers``."""
    compiled = []
    if not any(rule["check"] == "unknown" for rule in rules):
        compiled.append(_compile_one(IMPLICIT_UNKNOWN, "rules", compilers, context, kind))
    seen: set[str] = set()
    for n, rule in enumerate(rules):
        path = join("rules", n)
        if rule["id"] in seen:
            raise DesignError(join(path, "id"), f'duplicate rule id "{rule["id"]}"')
        seen.add(rule["id"])
        compiled.append(_compile_one(rule, path, compilers, context, kind))
    return tuple(compiled)


def _compile_one(
    rule: Mapping[str, Any],
    path: str,
    compilers: Mapping[str, Callable[[Mapping[str, Any], str, C], Check[P]]],
    context: C,
    kind: str,
) -> CompiledRule[P]:
    """Compile one rule; its id joins any error, since paths of an extension's merged rule list
    are not the paths in the file its author wrote."""
    compiler = compilers.get(rule["check"])
    try:
        if compiler is None:
            known = ", ".join(compilers)
            raise DesignError(
                join(path, "check"), f'"{rule["check"]}" is not a {kind} check ({known})'
            )
        check = compiler(rule, path, context)
    except DesignError as error:
        raise DesignError(error.path, f'{error.detail} (rule "{rule["id"]}")') from error
    info = Rule(rule["id"], rule["check"], rule["severity"], rule.get("description", ""))
    return CompiledRule(info, check)


def run_rules(compiled: Sequence[CompiledRule[P]], parsed: P, metrics: Metrics) -> Evaluation:
    """Every rule in order; the design is valid while no ``error`` rule has a finding."""
    findings: list[Finding] = []
    valid = True
    for rule in compiled:
        before = len(findings)
        rule.check(parsed, metrics, findings)
        if valid and len(findings) > before and rule.rule.severity == "error":
            valid = False
    return {"valid": valid, "findings": findings, "metrics": metrics}
