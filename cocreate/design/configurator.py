"""Kind ``configurator``: options (choose one value each), numeric parameters, metrics summed
from the choices and parameters, and the checks ``requires``, ``excludes``, ``range``,
``metric`` and ``unknown``.

A design is ``{"toolkit", "version"?, "choices": {option: value}, "parameters": {name:
number}}``; both objects are optional and completed with the toolkit's defaults. Shape errors
raise DesignError naming the path; unknown options, values and parameters are kept and reported
by the ``unknown`` rule, so old designs always open. A finding's ``parts`` lists the ids of the
options and parameters involved (strings), in the order the rule names them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog
from .design import ParsedDesign, read_header
from .errors import DesignError, describe, join
from .messages import Emitter
from .metric_rule import compile_metric_rule
from .migrations import Migrations
from .model import Evaluation, Finding, MetricDef, Option, OptionValue, Parameter, Rule
from .rule_list import compile_rules
from .toolkit import Toolkit
from .units import format_number

Metrics = dict[str, int | float]
MAX_ENTRIES = 1_000
STEP_EPSILON = 1e-9


@dataclass(slots=True)
class ParsedConfig:
    """A configurator design, completed: known options and parameters in catalog order, then
    the unknown ones in document order."""

    choices: dict[str, str]
    parameters: dict[str, int | float]
    unknown_options: set[str] = field(default_factory=set)
    bad_values: set[str] = field(default_factory=set)  # known options with a value not offered
    unknown_parameters: set[str] = field(default_factory=set)
    version: int | None = None


ConfigCheck = Callable[[ParsedConfig, Metrics, list[Finding]], None]


def number(value: float) -> int | float:
    """Whole floats as ints, so documents and evaluations print ``500``, not ``500.0``."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def round_cents(value: float) -> int | float:
    """Totals rounded half up to two decimals: ``Math.floor(x * 100 + 0.5) / 100`` in JS."""
    return number(math.floor(value * 100 + 0.5) / 100)


# catalog -----------------------------------------------------------------------------------


def build_options(
    document: Mapping[str, Any], metrics: Mapping[str, MetricDef]
) -> tuple[dict[str, Option], dict[str, Parameter]]:
    """Compile the ``options`` and ``parameters`` of a resolved configurator document."""
    options = {
        oid: _option(oid, doc, join("options", oid), metrics)
        for oid, doc in (document.get("options") or {}).items()
    }
    parameters = {
        pid: _parameter(pid, doc, join("parameters", pid), metrics)
        for pid, doc in (document.get("parameters") or {}).items()
    }
    for pid in parameters:
        if pid in options:
            raise DesignError(join("parameters", pid), f'"{pid}" is already an option')
    return options, parameters


def _metric_values(
    doc: Mapping[str, Any], path: str, metrics: Mapping[str, MetricDef]
) -> dict[str, float]:
    values = dict(doc.get("metrics") or {})
    for name in values:
        if name not in metrics:
            raise DesignError(
                join(join(path, "metrics"), name),
                f'unknown metric "{name}" (declare it in metrics)',
            )
    return values


def _option(
    oid: str, doc: Mapping[str, Any], path: str, metrics: Mapping[str, MetricDef]
) -> Option:
    for key in ("label", "values"):
        if key not in doc:
            raise DesignError(join(path, key), "missing: a new option needs a label and values")
    values = {}
    for vid, entry in doc["values"].items():
        where = join(join(path, "values"), vid)
        if "label" not in entry:
            raise DesignError(join(where, "label"), "missing: every value needs a label")
        values[vid] = OptionValue(
            id=vid,
            label=entry["label"],
            color=entry.get("color"),
            description=entry.get("description", ""),
            metrics=_metric_values(entry, where, metrics),
        )
    default = doc.get("default", next(iter(values)))
    if default not in values:
        raise DesignError(join(path, "default"), f'"{default}" is not one of its values')
    return Option(
        id=oid,
        label=doc["label"],
        values=values,
        default=default,
        description=doc.get("description", ""),
    )


def on_step(value: float, start: float, step: float | None) -> bool:
    """Whether ``value`` is ``start`` plus a whole number of steps (to 1e-9 of a step)."""
    if step is None:
        return True
    q = (value - start) / step
    return abs(q - math.floor(q + 0.5)) < STEP_EPSILON


def _parameter(
    pid: str, doc: Mapping[str, Any], path: str, metrics: Mapping[str, MetricDef]
) -> Parameter:
    for key in ("label", "unit", "min", "max"):
        if key not in doc:
            raise DesignError(
                join(path, key), "missing: a new parameter needs label, unit, min, max"
            )
    lo, hi, step = doc["min"], doc["max"], doc.get("step")
    if lo > hi:
        raise DesignError(join(path, "min"), f"{lo} is more than max {hi}")
    default = doc.get("default", lo)
    if not lo <= default <= hi or not on_step(default, lo, step):
        raise DesignError(
            join(path, "default"), f"{default} is not between {lo} and {hi} in steps of {step}"
        )
    return Parameter(
        id=pid,
        label=doc["label"],
        unit=doc["unit"],
        min=lo,
        max=hi,
        step=step,
        default=default,
        description=doc.get("description", ""),
        metrics=_metric_values(doc, path, metrics),
    )


