// section/design.js: reading a section design by hand (the evaluation hot path).
// Python twin: cocreate/design/section/design.py.

import { describe, DesignError, EMPTY, isObject, pyRepr } from "../errors.js";

export const MAX_MM = 1_000_000; // 1 km: anything longer is a typo, not a street

export const MAX_PARTS = 2_000;

export const NOT_PRINTABLE = /(?! )[\p{C}\p{Z}]/u; // Python's str.isprintable(), inverted

export function metres(value, path) {
  if (typeof value !== "number") {
    throw new DesignError(path, `expected a number of metres, got ${describe(value)}`);
  }
  let mm;
  if (Number.isInteger(value)) {
    mm = value * 1000;
  } else {
    if (!Number.isFinite(value)) {
      throw new DesignError(path, `expected a finite number of metres, got ${pyRepr(value)}`);
    }
    mm = Math.floor(Math.max(-1, Math.min(value, MAX_MM)) * 1000 + 0.5); // clamped
  }
  if (mm <= 0) throw new DesignError(path, `must be more than 0 m, got ${pyRepr(value)}`);
  if (mm > MAX_MM) throw new DesignError(path, `must be at most 1000 m, got ${pyRepr(value)}`);
  return mm;
}

/** A design as parallel arrays (cheap for the checks to scan). */
export class ParsedDesign {
  constructor(fields) {
    Object.assign(this, fields);
    this.byId = null;
  }

  indexOf(partId) {
    if (this.byId === null) {
      this.byId = new Map();
      this.ids.forEach((pid, i) => pid !== null && this.byId.set(pid, i));
    }
    const i = this.byId.get(partId);
    return i === undefined ? null : i;
  }

  /** Which half of the street part `i` stands in, counted from the left building face: "left"
   * when it ends at or before the centre line, "right" when it starts at or after it, "middle"
   * when it spans it (how findings and quick fixes name where a part is). */
  side(i) {
    if (this.starts === undefined) {
      this.starts = [];
      let at = 0;
      for (const width of this.widths) {
        this.starts.push(at);
        at += width;
      }
    }
    const start = this.starts[i];
    if (2 * (start + this.widths[i]) <= this.lengthMm) return "left";
    return 2 * start >= this.lengthMm ? "right" : "middle";
  }
}

/** Validate the shape of a design whose header readHeader checked (`version` is its version) and
 * flatten it; throws DesignError only. */
export function readDesign(document, version, { catalog, defaultLengthMm }) {
  const length = document.length;
  let lengthMm;
  if (length === null || length === undefined) {
    if (defaultLengthMm === null) {
      throw new DesignError("length", "missing, and the toolkit has no default length");
    }
    lengthMm = defaultLengthMm;
  } else {
    lengthMm = metres(length, "length");
  }
  const parts = document.parts;
  if (!Array.isArray(parts)) {
    throw new DesignError("parts", `expected an array of parts, got ${describe(parts)}`);
  }
  if (parts.length > MAX_PARTS) {
    throw new DesignError("parts", `at most ${MAX_PARTS} parts, got ${parts.length}`);
  }
  const n = parts.length;
  const types = new Array(n);
  const widths = new Array(n);
  const variants = new Array(n);
  const ids = new Array(n).fill(null);
  const partTypes = new Array(n);
  const bad = [];
  const unknown = [];
  let seen = null;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const part = parts[i];
    if (!isObject(part)) {
      throw new DesignError(`parts[${i}]`, `expected a part object, got ${describe(part)}`);
    }
    const t = part.type;
    if (typeof t !== "string" || !t) {
      throw new DesignError(`parts[${i}].type`, `expected a part type name, got ${describe(t)}`);
    }
    types[i] = t;
    const w = part.width;
    let mm;
    if (typeof w === "number" && w > 0 && w <= 1000) {
      mm = Math.floor(w * 1000 + 0.5); // fast path for the common case
      if (mm === 0) mm = metres(w, `parts[${i}].width`);
    } else {
      mm = metres(w, `parts[${i}].width`);
    }
    widths[i] = mm;
    total += mm;
    const pt = catalog.get(t) || null;
    partTypes[i] = pt;
    if (pt === null) unknown.push(i);
    const v = part.variant;
    if (v === null || v === undefined) {
      variants[i] = pt !== null ? pt.defaultVariant : EMPTY;
    } else if (!isObject(v)) {
      throw new DesignError(`parts[${i}].variant`, `expected an object, got ${describe(v)}`);
    } else {
      const axes = Object.keys(v);
      for (const axis of axes) {
        if (typeof v[axis] !== "string") {
          throw new DesignError(`parts[${i}].variant.${axis}`, `expected a string, got ${describe(v[axis])}`);
        }
      }
      if (pt === null) {
        variants[i] = v;
      } else {
        const allowed = pt.variantPairs;
        let complete = axes.length === pt.axisCount;
        for (let k = 0; complete && k < axes.length; k++) {
          const values = allowed.get(axes[k]);
          complete = values !== undefined && values.has(v[axes[k]]);
        }
        if (complete) {
          variants[i] = v;
        } else {
          const merged = { ...pt.defaultVariant };
          for (const axis of axes) {
            const values = allowed.get(axis);
            if (values === undefined || !values.has(v[axis])) bad.push([i, axis, v[axis]]);
            merged[axis] = v[axis];
          }
          variants[i] = merged;
        }
      }
    }
    const pid = part.id;
    if (pid !== null && pid !== undefined) {
      if (typeof pid !== "string" || !pid || NOT_PRINTABLE.test(pid) || codePoints(pid) > 64) {
        throw new DesignError(`parts[${i}].id`, `expected 1-64 printable characters, got ${describe(pid)}`);
      }
      if (seen === null) seen = new Map();
      const first = seen.get(pid);
      if (first !== undefined) {
        throw new DesignError(`parts[${i}].id`, `duplicate id "${pid}" (also parts[${first}])`);
      }
      seen.set(pid, i);
      ids[i] = pid;
    }
  }
  return new ParsedDesign({
    lengthMm,
    types,
    widths,
    variants,
    ids,
    partTypes,
    totalMm: total,
    badVariants: bad,
    unknown,
    version,
  });
}

export function codePoints(s) {
  if (s.length <= 64) return s.length;
  let n = 0;
  for (const _c of s) n++;
  return n;
}

