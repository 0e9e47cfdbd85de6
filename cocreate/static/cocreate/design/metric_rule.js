// metric_rule.js: the `metric` check, the same for every kind.
// Python twin: cocreate/design/metric_rule.py.

import { DesignError, join } from "./errors.js";
import { Emitter } from "./messages.js";
import { checkBounds, opt } from "./rules.js";
import { formatNumber } from "./units.js";

/** A `metric` rule, the same for every kind: a metric total within `min`/`max`; a check of any
 * kind's design, since it reads only the metric totals. */
export function compileMetricRule(rule, path, metricDefs) {
  const emit = new Emitter(rule, path, {
    min: "{metric} is {value} {unit}; at least {min} {unit}.",
    max: "{metric} is {value} {unit}; at most {max} {unit}.",
  });
  const name = rule.metric;
  const definition = metricDefs.get(name);
  if (definition === undefined) throw new DesignError(join(path, "metric"), `unknown metric "${name}"`);
  const lo = opt(rule.min);
  const hi = opt(rule.max);
  checkBounds(path, lo, hi);
  return (design, metrics, out) => {
    const value = metrics[name];
    let kind;
    let bound;
    if (lo !== null && value < lo) {
      [kind, bound] = ["min", lo];
    } else if (hi !== null && value > hi) {
      [kind, bound] = ["max", hi];
    } else {
      return;
    }
    const values = { metric: definition.label, unit: definition.unit, value: formatNumber(value) };
    values[kind] = formatNumber(bound);
    out.push(emit.finding(kind, [], values));
  };
}