# reading designs ---------------------------------------------------------------------------


def read_config(
    document: object,
    *,
    options: Mapping[str, Option],
    parameters: Mapping[str, Parameter],
    toolkit_ids: Collection[str],
    max_version: int,
) -> ParsedConfig:
    """Validate the shape of a configurator design and complete it; raises DesignError only."""
    doc, version = read_header(document, toolkit_ids=toolkit_ids, max_version=max_version)
    chosen = _object(doc, "choices", "option choices")
    for key, value in chosen.items():
        if type(value) is not str or not value:
            raise DesignError(join("choices", key), f"expected a value name, got {describe(value)}")
    given = _object(doc, "parameters", "parameter values")
    for key, value in given.items():
        if type(value) not in (int, float) or not math.isfinite(value):
            raise DesignError(join("parameters", key), f"expected a number, got {describe(value)}")
    choices: dict[str, str] = {}
    bad: set[str] = set()
    for oid, option in options.items():
        value = chosen.get(oid, option.default)
        choices[oid] = value
        if value not in option.values:
            bad.add(oid)
    unknown = {oid for oid in chosen if oid not in options}
    for oid in chosen:
        if oid in unknown:
            choices[oid] = chosen[oid]
    values: dict[str, int | float] = {
        pid: number(given.get(pid, parameter.default)) for pid, parameter in parameters.items()
    }
    strangers = {pid for pid in given if pid not in parameters}
    for pid in given:
        if pid in strangers:
            values[pid] = number(given[pid])
    return ParsedConfig(
        choices=choices,
        parameters=values,
        unknown_options=unknown,
        bad_values=bad,
        unknown_parameters=strangers,
        version=version,
    )


def _object(doc: Mapping[str, Any], key: str, what: str) -> dict[str, Any]:
    value = doc.get(key)
    if value is None:
        return {}
    if type(value) is not dict:
        raise DesignError(key, f"expected an object of {what}, got {describe(value)}")
    if len(value) > MAX_ENTRIES:
        raise DesignError(key, f"at most {MAX_ENTRIES} entries, got {len(value)}")
    return value


# checks ------------------------------------------------------------------------------------


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


def _ids(*groups: tuple[str, ...]) -> list[str]:
    """Option and parameter ids in order of mention, each once."""
    return list(dict.fromkeys(oid for group in groups for oid in group))


def _requires(rule: Mapping[str, Any], path: str, ctx: Context) -> ConfigCheck:
    emit = Emitter(rule, path, {"missing": "{if} needs {then}."})
    when = condition(rule["if"], join(path, "if"), ctx)
    then = condition(rule["then"], join(path, "then"), ctx)
    parts = _ids(when.options, then.options)
    values = {"if": when.label, "then": then.label}

    def check(c: ParsedConfig, metrics: Metrics, out: list[Finding]) -> None:
        if when.holds(c.choices) and not then.holds(c.choices):
            out.append(emit.finding("missing", list(parts), values))

    return check


def _excludes(rule: Mapping[str, Any], path: str, ctx: Context) -> ConfigCheck:
    emit = Emitter(rule, path, {"together": "{a} cannot be combined with {b}."})
    a = condition(rule["a"], join(path, "a"), ctx)
    b = condition(rule["b"], join(path, "b"), ctx)
    parts = _ids(a.options, b.options)
    values = {"a": a.label, "b": b.label}

    def check(c: ParsedConfig, metrics: Metrics, out: list[Finding]) -> None:
        if a.holds(c.choices) and b.holds(c.choices):
            out.append(emit.finding("together", list(parts), values))

    return check


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
        if lo is not None and hi is not None and lo > hi:
            raise DesignError(join(path, "min"), f"{lo} is more than max {hi}")
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


def _metric(rule: Mapping[str, Any], path: str, ctx: Context) -> ConfigCheck:
    inner = compile_metric_rule(rule, path, ctx.metrics)
    return lambda c, metrics, out: inner(metrics, out)


def _unknown(rule: Mapping[str, Any], path: str, ctx: Context) -> ConfigCheck:
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


COMPILERS: dict[str, Callable[[Mapping[str, Any], str, Context], ConfigCheck]] = {
    "requires": _requires,
    "excludes": _excludes,
    "range": _range,
    "metric": _metric,
    "unknown": _unknown,
}


# the toolkit -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompiledConfigRule:
    rule: Rule
    check: ConfigCheck


