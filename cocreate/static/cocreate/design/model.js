// model.js: part types, variant lookups and selectors.
// Python twin: cocreate/design/model.py.

import { hasOwn, sortedStrings } from "./errors.js";

export function matchesWhen(when, variant) {
  for (let k = 0; k < when.length; k++) {
    const axis = when[k][0];
    if (!when[k][1].has(hasOwn(variant, axis) ? variant[axis] : undefined)) return false;
  }
  return true;
}

/** One entry of the part catalog (the palette). Widths in millimetres. */
export class PartType {
  constructor(fields) {
    Object.assign(this, fields);
    this.variantPairs = new Map(Object.entries(this.variants).map(([a, vs]) => [a, new Set(vs)]));
    this.axisCount = Object.keys(this.variants).length;
    this.hasWidthOverrides = this.overrides.some((o) => o.setsMin || o.setsMax);
    this.hasMetricOverrides = this.overrides.some((o) => Object.keys(o.metrics).length > 0);
  }

  /** [min, max] in mm (null = none) for a part of this type with `variant`; later overrides win. */
  widthLimits(variant) {
    let lo = this.minWidthMm;
    let hi = this.maxWidthMm;
    for (const o of this.overrides) {
      if (matchesWhen(o.when, variant)) {
        if (o.setsMin) lo = o.minWidthMm;
        if (o.setsMax) hi = o.maxWidthMm;
      }
    }
    return [lo, hi];
  }

  /** [[metric, value], ...] one part of this type adds, after variant overrides. */
  contributions(variant) {
    const values = new Map(Object.entries(this.metrics));
    for (const o of this.overrides) {
      if (Object.keys(o.metrics).length && matchesWhen(o.when, variant)) {
        for (const [name, value] of Object.entries(o.metrics)) values.set(name, value);
      }
    }
    return [...values];
  }
}

/** A part type's per-variant value, tabulated over the axes its overrides look at. */
export class VariantLookup {
  static MAX_ROWS = 512;

  constructor(entry, compute) {
    const axes = new Set();
    for (const o of entry.overrides) for (const [axis] of o.when) axes.add(axis);
    this.axes = sortedStrings(axes);
    this.compute = compute;
    this.table = new Map();
    const lists = this.axes.map((axis) => entry.variants[axis]);
    if (lists.reduce((n, l) => n * l.length, 1) <= VariantLookup.MAX_ROWS) {
      const combos = lists.reduce((acc, l) => acc.flatMap((c) => l.map((v) => [...c, v])), [[]]);
      for (const combo of combos) {
        const variant = {};
        this.axes.forEach((axis, k) => (variant[axis] = combo[k]));
        this.table.set(combo.join("\u0000"), compute(variant));
      }
    }
  }

  get(variant) {
    const axes = this.axes;
    let key = "";
    for (let k = 0; k < axes.length; k++) {
      const value = variant[axes[k]];
      if (typeof value !== "string" || !hasOwn(variant, axes[k])) return this.compute(variant);
      key = k ? `${key}\u0000${value}` : value;
    }
    const found = this.table.get(key);
    return found === undefined ? this.compute(variant) : found;
  }
}

/** Which parts a rule talks about: a set of type ids plus optional variant conditions. */
export class Selector {
  constructor(types, variant, label) {
    this.types = types; // Set of type ids
    this.variant = variant; // [[axis, Set of values], ...]
    this.label = label;
  }

  matches(type, variant) {
    return this.types.has(type) && (this.variant.length === 0 || matchesWhen(this.variant, variant));
  }

  indexes(types, variants) {
    const out = [];
    const members = this.types;
    if (this.variant.length === 0) {
      for (let i = 0; i < types.length; i++) if (members.has(types[i])) out.push(i);
    } else {
      for (let i = 0; i < types.length; i++) if (this.matches(types[i], variants[i])) out.push(i);
    }
    return out;
  }

  mask(types, variants) {
    const out = new Array(types.length);
    for (let i = 0; i < types.length; i++) out[i] = this.matches(types[i], variants[i]);
    return out;
  }
}
