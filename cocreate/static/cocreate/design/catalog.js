// catalog.js: the part catalog, groups and metrics of a resolved toolkit document.
// Python twin: cocreate/design/catalog.py.

import { DesignError, hasOwn, join, sortedStrings } from "./errors.js";
import { PartType, Selector } from "./model.js";
import { formatM, toMm } from "./units.js";

export const NEUTRAL = "#9e9e9e";

export const optionalMm = (value) => (value === null || value === undefined ? null : toMm(Number(value)));

export const asValues = (value) => new Set(typeof value === "string" ? [value] : value);

export class Catalog {
  constructor(parts, groups, members, metrics) {
    this.parts = parts; // Map type id -> PartType, catalog order
    this.groups = groups; // Map group id -> label
    this.members = members; // Map group id -> Set of type ids
    this.metrics = metrics; // Map metric id -> {id, label, unit, source}
  }

  label(type) {
    const entry = this.parts.get(type);
    return entry ? entry.label : type;
  }

  selector(doc, path) {
    const named = [];
    let types = new Set();
    for (const key of ["type", "group"]) {
      const value = doc[key];
      if (value === null || value === undefined) continue;
      const table = key === "type" ? this.parts : this.members;
      const names = typeof value === "string" ? [value] : value;
      names.forEach((name, n) => {
        const where = typeof value === "string" ? join(path, key) : join(join(path, key), n);
        if (!table.has(name)) throw new DesignError(where, `unknown ${key} "${name}"`);
        if (key === "type") {
          types.add(name);
          named.push(this.parts.get(name).label);
        } else {
          for (const t of this.members.get(name)) types.add(t);
          named.push(this.groups.get(name));
        }
      });
    }
    if (named.length === 0) {
      types = new Set(this.parts.keys());
      named.push("Any part");
    }
    const variant = this.variantMatch(doc.variant || {}, types, join(path, "variant"));
    let label = doc.label;
    if (label === null || label === undefined) {
      label = named.join(" or ");
      if (variant.length) {
        label += ` (${variant.map(([, v]) => sortedStrings(v).join("/")).join(", ")})`;
      }
    }
    return new Selector(types, variant, label);
  }

  variantMatch(doc, types, path) {
    const match = [];
    for (const [axis, value] of Object.entries(doc)) {
      const allowed = new Set();
      for (const t of types) {
        const entry = this.parts.get(t);
        if (hasOwn(entry.variants, axis)) for (const v of entry.variants[axis]) allowed.add(v);
      }
      if (allowed.size === 0) {
        throw new DesignError(join(path, axis), `none of the selected parts has "${axis}"`);
      }
      const values = asValues(value);
      for (const v of sortedStrings(values)) {
        if (!allowed.has(v)) throw new DesignError(join(path, axis), `"${v}" is not a value of ${axis}`);
      }
      match.push([axis, values]);
    }
    return match;
  }
}

export function checkMetricNames(values, path, metrics) {
  for (const name of Object.keys(values)) {
    if (!metrics.has(name)) {
      throw new DesignError(join(path, name), `unknown metric "${name}" (declare it in metrics)`);
    }
  }
}

export function compileOverride(doc, path, variants, metrics) {
  const when = [];
  for (const [axis, value] of Object.entries(doc.when || {})) {
    const where = join(join(path, "when"), axis);
    if (!hasOwn(variants, axis)) throw new DesignError(where, `the part has no variant "${axis}"`);
    const values = asValues(value);
    const known = new Set(variants[axis]);
    for (const v of sortedStrings(values)) {
      if (!known.has(v)) throw new DesignError(where, `"${v}" is not a value of ${axis}`);
    }
    when.push([axis, values]);
  }
  checkMetricNames(doc.metrics || {}, join(path, "metrics"), metrics);
  return {
    when,
    setsMin: hasOwn(doc, "min_width"),
    minWidthMm: optionalMm(doc.min_width),
    setsMax: hasOwn(doc, "max_width"),
    maxWidthMm: optionalMm(doc.max_width),
    metrics: { ...(doc.metrics || {}) },
  };
}

export function compilePartType(tid, doc, path, groups, metrics) {
  for (const key of ["label", "default_width"]) {
    if (!hasOwn(doc, key)) {
      throw new DesignError(join(path, key), "missing: a new part type needs a label and a width");
    }
  }
  const variants = {};
  const defaultVariant = {};
  for (const [axis, spec] of Object.entries(doc.variants || {})) {
    const values = [...spec.values];
    const fallback = hasOwn(spec, "default") ? spec.default : values[0];
    if (!values.includes(fallback)) {
      throw new DesignError(
        join(join(join(path, "variants"), axis), "default"),
        `"${fallback}" is not one of its values`,
      );
    }
    variants[axis] = values;
    defaultVariant[axis] = fallback;
  }
  (doc.groups || []).forEach((gid, n) => {
    if (!groups.has(gid)) throw new DesignError(join(join(path, "groups"), n), `unknown group "${gid}"`);
  });
  checkMetricNames(doc.metrics || {}, join(path, "metrics"), metrics);
  const overrides = (doc.variant_overrides || []).map((o, n) =>
    compileOverride(o, join(join(path, "variant_overrides"), n), variants, metrics),
  );
  const part = new PartType({
    type: tid,
    label: doc.label,
    color: hasOwn(doc, "color") ? doc.color : NEUTRAL,
    defaultWidthMm: toMm(doc.default_width),
    minWidthMm: optionalMm(doc.min_width),
    maxWidthMm: optionalMm(doc.max_width),
    variants,
    defaultVariant,
    groups: [...(doc.groups || [])],
    metrics: { ...(doc.metrics || {}) },
    overrides,
    description: hasOwn(doc, "description") ? doc.description : "",
  });
  const [lo, hi] = part.widthLimits(defaultVariant);
  const width = part.defaultWidthMm;
  if ((lo !== null && width < lo) || (hi !== null && width > hi)) {
    const bounds = `${lo ? formatM(lo) : "0 m"} to ${hi ? formatM(hi) : "any width"}`;
    throw new DesignError(
      join(path, "default_width"),
      `${formatM(width)} is outside its limits (${bounds})`,
    );
  }
  if (lo !== null && hi !== null && lo > hi) {
    throw new DesignError(join(path, "min_width"), "is more than max_width");
  }
  return part;
}

export function buildCatalog(document) {
  const groups = new Map(
    Object.entries(document.groups || {}).map(([gid, g]) => [gid, String(g.label)]),
  );
  const metrics = new Map(
    Object.entries(document.metrics || {}).map(([mid, m]) => [
      mid,
      { id: mid, label: m.label, unit: m.unit, source: hasOwn(m, "source") ? m.source : null },
    ]),
  );
  const parts = new Map();
  for (const [tid, doc] of Object.entries(document.parts || {})) {
    parts.set(tid, compilePartType(tid, doc, join("parts", tid), groups, metrics));
  }
  const members = new Map();
  for (const gid of groups.keys()) {
    members.set(gid, new Set([...parts.values()].filter((p) => p.groups.includes(gid)).map((p) => p.type)));
  }
  return new Catalog(parts, groups, members, metrics);
}