class ConfiguratorToolkit(Toolkit):
    """A compiled toolkit of kind ``configurator``. ``catalog`` is empty and ``length_mm``
    None; ``options`` and ``parameters`` describe the design space."""

    def __init__(
        self,
        *,
        document: Mapping[str, Any],
        catalog: Catalog,
        options: dict[str, Option],
        parameters: dict[str, Parameter],
        accepts: frozenset[str],
        ancestors: tuple[str, ...],
        rules: tuple[CompiledConfigRule, ...],
        baseline: ParsedConfig | None,
        migrations: Migrations | None,
    ) -> None:
        super().__init__(
            document=document,
            catalog=catalog,
            accepts=accepts,
            ancestors=ancestors,
            rules=(),
            baseline=None,
            migrations=migrations,
        )
        self.options = options
        self.parameters = parameters
        self._config_rules = rules
        self._baseline = None if baseline is None else self._normalized_config(baseline)
        # (metric, value) per option value and per unit of each parameter, resolved once
        self._by_value = {
            oid: {vid: tuple(v.metrics.items()) for vid, v in option.values.items()}
            for oid, option in options.items()
        }
        self._per_unit = {pid: tuple(p.metrics.items()) for pid, p in parameters.items()}

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(c.rule for c in self._config_rules)

    def read(self, document: object) -> ParsedDesign:
        raise DesignError("kind", "a configurator design has choices, not parts: use read_config")

    def read_config(self, document: object) -> ParsedConfig:
        """Check a configurator design's shape and complete it; DesignError names the path."""
        return read_config(
            document,
            options=self.options,
            parameters=self.parameters,
            toolkit_ids=self._accepts,
            max_version=self.version,
        )

    def evaluate(self, document: object) -> Evaluation:
        c = self.read_config(self._current(document))
        metrics = self.totals(c)
        findings: list[Finding] = []
        valid = True
        for compiled in self._config_rules:
            before = len(findings)
            compiled.check(c, metrics, findings)
            if valid and len(findings) > before and compiled.rule.severity == "error":
                valid = False
        return {"valid": valid, "findings": findings, "metrics": metrics}

    def parse(self, document: object) -> dict[str, Any]:
        """The normalized design: ``{"toolkit", "version", "choices", "parameters"}`` with every
        option and parameter present (defaults filled), unknown ones kept at the end."""
        return self._normalized_config(self.read_config(self._current(document)))

    def _normalized_config(self, c: ParsedConfig) -> dict[str, Any]:
        return {
            "toolkit": self.id,
            "version": self.version,
            "choices": dict(c.choices),
            "parameters": dict(c.parameters),
        }

    def totals(self, c: ParsedConfig) -> Metrics:
        """Metric totals: chosen values' metrics in option order, then each parameter's value
        times its per-unit metrics in parameter order; rounded half up to two decimals."""
        totals: dict[str, float] = dict.fromkeys(self.metrics, 0)
        for oid, by_value in self._by_value.items():
            for name, value in by_value.get(c.choices[oid], ()):
                totals[name] += value
        for pid, per_unit in self._per_unit.items():
            amount = c.parameters[pid]
            for name, value in per_unit:
                totals[name] += amount * value
        return {name: round_cents(value) for name, value in totals.items()}


def compile_configurator(
    document: dict[str, Any],
    catalog: Catalog,
    accepts: frozenset[str],
    ancestors: tuple[str, ...],
    migrations_of: Callable[[Catalog, dict[str, Option], dict[str, Parameter]], Migrations | None],
    implicit_unknown: Mapping[str, Any],
) -> ConfiguratorToolkit:
    """Compile a resolved configurator document (called by ``compile``)."""
    for key in ("parts", "length", "groups"):
        if document.get(key):
            raise DesignError(key, "a configurator has options and parameters, not parts")
    options, parameters = build_options(document, catalog.metrics)
    migrations = migrations_of(catalog, options, parameters)
    baseline = None
    if "baseline" in document:
        raw = document["baseline"]
        try:
            if migrations is not None and isinstance(raw, dict):
                version = raw.get("version")
                if type(version) is int and 1 <= version < document["version"]:
                    raw = migrations.apply(raw, version)[0]
            baseline = read_config(
                raw,
                options=options,
                parameters=parameters,
                toolkit_ids=accepts,
                max_version=document["version"],
            )
        except DesignError as error:
            raise DesignError(
                join("baseline", error.path) if error.path else "baseline", error.detail
            ) from error
    ctx = Context(options=options, parameters=parameters, metrics=catalog.metrics)
    compiled = compile_rules(
        document.get("rules", []), implicit_unknown, lambda rule, path: _rule(rule, path, ctx)
    )
    return ConfiguratorToolkit(
        document=document,
        catalog=catalog,
        options=options,
        parameters=parameters,
        accepts=accepts,
        ancestors=ancestors,
        rules=compiled,
        baseline=baseline,
        migrations=migrations,
    )


def _rule(rule: Mapping[str, Any], path: str, ctx: Context) -> CompiledConfigRule:
    compiler = COMPILERS.get(rule["check"])
    try:
        if compiler is None:
            known = ", ".join(COMPILERS)
            raise DesignError(
                join(path, "check"), f'"{rule["check"]}" is not a configurator check ({known})'
            )
        check = compiler(rule, path, ctx)
    except DesignError as error:
        raise DesignError(error.path, f'{error.detail} (rule "{rule["id"]}")') from error
    info = Rule(rule["id"], rule["check"], rule["severity"], rule.get("description", ""))
    return CompiledConfigRule(info, check)
