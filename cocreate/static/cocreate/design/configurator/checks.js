// configurator/checks.js: the rule checks of configurators.
// Python twin: cocreate/design/configurator/checks.py.

import { onStep } from "./options.js";
import { describe, DesignError, hasOwn, isObject, join } from "../errors.js";
import { Emitter } from "../messages.js";
import { compileMetricRule } from "../metric_rule.js";
import { checkBounds, Checks, opt } from "../rules.js";
import { formatNumber } from "../units.js";

/** Choices that must all hold: `{option: value | [values]}`, resolved and labelled. */
export class Condition {
  constructor(terms, label) {
    this.terms = terms; // [[option id, Set of values], ...]
    this.options = terms.map(([oid]) => oid);
    this.label = label;
  }

  holds(choices) {
    const terms = this.terms;
    for (let k = 0; k < terms.length; k++) {
      if (!terms[k][1].has(choices[terms[k][0]])) return false;
    }
    return true;
  }
}

export function condition(doc, path, ctx) {
  if (!isObject(doc)) throw new DesignError(path, `expected an object, got ${describe(doc)}`);
  const terms = [];
  const labels = [];
  for (const [oid, value] of Object.entries(doc)) {
    const where = join(path, oid);
    const option = ctx.options.get(oid);
    if (option === undefined) throw new DesignError(where, `unknown option "${oid}"`);
    const listed = typeof value === "string" ? [value] : Array.isArray(value) ? [...value] : [value];
    for (const v of listed) {
      if (!option.values.has(v)) throw new DesignError(where, `"${v}" is not a value of ${option.label}`);
    }
    terms.push([oid, new Set(listed)]);
    labels.push(`${option.label}: ${listed.map((v) => option.values.get(v).label).join(" or ")}`);
  }
  return new Condition(terms, labels.join(" and "));
}

/** The checks of kind configurator, added in the order of the format's table. */
export const CHECKS = new Checks("configurator");

/** Option and parameter ids in order of mention, each once. */
export const uniqueIds = (...groups) => [...new Set(groups.flat())];

/** The two conditions a rule names (`if`/`then`, `a`/`b`), the ids they mention (a finding's
 * `parts`) and their labels (its message's values). */
function two(rule, path, ctx, first, second) {
  const one = condition(rule[first], join(path, first), ctx);
  const other = condition(rule[second], join(path, second), ctx);
  return [one, other, uniqueIds(one.options, other.options), { [first]: one.label, [second]: other.label }];
}

CHECKS.add("requires", (rule, path, ctx) => {
  const emit = new Emitter(rule, path, { missing: "{if} needs {then}." });
  const [when, then, parts, values] = two(rule, path, ctx, "if", "then");
  return (c, metrics, out) => {
    if (when.holds(c.choices) && !then.holds(c.choices)) out.push(emit.finding("missing", [...parts], values));
  };
});

CHECKS.add("excludes", (rule, path, ctx) => {
  const emit = new Emitter(rule, path, { together: "{a} cannot be combined with {b}." });
  const [a, b, parts, values] = two(rule, path, ctx, "a", "b");
  return (c, metrics, out) => {
    if (a.holds(c.choices) && b.holds(c.choices)) out.push(emit.finding("together", [...parts], values));
  };
});

/** Without `parameter`: every parameter within its declared min, max and step. With it: that
 * parameter within the rule's `min`/`max`, only while `when` holds (if given). */
CHECKS.add("range", (rule, path, ctx) => {
  const when = hasOwn(rule, "when") ? condition(rule.when, join(path, "when"), ctx) : null;
  const suffix = when !== null ? " with {when}" : "";
  const emit = new Emitter(rule, path, {
    min: `{parameter} is {value} {unit}; at least {min} {unit}${suffix}.`,
    max: `{parameter} is {value} {unit}; at most {max} {unit}${suffix}.`,
    step: "{parameter} is {value} {unit}; choose it in steps of {step} {unit} from {min} {unit}.",
  });
  const pid = opt(rule.parameter);
  const lo = opt(rule.min);
  const hi = opt(rule.max);
  let judged;
  if (pid === null) {
    if (lo !== null || hi !== null) throw new DesignError(join(path, "parameter"), "missing: min and max need a parameter");
    judged = [...ctx.parameters.values()].map((p) => [p, p.min, p.max, p.step]);
  } else {
    const parameter = ctx.parameters.get(pid);
    if (parameter === undefined) throw new DesignError(join(path, "parameter"), `unknown parameter "${pid}"`);
    if (lo === null && hi === null) throw new DesignError(path, "a range rule with a parameter needs min or max");
    checkBounds(path, lo, hi);
    judged = [[parameter, lo, hi, null]];
  }
  const extra = when !== null ? when.options : [];
  const whenLabel = when !== null ? when.label : "";
  return (c, metrics, out) => {
    if (when !== null && !when.holds(c.choices)) return;
    for (const [parameter, lo, hi, step] of judged) {
      const value = c.parameters[parameter.id];
      let kind;
      if (lo !== null && value < lo) kind = "min";
      else if (hi !== null && value > hi) kind = "max";
      else if (step !== null && !onStep(value, parameter.min, step)) kind = "step";
      else continue;
      const values = {
        parameter: parameter.label,
        value: formatNumber(value),
        unit: parameter.unit,
        min: lo !== null ? formatNumber(lo) : "",
        max: hi !== null ? formatNumber(hi) : "",
        step: step !== null ? formatNumber(step) : "",
        when: whenLabel,
      };
      out.push(emit.finding(kind, uniqueIds([parameter.id], extra), values));
    }
  };
});

CHECKS.add("metric", (rule, path, ctx) => {
  return compileMetricRule(rule, path, ctx.metrics);
});

/** Options, values and parameters this version does not offer: the reader keeps them, so an old
 * design still opens, and this check reports them until they are replaced. */
CHECKS.add("unknown", (rule, path, ctx) => {
  const emit = new Emitter(rule, path, {
    option: '"{option}" is not an option of this toolkit.',
    value: '{option} "{value}" is not offered.',
    parameter: '"{parameter}" is not a parameter of this toolkit.',
  });
  return (c, metrics, out) => {
    const { unknownOptions, badValues, unknownParameters } = c;
    if (unknownOptions === null && badValues === null && unknownParameters === null) return;
    for (const [oid, value] of Object.entries(c.choices)) {
      if (unknownOptions !== null && unknownOptions.has(oid)) {
        out.push(emit.finding("option", [oid], { option: oid, value }));
      } else if (badValues !== null && badValues.has(oid)) {
        out.push(emit.finding("value", [oid], { option: ctx.options.get(oid).label, value }));
      }
    }
    if (unknownParameters === null) return;
    for (const pid of Object.keys(c.parameters)) {
      if (unknownParameters.has(pid)) out.push(emit.finding("parameter", [pid], { parameter: pid }));
    }
  };
});
