// configurator/design.js: reading a configurator design.
// Python twin: cocreate/design/configurator/design.py.

import { describe, DesignError, EMPTY, hasOwn, isObject, join, put } from "../errors.js";

export const MAX_ENTRIES = 1_000;
// A parameter's size: past this it is a typo, and metric totals would overflow to infinity.
export const MAX_PARAMETER = 1e15;

/** Refuse what is no parameter value: not a number, NaN, infinite, or too large to total. */
export function checkParameter(path, value) {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new DesignError(path, `expected a number, got ${describe(value)}`);
  }
  if (Math.abs(value) >= MAX_PARAMETER) throw new DesignError(path, `must be below 1e15 in size, got ${describe(value)}`);
}

/** Metric totals rounded half up to two decimals: `Math.floor(x * 100 + 0.5) / 100`. */
export function roundCents(value) {
  return Math.floor(value * 100 + 0.5) / 100;
}

export function configObject(doc, key, what) {
  const value = doc[key];
  if (value === null || value === undefined) return EMPTY;
  if (!isObject(value)) throw new DesignError(key, `expected an object of ${what}, got ${describe(value)}`);
  const n = Object.keys(value).length;
  if (n > MAX_ENTRIES) throw new DesignError(key, `at most ${MAX_ENTRIES} entries, got ${n}`);
  return value;
}

/** A configurator design, completed: known options and parameters in catalog order, then the
 * unknown ones in document order (Python's ParsedConfig). */
export class ParsedConfig {
  constructor(fields) {
    Object.assign(this, fields);
  }
}

/** Validate the shape of a configurator design whose header readHeader checked (`version` is its
 * version) and complete it; throws DesignError only. */
export function readConfig(document, version, { options, parameters }) {
  const chosen = configObject(document, "choices", "option choices");
  const chosenIds = Object.keys(chosen);
  for (const key of chosenIds) {
    const value = chosen[key];
    if (typeof value !== "string" || !value) {
      throw new DesignError(join("choices", key), `expected a value name, got ${describe(value)}`);
    }
  }
  const given = configObject(document, "parameters", "parameter values");
  const givenIds = Object.keys(given);
  for (const key of givenIds) {
    checkParameter(join("parameters", key), given[key]);
  }
  const choices = {};
  let bad = null;
  for (const [oid, option] of options) {
    const value = hasOwn(chosen, oid) ? chosen[oid] : option.default;
    put(choices, oid, value);
    if (!option.values.has(value)) (bad ??= new Set()).add(oid);
  }
  let unknown = null;
  for (const oid of chosenIds) {
    if (!options.has(oid)) {
      (unknown ??= new Set()).add(oid);
      put(choices, oid, chosen[oid]);
    }
  }
  const values = {};
  for (const [pid, parameter] of parameters) put(values, pid, hasOwn(given, pid) ? given[pid] : parameter.default);
  let strangers = null;
  for (const pid of givenIds) {
    if (!parameters.has(pid)) {
      (strangers ??= new Set()).add(pid);
      put(values, pid, given[pid]);
    }
  }
  return new ParsedConfig({
    choices,
    parameters: values,
    unknownOptions: unknown,
    badValues: bad,
    unknownParameters: strangers,
    version,
  });
}
