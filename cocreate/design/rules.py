"""The one rule runner every kind shares: rules compiled once in a fixed order (the implicit
``unknown`` rule first when the toolkit declares none, then the rules as written, each id once),
then run in that order into ``{valid, findings, metrics}``. A kind supplies only its checks
(a ``Checks`` table)."""

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
# A kind's compiler of one check: a rule (schema-valid), its path and the kind's context.
Compiler = Callable[[Mapping[str, Any], str, C], Check[P]]

# Added to every toolkit that declares no ``unknown`` rule: old designs must always open, and
# a name the toolkit does not know must block submission until it is replaced.
IMPLICIT_UNKNOWN = {"id": "unknown", "check": "unknown", "severity": "error"}


@dataclass(frozen=True, slots=True)
class CompiledRule(Generic[P]):
    rule: Rule
    check: Check[P]


def check_bounds(path: str, lo: float | None, hi: float | None) -> None:
    """Refuse a rule whose ``min`` is above its ``max``."""
    if lo is not None and hi is not None and lo > hi:
        raise DesignError(join(path, "min"), f"{lo} is more than max {hi}")


class Checks(Generic[C, P]):
    """A kind's rule checks by name, in the order the kind adds them (its table in the format).
    Each compiler reads a rule once, with the kind's context ``C``, into a Check over the
    kind's read design ``P``; ``compile`` does it for a whole document, in the runner's order."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._compilers: dict[str, Compiler[C, P]] = {}

    def add(self, name: str) -> Callable[[Compiler[C, P]], Compiler[C, P]]:
        """A decorator: the compiler of the check ``name``."""

        def register(compiler: Compiler[C, P]) -> Compiler[C, P]:
            self._compilers[name] = compiler
            return compiler

        return register

    def compile(
        self, rules: Sequence[Mapping[str, Any]], context: C
    ) -> tuple[CompiledRule[P], ...]:
        """Compile a resolved toolkit document's rules."""
        compiled = []
        if not any(rule["check"] == "unknown" for rule in rules):
            compiled.append(self._compile_one(IMPLICIT_UNKNOWN, "rules", context))
        seen: set[str] = set()
        for n, rule in enumerate(rules):
            path = join("rules", n)
            if rule["id"] in seen:
                raise DesignError(join(path, "id"), f'duplicate rule id "{rule["id"]}"')
            seen.add(rule["id"])
            compiled.append(self._compile_one(rule, path, context))
        return tuple(compiled)

    def _compile_one(self, rule: Mapping[str, Any], path: str, context: C) -> CompiledRule[P]:
        """Compile one rule; its id joins any error, since paths of an extension's merged rule
        list are not the paths in the file its author wrote."""
        compiler = self._compilers.get(rule["check"])
        try:
            if compiler is None:
                known = ", ".join(self._compilers)
                raise DesignError(
                    join(path, "check"), f'"{rule["check"]}" is not a {self.kind} check ({known})'
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
