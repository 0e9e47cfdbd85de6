// section/versions.js: migration steps of section toolkits.
// Python twin: cocreate/design/section/versions.py.

import { describe, DesignError, hasOwn, isNumber, isObject, join, put, pyTruthy } from "../errors.js";
import { opt } from "../rules.js";
import { formatM, toMm } from "../units.js";
import { formatFactor, scaleMm, Steps } from "../versions.js";

export const countParts = (n) => (n === 1 ? "1 part" : `${n} parts`);

export function sameKeys(a, b) {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export function sameEntries(a, b) {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!hasOwn(b, key) || a[key] !== b[key]) return false;
  return true;
}

/** Compiles the steps of a section toolkit: they rename, merge, fill and convert part types. */
export class SectionSteps extends Steps {
  static keys = new Set(["type", "types", "to", "axes", "values", "variants", "field", "value", "fields", "factor"]);
  static refusal = "a section toolkit's steps name part types";

  /** Parts and variants copied (a structured clone); shape errors as readDesign's. */
  static copy(document) {
    const parts = document.parts;
    if (!Array.isArray(parts)) throw new DesignError("parts", `expected an array of parts, got ${describe(parts)}`);
    return structuredClone(document);
  }

  _compile(version, path, step, later) {
    if (step.op === "rename") return this.rename(version, path, step, later);
    if (step.op === "merge") return this.merge(version, path, step, later);
    if (step.op === "set_default") return this.setDefault(version, path, step, later);
    return this.convert(version, path, step);
  }

  /** The catalog entry a produced type must match, or null when a later step moves it on. */
  checkType(tid, later, where) {
    if (!later.has(tid) && !this.names.parts.has(tid)) {
      throw new DesignError(where, `unknown type "${tid}": not in the catalog of this version`);
    }
    return later.has(tid) ? null : this.names.parts.get(tid);
  }

  checkVariant(entry, variant, where) {
    if (entry === null) return;
    for (const [axis, value] of Object.entries(variant)) {
      if (!hasOwn(entry.variants, axis)) throw new DesignError(join(where, axis), `${entry.label} has no variant "${axis}"`);
      if (!entry.variants[axis].includes(value)) throw new DesignError(join(where, axis), `"${value}" is not a value of ${axis}`);
    }
  }

  rename(version, path, step, later) {
    const source = opt(step.type);
    if (source === null) throw new DesignError(join(path, "type"), "missing: name the part type to rename");
    const target = hasOwn(step, "to") ? step.to : source;
    const axes = { ...(step.axes || {}) };
    const values = [];
    for (const [axis, mapping] of Object.entries(step.values || {})) {
      if (!isObject(mapping)) throw new DesignError(join(join(path, "values"), axis), 'expected {"old value": "new value"}');
      values.push([axis, { ...mapping }]);
    }
    const hasAxes = Object.keys(axes).length > 0;
    if (!hasOwn(step, "to") && !hasAxes && values.length === 0) {
      throw new DesignError(path, 'a rename needs "to", "axes" or "values"');
    }
    const entry = this.checkType(target, later, join(path, hasOwn(step, "to") ? "to" : "type"));
    if (entry !== null) {
      for (const [old, renamed] of Object.entries(axes)) {
        if (!hasOwn(entry.variants, renamed)) throw new DesignError(join(join(path, "axes"), old), `${entry.label} has no "${renamed}"`);
      }
      for (const [axis, mapping] of values) {
        const where = join(join(path, "values"), axis);
        if (!hasOwn(entry.variants, axis)) throw new DesignError(where, `${entry.label} has no variant "${axis}"`);
        for (const [old, renamed] of Object.entries(mapping)) {
          if (!entry.variants[axis].includes(renamed)) throw new DesignError(join(where, old), `"${renamed}" is not a value of ${axis}`);
        }
      }
    }
    const names = this.names;
    return (design) => {
      const touched = [];
      design.parts.forEach((part, i) => {
        if (!isObject(part) || part.type !== source) return;
        let changed = false;
        let variant = part.variant;
        if (isObject(variant) && (hasAxes || values.length)) {
          if (hasAxes) {
            const renamed = {};
            for (const [k, v] of Object.entries(variant)) put(renamed, hasOwn(axes, k) ? axes[k] : k, v);
            changed = !sameKeys(Object.keys(renamed), Object.keys(variant));
            variant = renamed;
          }
          for (const [axis, mapping] of values) {
            const old = hasOwn(variant, axis) ? variant[axis] : undefined;
            if (typeof old === "string" && hasOwn(mapping, old) && mapping[old] !== old) {
              variant[axis] = mapping[old];
              changed = true;
            }
          }
          part.variant = variant;
        }
        if (target !== source) {
          part.type = target;
          changed = true;
        }
        if (changed) touched.push(i);
      });
      if (touched.length === 0) return null;
      const message =
        target !== source
          ? `${countParts(touched.length)} of type "${source}" became ${names.partLabel(target)}.`
          : `updated the variant of ${countParts(touched.length)} (${names.partLabel(source)}).`;
      return { version, op: "rename", message: `Version ${version}: ${message}`, parts: touched };
    };
  }

