"""The rule checks of configurators: ``requires``, ``excludes``, ``range``, ``metric`` and
``unknown``, each compiled once (by its compiler in ``CHECKS``) into a closure over a read
design. A finding's ``parts`` lists the ids of the options and parameters involved (strings), in
the order the rule names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import DesignError, join
from ..messages import Emitter
from ..metric_rule import compile_metric_rule
from ..model import Finding, MetricDef, Option, Parameter
from ..rules import Check, Checks, Metrics, check_bounds
from ..units import format_number
from .design import ParsedConfig
from .options import on_step

ConfigCheck = Check[ParsedConfig]


@dataclass(frozen=True, slots=True)
class Context:
    options: Mapping[str, Option]
    parameters: Mapping[str, Parameter]
    metrics: Mapping[str, MetricDef]


@dataclass(frozen=True, slots=True)
class Condition:
    """Choices that must all hold: ``{option: value | [values]}``, resolved and labelled."""

    terms: tuple[tuple[str, frozenset[str]], ...]
    options: tuple[str, ...]
    label: str

    def holds(self, choices: Mapping[str, str]) -> bool:
        return all(choices.get(oid) in values for oid, values in self.terms)


def condition(doc: Mapping[str, Any], path: str, ctx: Context) -> Condition:
    terms = []
    labels = []
    for oid, value in doc.items():
        where = join(path, oid)
        option = ctx.options.get(oid)
        if option is None:
            raise DesignError(where, f'unknown option "{oid}"')
        listed = [value] if isinstance(value, str) else list(value)
        for v in listed:
            if v not in option.values:
                raise DesignError(where, f'"{v}" is not a value of {option.label}')
        terms.append((oid, frozenset(listed)))
        labels.append(f"{option.label}: {' or '.join(option.values[v].label for v in listed)}")
    return Condition(tuple(terms), tuple(oid for oid, _v in terms), " and ".join(labels))


CHECKS: Checks[Context, ParsedConfig] = Checks("configurator")


def _ids(*groups: tuple[str, ...]) -> list[str]:
    """Option and parameter ids in order of mention, each once."""
    return list(dict.fromkeys(oid for group in groups for oid in group))


def _two(
    rule: Mapping[str, Any], path: str, ctx: Context, first: str, second: str
) -> tuple[Condition, Condition, list[str], dict[str, str]]:
    """The two conditions a rule names (``if``/``then``, ``a``/``b``), the ids they mention
    (a finding's ``parts``) and their labels (its message's values)."""
    one = condition(rule[first], join(path, first), ctx)
    other = condition(rule[second], join(path, second), ctx)
    return one, other, _ids(one.options, other.options), {first: one.label, second: other.label}


@CHECKS.add("requires")
def _requires(rule: Mapping[str, Any], path: str, ctx: Context) -> ConfigCheck:
    emit = Emitter(rule, path, {"missing": "{if} needs {then}."})
    when, then, parts, values = _two(rule, path, ctx, "if", "then")

    def check(c: ParsedConfig, metrics: Metrics, out: list[Finding]) -> None:
        if when.holds(c.choices) and not then.holds(c.choices):
            out.append(emit.finding("missing", list(parts), values))

    return check


@CHECKS.add("excludes")
def _excludes(rule: Mapping[str, Any], path: str, ctx: Context) -> ConfigCheck:
    emit = Emitter(rule, path, {"together": "{a} cannot be combined with {b}."})
    a, b, parts, values = _two(rule, path, ctx, "a", "b")

    def check(c: ParsedConfig, metrics: Metrics, out: list[Finding]) -> None:
        if a.holds(c.choices) and b.holds(c.choices):
            out.append(emit.finding("together", list(parts), values))

    return check


@CHECKS.add("range")
def _range(rule: Mapping[str, Any], path: str, ctx: Context) -> ConfigCheck:
    """Without ``parameter``: every parameter within its declared min, max and step. With it:
    that parameter within the rule's ``min``/``max``, only while ``when`` holds (if given)."""
    when = condition(rule["when"], join(path, "when"), ctx) if "when" in rule else None
    suffix = " with {when}" if when is not None else ""
    emit = Emitter(
        rule,
        path,
        {
            "min": "{parameter} is {value} {unit}; at least {min} {unit}" + suffix + ".",
            "max": "{parameter} is {value} {unit}; at most {max} {unit}" + suffix + ".",
            "step": "{parameter} is {value} {unit}; choose it in steps of {step} {unit} "
            "from {min} {unit}.",
        },
    )
    pid = rule.get("parameter")
    lo, hi = rule.get("min"), rule.get("max")
    if pid is None:
        if lo is not None or hi is not None:
            raise DesignError(join(path, "parameter"), "missing: min and max need a parameter")
        judged: list[tuple[Parameter, float | None, float | None, float | None]] = [
            (p, p.min, p.max, p.step) for p in ctx.parameters.values()
        ]
    else:
        parameter = ctx.parameters.get(pid)
        if parameter is None:
            raise DesignError(join(path, "parameter"), f'unknown parameter "{pid}"')
        if lo is None and hi is None:
            raise DesignError(path, "a range rule with a parameter needs min or max")
        check_bounds(path, lo, hi)
        judged = [(parameter, lo, hi, None)]
    extra = when.options if when is not None else ()
    when_label = when.label if when is not None else ""

    def check(c: ParsedConfig, metrics: Metrics, out: list[Finding]) -> None:
        if when is not None and not when.holds(c.choices):
            return
        for parameter, lo, hi, step in judged:
            value = c.parameters[parameter.id]
            if lo is not None and value < lo:
                kind = "min"
            elif hi is not None and value > hi:
                kind = "max"
            elif step is not None and not on_step(value, parameter.min, step):
                kind = "step"
            else:
                continue
            values = {
                "parameter": parameter.label,
                "value": format_number(value),
                "unit": parameter.unit,
                "min": format_number(lo) if lo is not None else "",
                "max": format_number(hi) if hi is not None else "",
                "step": format_number(step) if step is not None else "",
                "when": when_label,
            }
            out.append(emit.finding(kind, _ids((parameter.id,), extra), values))

    return check


@CHECKS.add("metric")
def _metric(rule: Mapping[str, Any], path: str, ctx: Context) -> ConfigCheck:
    return compile_metric_rule(rule, path, ctx.metrics)


@CHECKS.add("unknown")
def _unknown(rule: Mapping[str, Any], path: str, ctx: Context) -> ConfigCheck:
    """Options, values and parameters this version does not offer: the reader keeps them, so
    an old design still opens, and this check reports them until they are replaced."""
    emit = Emitter(
        rule,
        path,
        {
            "option": '"{option}" is not an option of this toolkit.',
            "value": '{option} "{value}" is not offered.',
            "parameter": '"{parameter}" is not a parameter of this toolkit.',
        },
    )

    def check(c: ParsedConfig, metrics: Metrics, out: list[Finding]) -> None:
        if not c.unknown_options and not c.bad_values and not c.unknown_parameters:
            return
        for oid, value in c.choices.items():
            if oid in c.unknown_options:
                out.append(emit.finding("option", [oid], {"option": oid, "value": value}))
            elif oid in c.bad_values:
                label = ctx.options[oid].label
                out.append(emit.finding("value", [oid], {"option": label, "value": value}))
        for pid in c.parameters:
            if pid in c.unknown_parameters:
                out.append(emit.finding("parameter", [pid], {"parameter": pid}))

    return check
