// configurator/options.js: the options and parameters of a configurator.
// Python twin: cocreate/design/configurator/options.py.

import { checkMetricNames } from "../catalog.js";
import { DesignError, hasOwn, join, pyStr } from "../errors.js";
import { opt } from "../rules.js";

export const STEP_EPSILON = 1e-9;

/** Whether `value` is `start` plus a whole number of `step`s (to 1e-9 of a step). */
export function onStep(value, start, step) {
  if (step === null || step === undefined) return true;
  const q = (value - start) / step;
  return Math.abs(q - Math.floor(q + 0.5)) < STEP_EPSILON;
}

export function compileOption(oid, doc, path, metrics) {
  for (const key of ["label", "values"]) {
    if (!hasOwn(doc, key)) throw new DesignError(join(path, key), "missing: a new option needs a label and values");
  }
  const values = new Map();
  for (const [vid, entry] of Object.entries(doc.values)) {
    const where = join(join(path, "values"), vid);
    if (!hasOwn(entry, "label")) throw new DesignError(join(where, "label"), "missing: every value needs a label");
    const own = { ...(entry.metrics || {}) };
    checkMetricNames(own, join(where, "metrics"), metrics);
    values.set(
      vid,
      Object.freeze({
        id: vid,
        label: entry.label,
        color: hasOwn(entry, "color") ? entry.color : null,
        description: hasOwn(entry, "description") ? entry.description : "",
        metrics: own,
      }),
    );
  }
  const fallback = hasOwn(doc, "default") ? doc.default : values.keys().next().value;
  if (!values.has(fallback)) throw new DesignError(join(path, "default"), `"${fallback}" is not one of its values`);
  return Object.freeze({
    id: oid,
    label: doc.label,
    values,
    default: fallback,
    description: hasOwn(doc, "description") ? doc.description : "",
  });
}

export function compileParameter(pid, doc, path, metrics) {
  for (const key of ["label", "unit", "min", "max"]) {
    if (!hasOwn(doc, key)) {
      throw new DesignError(join(path, key), "missing: a new parameter needs label, unit, min, max");
    }
  }
  const lo = doc.min;
  const hi = doc.max;
  const step = opt(doc.step);
  if (lo > hi) throw new DesignError(join(path, "min"), `${pyStr(lo)} is more than max ${pyStr(hi)}`);
  const fallback = hasOwn(doc, "default") ? doc.default : lo;
  if (!(lo <= fallback && fallback <= hi) || !onStep(fallback, lo, step)) {
    throw new DesignError(
      join(path, "default"),
      `${pyStr(fallback)} is not between ${pyStr(lo)} and ${pyStr(hi)} in steps of ${pyStr(step)}`,
    );
  }
  const own = { ...(doc.metrics || {}) };
  checkMetricNames(own, join(path, "metrics"), metrics);
  return Object.freeze({
    id: pid,
    label: doc.label,
    unit: doc.unit,
    min: lo,
    max: hi,
    step,
    default: fallback,
    description: hasOwn(doc, "description") ? doc.description : "",
    metrics: own,
  });
}

/** Compile the `options` and `parameters` of a resolved configurator document. */
export function buildOptions(document, metrics) {
  const options = new Map();
  for (const [oid, doc] of Object.entries(document.options || {})) {
    options.set(oid, compileOption(oid, doc, join("options", oid), metrics));
  }
  const parameters = new Map();
  for (const [pid, doc] of Object.entries(document.parameters || {})) {
    parameters.set(pid, compileParameter(pid, doc, join("parameters", pid), metrics));
  }
  for (const pid of parameters.keys()) {
    if (options.has(pid)) throw new DesignError(join("parameters", pid), `"${pid}" is already an option`);
  }
  return [options, parameters];
}