  merge(version, path, step, later) {
    const sources = step.types;
    if (!pyTruthy(sources)) throw new DesignError(join(path, "types"), "missing: name the part types to merge");
    const target = step.to;
    const entry = this.checkType(target, later, join(path, "to"));
    const variants = new Map();
    for (const [source, variant] of Object.entries(step.variants || {})) {
      const where = join(join(path, "variants"), source);
      if (!sources.includes(source)) throw new DesignError(where, `"${source}" is not one of the merged types`);
      this.checkVariant(entry, variant, where);
      variants.set(source, { ...variant });
    }
    const members = new Set(sources);
    const label = sources.map((t) => `"${t}"`).join(" or ");
    const names = this.names;
    return (design) => {
      const touched = [];
      design.parts.forEach((part, i) => {
        if (!isObject(part)) return;
        const source = part.type;
        if (!members.has(source)) return;
        let changed = source !== target;
        part.type = target;
        const extra = variants.get(source);
        if (extra !== undefined && Object.keys(extra).length) {
          const base = isObject(part.variant) ? part.variant : {};
          const merged = { ...base, ...extra };
          changed = changed || !sameEntries(merged, base);
          part.variant = merged;
        }
        if (changed) touched.push(i);
      });
      if (touched.length === 0) return null;
      const message = `${countParts(touched.length)} of type ${label} became ${names.partLabel(target)}.`;
      return { version, op: "merge", message: `Version ${version}: ${message}`, parts: touched };
    };
  }

  setDefault(version, path, step, later) {
    const value = step.value;
    if (step.field === "length") {
      if (hasOwn(step, "type")) throw new DesignError(join(path, "type"), "the length belongs to the design, not a part");
      if (!isNumber(value) || !(value > 0 && value <= 1000)) {
        throw new DesignError(join(path, "value"), `expected metres, got ${describe(value)}`);
      }
      const mm = toMm(value);
      return (design) => {
        if (design.length !== null && design.length !== undefined) return null;
        design.length = value;
        const message = `Version ${version}: the design had no length; set to ${formatM(mm)}.`;
        return { version, op: "set_default", message, parts: [] };
      };
    }
    const tid = opt(step.type);
    if (tid === null) throw new DesignError(join(path, "type"), 'missing: name the part type (or "field": "length")');
    if (!isObject(value)) throw new DesignError(join(path, "value"), 'expected {"axis": "value"} for the variant');
    const entry = this.checkType(tid, later, join(path, "type"));
    this.checkVariant(entry, value, join(path, "value"));
    const fills = Object.entries(value);
    const pairs = fills.map(([axis, v]) => `${axis} "${v}"`).join(", ");
    const names = this.names;
    return (design) => {
      const touched = [];
      design.parts.forEach((part, i) => {
        if (!isObject(part) || part.type !== tid) return;
        let variant = part.variant;
        if (variant === null || variant === undefined) variant = {};
        if (!isObject(variant)) return; // a shape error the reader reports
        const missing = fills.filter(([axis]) => !hasOwn(variant, axis));
        if (missing.length) {
          part.variant = { ...variant, ...Object.fromEntries(missing) };
          touched.push(i);
        }
      });
      if (touched.length === 0) return null;
      const message = `${countParts(touched.length)} (${names.partLabel(tid)}) set to ${pairs}.`;
      return { version, op: "set_default", message: `Version ${version}: ${message}`, parts: touched };
    };
  }

  convert(version, path, step) {
    const factor = Number(step.factor);
    const fields = pyTruthy(step.fields) ? step.fields : ["width", "length"];
    const widths = fields.includes("width");
    const length = fields.includes("length");
    const what = [
      ["widths", widths],
      ["length", length],
    ]
      .filter(([, on]) => on)
      .map(([w]) => w)
      .join(" and ");
    const shown = formatFactor(step.factor);
    return (design) => {
      const touched = [];
      if (widths) {
        design.parts.forEach((part, i) => {
          if (isObject(part) && isNumber(part.width)) {
            part.width = scaleMm(part.width, factor);
            touched.push(i);
          }
        });
      }
      const scaled = length && isNumber(design.length);
      if (scaled) design.length = scaleMm(design.length, factor);
      if (touched.length === 0 && !scaled) return null;
      const message = `Version ${version}: converted ${what} by a factor of ${shown}.`;
      return { version, op: "convert_units", message, parts: touched };
    };
  }
}
