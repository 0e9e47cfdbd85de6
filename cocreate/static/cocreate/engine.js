// engine.js: the browser's copy of the cocreate.design rules engine (kinds "section" and
// "configurator", toolkit versions and migrations).
//
// An ES module with no dependencies and no build step. It evaluates toolkits exactly like the
// Python engine (cocreate/design): same evaluation object, same findings in the same order, same
// messages byte for byte, same integer-millimetre arithmetic, same migrations and notices. Both
// engines run the shared conformance vectors in tests/conformance/*.json; any difference is a
// failing test.
//
//   import { loadToolkit, migrateDesign } from "./engine.js";
//   const toolkit = loadToolkit(resolvedDocument);      // Python's Toolkit.document, any kind
//   const { valid, findings, metrics } = toolkit.evaluate(design);
//   // a section design {toolkit, version, length, parts}; a configurator design
//   // {toolkit, version, choices: {option: value}, parameters: {name: number}} (findings'
//   // `parts` are then option/parameter ids); designs on older versions are migrated first
//   const [current, notices] = toolkit.migrate(stored); // or migrateDesign(resolvedDocument, stored)
//
// Every rule is compiled once, when the toolkit loads, into a closure over a parsed design
// (selectors become sets of type ids, width limits and metric contributions are tabulated per
// type and variant; configurator conditions become sets of values), so evaluating a design is a
// few array scans. Migration steps are compiled once too.
//
// Known limits, all from JSON itself rather than the engine:
// - JSON numbers: JS cannot tell `2.0` from `2`. Error messages that quote a number print
//   whole numbers as integers (Python prints `2.0` for a float); non-whole numbers print like
//   Python's repr (`1e-05`). A design `version` of `1.0` is accepted here, rejected by Python.
// - Object keys that look like array indexes ("2") are iterated first by JS. Use identifiers
//   that start with a letter for part types, axes and metrics (all bundled toolkits do).
// - Toolkit documents are expected to be schema-valid (the server validates them with
//   toolkit.schema.json before a browser sees them); JS checks their shape only as far as it
//   needs to never crash, so schema-violation messages differ from Python's jsonschema ones.
//   Every semantic load error (unknown type, group, metric, variant value, limits, extends,
//   baseline, duplicate rule id, ...) is identical.

export const MAX_MM = 1_000_000; // 1 km: anything longer is a typo, not a street
export const MAX_PARTS = 2_000;

const hasOwn = Object.hasOwn;
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------
// Errors

/** The engine's only input error. `message` equals Python's `str(e)`; `path` and `detail` too. */
export class DesignError extends Error {
  constructor(path, message) {
    if (message === undefined) {
      message = path;
      path = "";
    }
    super(path ? `${path}: ${message}` : message);
    this.name = "DesignError";
    this.path = path;
    this.detail = message;
  }
}

/** `join("parts", 2) == "parts[2]"`, `join("a", "b") == "a.b"`, `join("", "b") == "b"`. */
export function join(path, key) {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Python's `repr()` of a JSON number (whole numbers print as integers, see the header). */
export function pyRepr(n) {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n === 0 ? 0 : n);
  const [mantissa, expText] = n.toExponential().split("e");
  const exp = Number(expText);
  const sign = mantissa[0] === "-" ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  return `${sign}${whole}.${digits.slice(exp + 1) || "0"}`;
}

/** Python's `json.dumps(s)` (ASCII only: everything outside space..~ escaped as \uXXXX). */
function pyJsonString(s) {
  return JSON.stringify(s).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Name a JSON value in an error message without dumping large structures. */
export function describe(value) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") {
    let shown = value;
    if (value.length > 40) {
      const points = Array.from(value); // Python counts code points
      if (points.length > 40) shown = points.slice(0, 37).join("") + "...";
    }
    return pyJsonString(shown);
  }
  if (typeof value === "number") return pyRepr(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return typeof value;
}

// ---------------------------------------------------------------------------------------------
// Lengths and numbers

/** Metres to whole millimetres, half up on the IEEE product (`1.4995 -> 1500`). */
export function toMm(metres) {
  return Math.floor(metres * 1000 + 0.5);
}

/** Millimetres back to metres for documents (`1500 -> 1.5`). */
export function toM(mm) {
  return mm / 1000;
}

/** `3000 -> "3.00 m"`; a third decimal only when needed (`1499 -> "1.499 m"`). */
export function formatM(mm) {
  const sign = mm < 0 ? "-" : "";
  const abs = Math.abs(mm);
  const whole = Math.floor(abs / 1000);
  const frac = abs % 1000;
  if (frac % 10) return `${sign}${whole}.${String(frac).padStart(3, "0")} m`;
  return `${sign}${whole}.${String(frac / 10).padStart(2, "0")} m`;
}

function groupThousands(digits) {
  // digits: an optional "-" and decimal digits
  const sign = digits[0] === "-" ? "-" : "";
  const body = sign ? digits.slice(1) : digits;
  let out = "";
  for (let end = body.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    out = out ? `${body.slice(start, end)},${out}` : body.slice(start, end);
  }
  return sign + out;
}

/** Python's `f"{x:.2f}"`: exact value rounded half to even (JS toFixed rounds exact ties up). */
function fixed2(x) {
  const eighths = Math.abs(x) * 8; // exact: a power-of-two scaling
  if (Number.isSafeInteger(eighths) && eighths % 2 === 1) {
    // |x| is k/8 with k odd (.125 .375 .625 .875): an exact tie at the third decimal
    const k = BigInt(eighths);
    let n = (k * 25n) / 2n; // floor(|x| * 100)
    if (n % 2n === 1n) n += 1n;
    const text = `${n / 100n}.${String(n % 100n).padStart(2, "0")}`;
    return x < 0 ? `-${text}` : text;
  }
  return x.toFixed(2);
}

/** Metric values for messages: thousands separators, at most two decimals. */
export function formatNumber(value) {
  if (Number.isInteger(value)) return groupThousands(BigInt(value).toString());
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const text = fixed2(value);
  const dot = text.indexOf(".");
  const grouped = groupThousands(text.slice(0, dot)) + text.slice(dot);
  return grouped.replace(/0+$/, "").replace(/\.+$/, "");
}

/** `0.305 -> "30.5%"` (one decimal, half-up on the per-mille). */
export function formatShare(fraction) {
  const permille = Math.floor(fraction * 1000 + 0.5);
  return `${Math.floor(permille / 10)}.${((permille % 10) + 10) % 10}%`;
}

// ---------------------------------------------------------------------------------------------
// Messages

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** A `{placeholder}` template split once into literal text and names; never fails. */
class Template {
  constructor(text) {
    const pieces = [];
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      pieces.push(text.slice(last, match.index), match[1]);
      last = match.index + match[0].length;
    }
    pieces.push(text.slice(last));
    this.pieces = pieces; // literal, name, literal, name, ..., literal
  }

  render(values) {
    const pieces = this.pieces;
    let out = pieces[0];
    for (let k = 1; k < pieces.length; k += 2) {
      const name = pieces[k];
      out += (hasOwn(values, name) ? values[name] : `{${name}}`) + pieces[k + 1];
    }
    return out;
  }
}

/** One rule's findings: id, check, severity and a template per kind of hit. */
class Emitter {
  constructor(rule, path, defaults) {
    this.rule = String(rule.id);
    this.check = String(rule.check);
    this.severity = String(rule.severity);
    const own = rule.message;
    const byKind = rule.messages || {};
    for (const kind of Object.keys(byKind)) {
      if (!hasOwn(defaults, kind)) {
        const known = Object.keys(defaults).join(", ");
        throw new DesignError(
          join(join(path, "messages"), kind),
          `a ${this.check} rule has no message "${kind}" (it has: ${known})`,
        );
      }
    }
    this.templates = {};
    for (const [kind, fallback] of Object.entries(defaults)) {
      this.templates[kind] = new Template(String(byKind[kind] || own || fallback));
    }
  }

  finding(kind, parts, values) {
    return {
      rule: this.rule,
      check: this.check,
      severity: this.severity,
      message: this.templates[kind].render(values),
      parts,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Catalog: part types, groups, metrics, selectors

const NEUTRAL = "#9e9e9e";

const optionalMm = (value) => (value === null || value === undefined ? null : toMm(Number(value)));
const asValues = (value) => new Set(typeof value === "string" ? [value] : value);
const sortedStrings = (values) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function matchesWhen(when, variant) {
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
class VariantLookup {
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

class Catalog {
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

function checkMetricNames(values, path, metrics) {
  for (const name of Object.keys(values)) {
    if (!metrics.has(name)) {
      throw new DesignError(join(path, name), `unknown metric "${name}" (declare it in metrics)`);
    }
  }
}

function compileOverride(doc, path, variants, metrics) {
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

function compilePartType(tid, doc, path, groups, metrics) {
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

function buildCatalog(document) {
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

// ---------------------------------------------------------------------------------------------
// Reading a design (no schema: this is the evaluation hot path)

const NOT_PRINTABLE = /(?! )[\p{C}\p{Z}]/u; // Python's str.isprintable(), inverted

function metres(value, path) {
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

const EMPTY = Object.freeze({});

/** A design as parallel arrays (cheap for the checks to scan). */
class ParsedDesign {
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
}

/** What every kind of design starts with: an object, its `toolkit` (one the toolkit accepts) and
 * its `version` (1 to the toolkit's). Returns the version, or null (Python's read_header). */
function readHeader(document, toolkitIds, maxVersion) {
  if (!isObject(document)) {
    throw new DesignError("", `expected a design object, got ${describe(document)}`);
  }
  const toolkit = document.toolkit;
  if (toolkit !== null && toolkit !== undefined && (typeof toolkit !== "string" || !toolkitIds.includes(toolkit))) {
    const expected = sortedStrings(toolkitIds).map((t) => `"${t}"`).join(" or ");
    throw new DesignError("toolkit", `expected ${expected}, got ${describe(toolkit)}`);
  }
  const version = document.version;
  if (version !== null && version !== undefined) {
    if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
      throw new DesignError("version", `expected a whole number >= 1, got ${describe(version)}`);
    }
    if (version > maxVersion) {
      throw new DesignError("version", `toolkit has no version ${version} (latest ${maxVersion})`);
    }
    return version;
  }
  return null;
}

function readDesign(document, { catalog, defaultLengthMm, toolkitIds, maxVersion }) {
  const version = readHeader(document, toolkitIds, maxVersion);
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

function codePoints(s) {
  if (s.length <= 64) return s.length;
  let n = 0;
  for (const _c of s) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Checks, each compiled once into `check(design, metrics, out)`

function partLabel(d, i) {
  const entry = d.partTypes[i];
  return entry !== null ? entry.label : d.types[i];
}

function checkBounds(path, lo, hi) {
  if (lo !== null && lo !== undefined && hi !== null && hi !== undefined && lo > hi) {
    throw new DesignError(join(path, "min"), `${pyRepr(lo)} is more than max ${pyRepr(hi)}`);
  }
}

const opt = (v) => (v === undefined ? null : v);

function compileFit(rule, path) {
  const emit = new Emitter(rule, path, {
    over: "The parts add up to {total}: {difference} more than the {length} available.",
    room: "The parts add up to {total}: {difference} less than the {length} available.",
  });
  const over = hasOwn(rule, "over") ? rule.over : true;
  const room = hasOwn(rule, "room") ? rule.room : true;
  return (d, metrics, out) => {
    const total = d.totalMm;
    const length = d.lengthMm;
    if (total === length || (total > length && !over) || (total < length && !room)) return;
    const values = {
      total: formatM(total),
      length: formatM(length),
      difference: formatM(Math.abs(total - length)),
    };
    if (total < length) {
      out.push(emit.finding("room", [], values));
      return;
    }
    const widths = d.widths;
    let end = 0;
    let first = 0;
    for (; first < widths.length; first++) {
      end += widths[first];
      if (end > length) break;
    }
    const parts = [];
    for (let i = first; i < widths.length; i++) parts.push(i);
    out.push(emit.finding("over", parts, values));
  };
}

function compileWidth(rule, path, ctx) {
  const emit = new Emitter(rule, path, {
    min: "{part} is {width}; at least {min}.",
    max: "{part} is {width}; at most {max}.",
  });
  const fixed = new Map();
  const byVariant = new Map();
  if (hasOwn(rule, "catalog") ? rule.catalog : true) {
    for (const [tid, entry] of ctx.catalog.parts) {
      if (entry.hasWidthOverrides) {
        byVariant.set(tid, new VariantLookup(entry, (v) => entry.widthLimits(v)));
      } else if (entry.minWidthMm !== null || entry.maxWidthMm !== null) {
        fixed.set(tid, [entry.minWidthMm, entry.maxWidthMm]);
      }
    }
  }
  const limits = (rule.limits || []).map((limit, n) => {
    const where = join(join(path, "limits"), n);
    const lo = optionalMm(limit.min);
    const hi = optionalMm(limit.max);
    checkBounds(where, lo, hi);
    return [ctx.catalog.selector(limit.of, join(where, "of")), lo, hi];
  });

  function judge(d, i, lo, hi, out) {
    const width = d.widths[i];
    let kind;
    let bound;
    if (lo !== null && width < lo) {
      kind = "min";
      bound = lo;
    } else if (hi !== null && width > hi) {
      kind = "max";
      bound = hi;
    } else {
      return;
    }
    const values = { part: partLabel(d, i), width: formatM(width) };
    values[kind] = formatM(bound);
    out.push(emit.finding(kind, [i], values));
  }

  return (d, metrics, out) => {
    const { types, variants, widths } = d;
    for (let i = 0; i < types.length; i++) {
      const t = types[i];
      let bounds = fixed.get(t);
      if (bounds === undefined) {
        const lookup = byVariant.get(t);
        if (lookup !== undefined) bounds = lookup.get(variants[i]);
      }
      if (bounds !== undefined) {
        const [lo, hi] = bounds;
        if ((lo !== null && widths[i] < lo) || (hi !== null && widths[i] > hi)) judge(d, i, lo, hi, out);
      }
      for (let k = 0; k < limits.length; k++) {
        const [selector, lo, hi] = limits[k];
        if (selector.matches(t, variants[i])) judge(d, i, lo, hi, out);
      }
    }
  };
}

function compileCount(rule, path, ctx) {
  const emit = new Emitter(rule, path, {
    min: "{selector}: {count} in the design; at least {min}.",
    max: "{selector}: {count} in the design; at most {max}.",
  });
  const selector = ctx.catalog.selector(rule.of, join(path, "of"));
  const lo = opt(rule.min);
  const hi = opt(rule.max);
  checkBounds(path, lo, hi);
  return (d, metrics, out) => {
    const found = selector.indexes(d.types, d.variants);
    const count = found.length;
    if (lo !== null && count < lo) {
      out.push(emit.finding("min", [], { selector: selector.label, count: String(count), min: pyRepr(lo) }));
    } else if (hi !== null && count > hi) {
      out.push(emit.finding("max", found, { selector: selector.label, count: String(count), max: pyRepr(hi) }));
    }
  };
}

function compileEdge(rule, path, ctx) {
  const emit = new Emitter(rule, path, {
    left: "{selector} must stand at the left edge; {part} stands there.",
    right: "{selector} must stand at the right edge; {part} stands there.",
  });
  const ends = [];
  for (const key of ["left", "both", "right"]) {
    if (hasOwn(rule, key)) {
      const selector = ctx.catalog.selector(rule[key], join(path, key));
      for (const side of key === "both" ? ["left", "right"] : [key]) ends.push([side, selector]);
    }
  }
  ends.sort((a, b) => (a[0] === "right") - (b[0] === "right")); // stable: left edge first
  return (d, metrics, out) => {
    const n = d.types.length;
    for (const [side, selector] of ends) {
      if (n === 0) {
        out.push(emit.finding(side, [], { selector: selector.label, part: "nothing" }));
        continue;
      }
      const i = side === "left" ? 0 : n - 1;
      if (!selector.matches(d.types[i], d.variants[i])) {
        out.push(emit.finding(side, [i], { selector: selector.label, part: partLabel(d, i) }));
      }
    }
  };
}

function compileAdjacent(rule, path, ctx) {
  const separator = rule.separator;
  const sepLabel = separator ? ctx.catalog.selector(separator, join(path, "separator")).label : "";
  const fallback = separator ? "{a} touches {b} with no {separator} between." : "{a} touches {b}.";
  const emit = new Emitter(rule, path, { touch: fallback });
  const a = ctx.catalog.selector(rule.a, join(path, "a"));
  const b = ctx.catalog.selector(rule.b, join(path, "b"));
  return (d, metrics, out) => {
    const { types, variants } = d;
    const inA = a.mask(types, variants);
    const inB = b.mask(types, variants);
    for (let i = 0; i < types.length - 1; i++) {
      if ((inA[i] && inB[i + 1]) || (inB[i] && inA[i + 1])) {
        const values = { a: partLabel(d, i), b: partLabel(d, i + 1), separator: sepLabel };
        out.push(emit.finding("touch", [i, i + 1], values));
      }
    }
  };
}

function compileShare(rule, path, ctx) {
  const emit = new Emitter(rule, path, {
    min: "{selector}: {share} of the {length}; at least {min}.",
    max: "{selector}: {share} of the {length}; at most {max}.",
  });
  const selector = ctx.catalog.selector(rule.of, join(path, "of"));
  const lo = opt(rule.min);
  const hi = opt(rule.max);
  checkBounds(path, lo, hi);
  return (d, metrics, out) => {
    const found = selector.indexes(d.types, d.variants);
    let taken = 0;
    for (let k = 0; k < found.length; k++) taken += d.widths[found[k]];
    const length = d.lengthMm;
    let kind;
    let bound;
    let parts;
    if (lo !== null && taken < lo * length) {
      [kind, bound, parts] = ["min", lo, []];
    } else if (hi !== null && taken > hi * length) {
      [kind, bound, parts] = ["max", hi, found];
    } else {
      return;
    }
    const values = {
      selector: selector.label,
      share: formatShare(taken / length),
      length: formatM(length),
      width: formatM(taken),
    };
    values[kind] = formatShare(bound);
    out.push(emit.finding(kind, parts, values));
  };
}

function compileRequires(rule, path, ctx) {
  const emit = new Emitter(rule, path, { missing: "{if} needs {then} somewhere in the design." });
  const when = ctx.catalog.selector(rule.if, join(path, "if"));
  const then = ctx.catalog.selector(rule.then, join(path, "then"));
  const values = { if: when.label, then: then.label };
  return (d, metrics, out) => {
    const found = when.indexes(d.types, d.variants);
    if (found.length && then.indexes(d.types, d.variants).length === 0) {
      out.push(emit.finding("missing", found, values));
    }
  };
}

function compileMetric(rule, path, ctx) {
  const emit = new Emitter(rule, path, {
    min: "{metric} is {value} {unit}; at least {min} {unit}.",
    max: "{metric} is {value} {unit}; at most {max} {unit}.",
  });
  const name = rule.metric;
  const definition = ctx.catalog.metrics.get(name);
  if (definition === undefined) throw new DesignError(join(path, "metric"), `unknown metric "${name}"`);
  const lo = opt(rule.min);
  const hi = opt(rule.max);
  checkBounds(path, lo, hi);
  return (d, metrics, out) => {
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

function freeMatch(d, t, width, tolerance, taken) {
  const types = d.types;
  for (let i = 0; i < types.length; i++) {
    if (types[i] === t && !taken.has(i) && Math.abs(d.widths[i] - width) <= tolerance) return i;
  }
  return null;
}

function compileLocked(rule, path, ctx) {
  const emit = new Emitter(rule, path, {
    removed: "{part} is fixed by the organization and was removed.",
    changed: "{part} is fixed as {expected}; it is now {actual}.",
  });
  const base = ctx.baseline;
  if (base === null) {
    throw new DesignError(path, "a locked rule needs the toolkit's baseline, and there is none");
  }
  const tolerance = toMm(hasOwn(rule, "tolerance") ? rule.tolerance : 0);
  const chosen = new Set();
  (rule.ids || []).forEach((pid, n) => {
    const index = base.indexOf(pid);
    if (index === null) throw new DesignError(join(join(path, "ids"), n), `no baseline part has id "${pid}"`);
    chosen.add(index);
  });
  if (hasOwn(rule, "of")) {
    for (const i of ctx.catalog.selector(rule.of, join(path, "of")).indexes(base.types, base.variants)) {
      chosen.add(i);
    }
  }
  const locked = [...chosen].sort((x, y) => x - y).map((i) => {
    const pid = base.ids[i];
    const name = pid ? `${partLabel(base, i)} (${pid})` : partLabel(base, i);
    return [pid, base.types[i], base.widths[i], name];
  });
  const byId = locked.filter((entry) => entry[0]).map((entry) => entry[0]);
  return (d, metrics, out) => {
    const found = [];
    const taken = new Set();
    // Parts found by id are theirs first: a locked part without id needs a distinct part.
    for (let k = 0; k < byId.length; k++) {
      const i = d.indexOf(byId[k]);
      if (i !== null) taken.add(i);
    }
    for (const [pid, t, width, name] of locked) {
      const i = pid ? d.indexOf(pid) : freeMatch(d, t, width, tolerance, taken);
      if (i === null) {
        found.push(emit.finding("removed", [], { part: name }));
        continue;
      }
      taken.add(i);
      if (d.types[i] !== t || Math.abs(d.widths[i] - width) > tolerance) {
        const values = {
          part: name,
          expected: `${ctx.catalog.label(t)}, ${formatM(width)}`,
          actual: `${partLabel(d, i)}, ${formatM(d.widths[i])}`,
        };
        found.push(emit.finding("changed", [i], values));
      }
    }
    const key = (f) => (f.parts.length ? f.parts[0] : -1);
    found.sort((x, y) => key(x) - key(y)); // stable
    for (const f of found) out.push(f);
  };
}

function compileUnknown(rule, path) {
  const emit = new Emitter(rule, path, {
    type: 'Part {number} is a "{type}", which this toolkit does not have.',
    variant: '{part} has {axis} "{value}", which this toolkit does not offer.',
  });
  return (d, metrics, out) => {
    if (d.unknown.length === 0 && d.badVariants.length === 0) return;
    const hits = d.unknown.map((i) => [
      i,
      0,
      emit.finding("type", [i], { number: String(i + 1), type: d.types[i] }),
    ]);
    d.badVariants.forEach(([i, axis, value], n) => {
      hits.push([i, n + 1, emit.finding("variant", [i], { part: partLabel(d, i), axis, value })]);
    });
    hits.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (const hit of hits) out.push(hit[2]);
  };
}

const COMPILERS = {
  fit: compileFit,
  width: compileWidth,
  count: compileCount,
  edge: compileEdge,
  adjacent: compileAdjacent,
  share: compileShare,
  requires: compileRequires,
  metric: compileMetric,
  locked: compileLocked,
  unknown: compileUnknown,
};

/** The checks engine.js knows, in the order of the format's table. */
export const CHECKS = Object.freeze(Object.keys(COMPILERS));

// ---------------------------------------------------------------------------------------------
// Kind "configurator": options, numeric parameters, and the checks requires, excludes, range,
// metric and unknown (Python's cocreate/design/configurator.py)

export const MAX_ENTRIES = 1_000;
const STEP_EPSILON = 1e-9;

/** Python's `str()` of a toolkit number in a load error (`None` for a missing one). */
const pyStr = (value) =>
  value === null || value === undefined ? "None" : typeof value === "number" ? pyRepr(value) : String(value);

/** Python's truthiness of a JSON value (`{}` and `[]` are false). */
function pyTruthy(value) {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

/** `obj[key] = value` that also works for a key named "__proto__" (an own property, as in JSON). */
function put(obj, key, value) {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

const isNumber = (value) => typeof value === "number" && Number.isFinite(value);

/** Metric totals rounded half up to two decimals: `Math.floor(x * 100 + 0.5) / 100`. */
export function roundCents(value) {
  return Math.floor(value * 100 + 0.5) / 100;
}

/** Whether `value` is `start` plus a whole number of `step`s (to 1e-9 of a step). */
export function onStep(value, start, step) {
  if (step === null || step === undefined) return true;
  const q = (value - start) / step;
  return Math.abs(q - Math.floor(q + 0.5)) < STEP_EPSILON;
}

function compileOption(oid, doc, path, metrics) {
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

function compileParameter(pid, doc, path, metrics) {
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
function buildOptions(document, metrics) {
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

function configObject(doc, key, what) {
  const value = doc[key];
  if (value === null || value === undefined) return EMPTY;
  if (!isObject(value)) throw new DesignError(key, `expected an object of ${what}, got ${describe(value)}`);
  const n = Object.keys(value).length;
  if (n > MAX_ENTRIES) throw new DesignError(key, `at most ${MAX_ENTRIES} entries, got ${n}`);
  return value;
}

/** A configurator design, completed: known options and parameters in catalog order, then the
 * unknown ones in document order (Python's ParsedConfig). */
class ParsedConfig {
  constructor(fields) {
    Object.assign(this, fields);
  }
}

/** Validate the shape of a configurator design and complete it; throws DesignError only. */
function readConfig(document, { options, parameters, toolkitIds, maxVersion }) {
  const version = readHeader(document, toolkitIds, maxVersion);
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
    const value = given[key];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new DesignError(join("parameters", key), `expected a number, got ${describe(value)}`);
    }
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

/** Choices that must all hold: `{option: value | [values]}`, resolved and labelled. */
class Condition {
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

function condition(doc, path, ctx) {
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

/** Option and parameter ids in order of mention, each once. */
const ids = (...groups) => [...new Set(groups.flat())];

function compileExcludes(rule, path, ctx) {
  const emit = new Emitter(rule, path, { together: "{a} cannot be combined with {b}." });
  const a = condition(rule.a, join(path, "a"), ctx);
  const b = condition(rule.b, join(path, "b"), ctx);
  const parts = ids(a.options, b.options);
  const values = { a: a.label, b: b.label };
  return (c, metrics, out) => {
    if (a.holds(c.choices) && b.holds(c.choices)) out.push(emit.finding("together", [...parts], values));
  };
}

function compileConfigRequires(rule, path, ctx) {
  const emit = new Emitter(rule, path, { missing: "{if} needs {then}." });
  const when = condition(rule.if, join(path, "if"), ctx);
  const then = condition(rule.then, join(path, "then"), ctx);
  const parts = ids(when.options, then.options);
  const values = { if: when.label, then: then.label };
  return (c, metrics, out) => {
    if (when.holds(c.choices) && !then.holds(c.choices)) out.push(emit.finding("missing", [...parts], values));
  };
}

/** Without `parameter`: every parameter within its declared min, max and step. With it: that
 * parameter within the rule's `min`/`max`, only while `when` holds (if given). */
function compileRange(rule, path, ctx) {
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
      out.push(emit.finding(kind, ids([parameter.id], extra), values));
    }
  };
}

function compileConfigMetric(rule, path, ctx) {
  const emit = new Emitter(rule, path, {
    min: "{metric} is {value} {unit}; at least {min} {unit}.",
    max: "{metric} is {value} {unit}; at most {max} {unit}.",
  });
  const name = rule.metric;
  const definition = ctx.metrics.get(name);
  if (definition === undefined) throw new DesignError(join(path, "metric"), `unknown metric "${name}"`);
  const lo = opt(rule.min);
  const hi = opt(rule.max);
  checkBounds(path, lo, hi);
  return (c, metrics, out) => {
    const value = metrics[name];
    let kind;
    let bound;
    if (lo !== null && value < lo) [kind, bound] = ["min", lo];
    else if (hi !== null && value > hi) [kind, bound] = ["max", hi];
    else return;
    const values = { metric: definition.label, unit: definition.unit, value: formatNumber(value) };
    values[kind] = formatNumber(bound);
    out.push(emit.finding(kind, [], values));
  };
}

function compileConfigUnknown(rule, path, ctx) {
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
}

const CONFIGURATOR_COMPILERS = {
  requires: compileConfigRequires,
  excludes: compileExcludes,
  range: compileRange,
  metric: compileConfigMetric,
  unknown: compileConfigUnknown,
};

/** The checks of kind configurator, in the order of the format's table. */
export const CONFIGURATOR_CHECKS = Object.freeze(Object.keys(CONFIGURATOR_COMPILERS));

// ---------------------------------------------------------------------------------------------
// Migrations: declared steps that bring a design saved on an older version up to the current
// one (Python's cocreate/design/migrations.py)

const SECTION_KEYS = new Set(["type", "types", "to", "axes", "values", "variants", "field", "value", "fields", "factor"]);
const CONFIGURATOR_KEYS = new Set(["option", "parameter", "to", "values", "value", "factor"]);

/** A conversion factor as JS's `String(x)` prints it, like Python's format_factor: `3`, `0.3048`. */
export function formatFactor(value) {
  const x = Number(value);
  return Number.isInteger(x) ? BigInt(x).toString() : pyRepr(x);
}

/** `value * factor` rounded half up to thousandths. */
export function scaleMm(value, factor) {
  return Math.floor(value * factor * 1000 + 0.5) / 1000;
}

const countParts = (n) => (n === 1 ? "1 part" : `${n} parts`);

function sameKeys(a, b) {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function sameEntries(a, b) {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!hasOwn(b, key) || a[key] !== b[key]) return false;
  return true;
}

/** What a toolkit version offers, to check the names steps produce and label notices. */
class Names {
  constructor(parts, options, parameters) {
    this.parts = parts;
    this.options = options;
    this.parameters = parameters;
  }

  partLabel(tid) {
    const entry = this.parts.get(tid);
    return entry !== undefined ? entry.label : `"${tid}"`;
  }

  optionLabel(oid) {
    const option = this.options.get(oid);
    return option !== undefined ? option.label : `"${oid}"`;
  }

  valueLabel(oid, value) {
    const entry = this.options.get(oid)?.values.get(value);
    return entry !== undefined ? entry.label : `"${value}"`;
  }

  parameterLabel(pid) {
    const parameter = this.parameters.get(pid);
    return parameter !== undefined ? parameter.label : `"${pid}"`;
  }
}

/** A copy of a design deep enough for the steps to change in place; shape errors as the readers
 * say them. */
function copyDesign(document, kind) {
  if (kind === "section") {
    const parts = document.parts;
    if (!Array.isArray(parts)) throw new DesignError("parts", `expected an array of parts, got ${describe(parts)}`);
  } else {
    for (const [key, what] of [
      ["choices", "option choices"],
      ["parameters", "parameter values"],
    ]) {
      const value = document[key];
      if (value !== null && value !== undefined && !isObject(value)) {
        throw new DesignError(key, `expected an object of ${what}, got ${describe(value)}`);
      }
    }
  }
  return structuredClone(document);
}

/** The compiled steps of one toolkit version, by the version each step leads to. */
class Migrations {
  constructor(kind, title, version, steps) {
    this.kind = kind;
    this.title = title;
    this.version = version;
    this.steps = steps; // Map version -> [step(design) -> notice | null]
  }

  /** Migrate `design` (a copy, changed in place) saved on `from`: `[design, notices]`. */
  apply(design, from) {
    const notices = [];
    if (from >= this.version) return [design, notices];
    notices.push({
      version: this.version,
      op: "upgrade",
      message: `Saved on version ${from} of ${this.title}; opened on version ${this.version}.`,
      parts: [],
    });
    for (let version = from + 1; version <= this.version; version++) {
      for (const step of this.steps.get(version) || []) {
        const notice = step(design);
        if (notice !== null) notices.push(notice);
      }
    }
    design.version = this.version;
    return [design, notices];
  }
}

/** Compile a resolved toolkit document's `migrations`; null when it declares none. */
function compileMigrations(document, names, kind) {
  const entries = document.migrations;
  if (!pyTruthy(entries)) return null;
  const own = document.version;
  const flat = [];
  let previous = 1;
  entries.forEach((entry, n) => {
    const path = join("migrations", n);
    const version = entry.version;
    if (version > own) throw new DesignError(join(path, "version"), `${pyStr(version)} is after this toolkit's ${own}`);
    if (version <= previous) {
      throw new DesignError(
        join(path, "version"),
        `must be more than ${previous} (entries go up one version at a time, in order)`,
      );
    }
    previous = version;
    entry.steps.forEach((step, k) => flat.push([version, join(join(path, "steps"), k), step]));
  });
  const compiler = kind === "section" ? new SectionSteps(names) : new ConfiguratorSteps(names);
  const steps = new Map();
  flat.forEach(([version, path, step], position) => {
    const later = new Set();
    for (const [, , other] of flat.slice(position + 1)) {
      for (const key of ["type", "option", "parameter"]) if (typeof other[key] === "string") later.add(other[key]);
      for (const t of other.types || []) later.add(t);
    }
    if (!steps.has(version)) steps.set(version, []);
    steps.get(version).push(compiler.compile(version, path, step, later));
  });
  return new Migrations(kind, String(document.title), own, steps);
}

/** Migrate a toolkit's own baseline when it is saved on an older version. */
function migrateBaseline(migrations, raw, kind, own) {
  if (migrations !== null && isObject(raw)) {
    const version = raw.version;
    if (Number.isInteger(version) && version >= 1 && version < own) {
      return migrations.apply(copyDesign(raw, kind), version)[0];
    }
  }
  return raw;
}

class SectionSteps {
  constructor(names) {
    this.names = names;
  }

  compile(version, path, step, later) {
    for (const key of Object.keys(step)) {
      if (!SECTION_KEYS.has(key) && key !== "op" && key !== "description") {
        throw new DesignError(join(path, key), "a section toolkit's steps name part types");
      }
    }
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

class ConfiguratorSteps {
  constructor(names) {
    this.names = names;
  }

  compile(version, path, step, later) {
    for (const key of Object.keys(step)) {
      if (!CONFIGURATOR_KEYS.has(key) && key !== "op" && key !== "description") {
        throw new DesignError(join(path, key), "a configurator's steps name options and parameters");
      }
    }
    const op = step.op;
    const option = hasOwn(step, "option");
    const parameter = hasOwn(step, "parameter");
    if (option && parameter) throw new DesignError(join(path, "parameter"), 'a step names an "option" or a "parameter"');
    if (op === "merge" && !option) throw new DesignError(join(path, "option"), "missing: name the option whose values merge");
    if (op === "convert_units" && !parameter) {
      throw new DesignError(join(path, "parameter"), "missing: name the parameter to convert");
    }
    if (option) {
      if (op === "rename") return this.renameOption(version, path, step, later);
      if (op === "merge") return this.mergeValues(version, path, step, later);
      return this.defaultOption(version, path, step, later);
    }
    if (!parameter) throw new DesignError(join(path, "option"), 'missing: name an "option" or a "parameter"');
    if (op === "rename") return this.renameParameter(version, path, step, later);
    if (op === "set_default") return this.defaultParameter(version, path, step, later);
    return this.convert(version, path, step, later);
  }

  option(oid, later, where) {
    if (later.has(oid)) return null;
    const option = this.names.options.get(oid);
    if (option === undefined) throw new DesignError(where, `unknown option "${oid}": not in this version`);
    return option;
  }

  value(option, value, where) {
    if (option !== null && !option.values.has(value)) {
      throw new DesignError(where, `${describe(value)} is not a value of ${option.label}`);
    }
  }

  parameter(pid, later, where) {
    if (later.has(pid)) return null;
    const parameter = this.names.parameters.get(pid);
    if (parameter === undefined) throw new DesignError(where, `unknown parameter "${pid}": not in this version`);
    return parameter;
  }

  renameOption(version, path, step, later) {
    const source = step.option;
    const target = hasOwn(step, "to") ? step.to : source;
    const values = {};
    for (const [old, renamed] of Object.entries(step.values || {})) {
      if (typeof renamed !== "string") throw new DesignError(join(join(path, "values"), old), 'expected "new value"');
      put(values, old, renamed);
    }
    if (!hasOwn(step, "to") && Object.keys(values).length === 0) {
      throw new DesignError(path, 'a rename needs "to" or "values"');
    }
    const option = this.option(target, later, join(path, hasOwn(step, "to") ? "to" : "option"));
    for (const [old, renamed] of Object.entries(values)) this.value(option, renamed, join(join(path, "values"), old));
    const names = this.names;
    return (design) => {
      const choices = design.choices;
      if (!isObject(choices) || !hasOwn(choices, source)) return null;
      if (target !== source && hasOwn(choices, target)) return null; // never overwrite a choice
      const value = choices[source];
      if (target !== source) delete choices[source];
      const renamed = typeof value === "string" && hasOwn(values, value) ? values[value] : value;
      put(choices, target, renamed);
      const said = [];
      if (target !== source) said.push(`the option "${source}" is now ${names.optionLabel(target)}`);
      if (renamed !== value) said.push(`"${value}" is now ${names.valueLabel(target, renamed)}`);
      if (said.length === 0) return null;
      return { version, op: "rename", message: `Version ${version}: ${said.join(", and ")}.`, parts: [target] };
    };
  }

  mergeValues(version, path, step, later) {
    const oid = step.option;
    const sources = step.values;
    if (!Array.isArray(sources)) throw new DesignError(join(path, "values"), "expected the list of values to merge");
    const target = step.to;
    this.value(this.option(oid, later, join(path, "option")), target, join(path, "to"));
    const names = this.names;
    return (design) => {
      const choices = design.choices;
      if (!isObject(choices)) return null;
      const value = hasOwn(choices, oid) ? choices[oid] : null;
      if (!sources.includes(value) || value === target) return null;
      choices[oid] = target;
      const message = `Version ${version}: ${names.optionLabel(oid)} "${value}" is now ${names.valueLabel(oid, target)}.`;
      return { version, op: "merge", message, parts: [oid] };
    };
  }

  defaultOption(version, path, step, later) {
    const oid = step.option;
    const value = step.value;
    if (typeof value !== "string") throw new DesignError(join(path, "value"), `expected a value name, got ${describe(value)}`);
    this.value(this.option(oid, later, join(path, "option")), value, join(path, "value"));
    const names = this.names;
    return (design) => {
      if (!isObject(design.choices)) design.choices = {};
      const choices = design.choices;
      if (hasOwn(choices, oid)) return null;
      put(choices, oid, value);
      const message = `Version ${version}: ${names.optionLabel(oid)} was not chosen; set to ${names.valueLabel(oid, value)}.`;
      return { version, op: "set_default", message, parts: [oid] };
    };
  }

  renameParameter(version, path, step, later) {
    const source = step.parameter;
    if (!hasOwn(step, "to") || hasOwn(step, "values")) {
      throw new DesignError(join(path, "to"), 'a parameter rename needs "to" (and no values)');
    }
    const target = step.to;
    this.parameter(target, later, join(path, "to"));
    const names = this.names;
    return (design) => {
      const parameters = design.parameters;
      if (!isObject(parameters) || !hasOwn(parameters, source) || hasOwn(parameters, target)) return null;
      const value = parameters[source];
      delete parameters[source];
      put(parameters, target, value);
      const message = `Version ${version}: the parameter "${source}" is now ${names.parameterLabel(target)}.`;
      return { version, op: "rename", message, parts: [target] };
    };
  }

  defaultParameter(version, path, step, later) {
    const pid = step.parameter;
    const value = step.value;
    if (!isNumber(value)) throw new DesignError(join(path, "value"), `expected a number, got ${describe(value)}`);
    const parameter = this.parameter(pid, later, join(path, "parameter"));
    const unit = parameter !== null ? ` ${parameter.unit}` : "";
    const names = this.names;
    return (design) => {
      if (!isObject(design.parameters)) design.parameters = {};
      const parameters = design.parameters;
      if (hasOwn(parameters, pid)) return null;
      put(parameters, pid, value);
      const message = `Version ${version}: ${names.parameterLabel(pid)} was not set; set to ${formatNumber(value)}${unit}.`;
      return { version, op: "set_default", message, parts: [pid] };
    };
  }

  convert(version, path, step, later) {
    const pid = step.parameter;
    const factor = Number(step.factor);
    const shown = formatFactor(step.factor);
    const parameter = this.parameter(pid, later, join(path, "parameter"));
    const unit = parameter !== null ? ` ${parameter.unit}` : "";
    const names = this.names;
    return (design) => {
      const parameters = design.parameters;
      if (!isObject(parameters)) return null;
      const value = hasOwn(parameters, pid) ? parameters[pid] : null;
      if (!isNumber(value)) return null;
      const scaled = scaleMm(value, factor);
      parameters[pid] = scaled;
      const message =
        `Version ${version}: converted ${names.parameterLabel(pid)} by a factor of ${shown}: ` +
        `now ${formatNumber(scaled)}${unit}.`;
      return { version, op: "convert_units", message, parts: [pid] };
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Toolkits: shape, extends, compile

const clone = (value) => (value === undefined ? undefined : structuredClone(value));

/** Just enough shape checking that a schema-invalid document fails as a DesignError, not a
 * TypeError. (Python validates against toolkit.schema.json; its messages are jsonschema's.) */
function checkShape(document) {
  if (!isObject(document)) throw new DesignError("", `expected a toolkit object, got ${describe(document)}`);
  for (const key of ["id", "version", "kind", "title"]) {
    if (!hasOwn(document, key)) throw new DesignError("", `'${key}' is a required property`);
  }
  if (typeof document.id !== "string") throw new DesignError("id", `expected a string, got ${describe(document.id)}`);
  if (!Number.isInteger(document.version) || document.version < 1) {
    throw new DesignError("version", `expected a whole number >= 1, got ${describe(document.version)}`);
  }
  if (hasOwn(document, "extends") && typeof document.extends !== "string") {
    throw new DesignError("extends", `expected a toolkit id, got ${describe(document.extends)}`);
  }
  if (document.kind !== "section" && document.kind !== "configurator") {
    throw new DesignError("kind", `expected "section" or "configurator", got ${describe(document.kind)}`);
  }
  for (const key of ["groups", "metrics", "parts", "options", "parameters"]) {
    const table = document[key];
    if (table === undefined) continue;
    if (!isObject(table)) throw new DesignError(key, `expected an object, got ${describe(table)}`);
    for (const [name, entry] of Object.entries(table)) {
      if (!isObject(entry)) throw new DesignError(join(key, name), `expected an object, got ${describe(entry)}`);
    }
  }
  for (const [tid, part] of Object.entries(document.parts || {})) {
    for (const [axis, spec] of Object.entries(part.variants || {})) {
      if (!isObject(spec) || !Array.isArray(spec.values) || spec.values.length === 0) {
        throw new DesignError(join(join(join("parts", tid), "variants"), axis), "expected {\"values\": [...]}");
      }
    }
  }
  for (const [oid, option] of Object.entries(document.options || {})) {
    const values = option.values;
    if (values === undefined) continue;
    if (!isObject(values)) throw new DesignError(join(join("options", oid), "values"), `expected an object, got ${describe(values)}`);
    for (const [vid, entry] of Object.entries(values)) {
      if (!isObject(entry)) {
        throw new DesignError(join(join(join("options", oid), "values"), vid), `expected an object, got ${describe(entry)}`);
      }
    }
  }
  const migrations = document.migrations;
  if (migrations !== undefined && migrations !== null) {
    if (!Array.isArray(migrations)) throw new DesignError("migrations", `expected an array, got ${describe(migrations)}`);
    migrations.forEach((entry, n) => {
      const where = join("migrations", n);
      if (!isObject(entry) || !Number.isInteger(entry.version) || !Array.isArray(entry.steps)) {
        throw new DesignError(where, 'expected {"version": N, "steps": [...]}');
      }
      entry.steps.forEach((step, k) => {
        if (!isObject(step) || !["rename", "merge", "set_default", "convert_units"].includes(step.op)) {
          throw new DesignError(join(join(where, "steps"), k), 'expected a step with "op" rename, merge, set_default or convert_units');
        }
      });
    });
  }
  const compilers = document.kind === "configurator" ? CONFIGURATOR_COMPILERS : COMPILERS;
  const rules = document.rules;
  if (rules !== undefined) {
    if (!Array.isArray(rules)) throw new DesignError("rules", `expected an array, got ${describe(rules)}`);
    rules.forEach((rule, n) => {
      const where = join("rules", n);
      if (!isObject(rule)) throw new DesignError(where, `expected an object, got ${describe(rule)}`);
      for (const key of ["id", "check", "severity"]) {
        if (!hasOwn(rule, key)) throw new DesignError(where, `'${key}' is a required property`);
      }
      if (!hasOwn(compilers, rule.check)) {
        throw new DesignError(join(where, "check"), `unknown check ${describe(rule.check)}`);
      }
      if (!["error", "warning", "info"].includes(rule.severity)) {
        throw new DesignError(join(where, "severity"), `expected error, warning or info, got ${describe(rule.severity)}`);
      }
    });
  }
  if (document.baseline !== undefined && !isObject(document.baseline)) {
    throw new DesignError("baseline", `expected an object, got ${describe(document.baseline)}`);
  }
}

/** Flatten an extension onto its parent's resolved document (Python's compile.resolve). */
export function resolve(parent, child) {
  if (child.kind !== parent.kind) {
    throw new DesignError("kind", `must be "${parent.kind}" like the toolkit it extends`);
  }
  const merged = {};
  for (const key of ["id", "version", "kind", "title"]) if (hasOwn(child, key)) merged[key] = clone(child[key]);
  // migrations belong to a toolkit's own version line: never inherited
  for (const key of ["description", "source", "migrations"]) if (hasOwn(child, key)) merged[key] = clone(child[key]);
  for (const key of ["length", "baseline"]) {
    if (hasOwn(child, key) || hasOwn(parent, key)) {
      merged[key] = clone(hasOwn(child, key) ? child[key] : parent[key]);
    }
  }
  for (const key of ["groups", "metrics"]) merged[key] = { ...(parent[key] || {}), ...clone(child[key] || {}) };
  const parts = clone(parent.parts || {});
  for (const [tid, fields] of Object.entries(child.parts || {})) {
    parts[tid] = { ...(hasOwn(parts, tid) ? parts[tid] : {}), ...clone(fields) };
  }
  if (Object.keys(parts).length || child.kind === "section") merged.parts = parts;
  for (const key of ["options", "parameters"]) {
    const entries = clone(parent[key] || {});
    for (const [eid, fields] of Object.entries(child[key] || {})) {
      const before = hasOwn(entries, eid) ? entries[eid] : {};
      const entry = { ...before, ...clone(fields) };
      if (key === "options" && hasOwn(before, "values") && hasOwn(fields, "values")) {
        entry.values = { ...before.values, ...clone(fields.values) };
      }
      entries[eid] = entry;
    }
    if (Object.keys(entries).length) merged[key] = entries;
  }
  const rules = (parent.rules || []).map(clone);
  const position = new Map(rules.map((r, n) => [r.id, n]));
  for (const rule of child.rules || []) {
    if (position.has(rule.id)) {
      rules[position.get(rule.id)] = clone(rule);
    } else {
      position.set(rule.id, rules.length);
      rules.push(clone(rule));
    }
  }
  const disabled = child.disabled_rules || [];
  disabled.forEach((rid, n) => {
    if (!position.has(rid)) throw new DesignError(join("disabled_rules", n), `no inherited rule has id "${rid}"`);
  });
  const dropped = new Set(disabled);
  merged.rules = rules.filter((r) => !dropped.has(r.id));
  return merged;
}

// Added to every toolkit that declares no `unknown` rule: old designs must always open.
const IMPLICIT_UNKNOWN = Object.freeze({ id: "unknown", check: "unknown", severity: "error" });

function compileRule(rule, path, ctx, compilers) {
  let check;
  try {
    if (!hasOwn(compilers, rule.check)) {
      // only reachable for a configurator (checkShape rejects unknown section checks)
      const known = Object.keys(compilers).join(", ");
      throw new DesignError(join(path, "check"), `"${rule.check}" is not a configurator check (${known})`);
    }
    check = compilers[rule.check](rule, path, ctx);
  } catch (error) {
    if (error instanceof DesignError) throw new DesignError(error.path, `${error.detail} (rule "${rule.id}")`);
    throw error;
  }
  const info = Object.freeze({
    id: rule.id,
    check: rule.check,
    severity: rule.severity,
    description: hasOwn(rule, "description") ? rule.description : "",
  });
  return { rule: info, check, error: rule.severity === "error" };
}

/** The implicit `unknown` rule (unless declared), then the document's rules in order. */
function compileRules(document, ctx, compilers) {
  const rules = document.rules || [];
  const compiled = [];
  if (!rules.some((r) => r.check === "unknown")) compiled.push(compileRule(IMPLICIT_UNKNOWN, "rules", ctx, compilers));
  const seen = new Set();
  rules.forEach((rule, n) => {
    const path = join("rules", n);
    if (seen.has(rule.id)) throw new DesignError(join(path, "id"), `duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
    compiled.push(compileRule(rule, path, ctx, compilers));
  });
  return compiled;
}

/** Run compiled rules in order: `{valid, findings, metrics}`. */
function runRules(compiled, parsed, metrics) {
  const findings = [];
  let valid = true;
  for (let k = 0; k < compiled.length; k++) {
    const before = findings.length;
    compiled[k].check(parsed, metrics, findings);
    if (valid && compiled[k].error && findings.length > before) valid = false;
  }
  return { valid, findings, metrics };
}

/** A baseline error names its path under `baseline`. */
function inBaseline(read) {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof DesignError)) throw error;
    throw new DesignError(error.path ? join("baseline", error.path) : "baseline", error.detail);
  }
}

/** One compiled version of a toolkit (kind "section"; a configurator is the subclass
 * ConfiguratorToolkit). Immutable after load. */
export class Toolkit {
  constructor(document, ancestors) {
    const catalog = buildCatalog(document);
    const length = document.length;
    this.id = document.id;
    this.version = document.version;
    this.kind = document.kind;
    this.title = document.title;
    this.description = hasOwn(document, "description") ? document.description : "";
    this.source = hasOwn(document, "source") ? document.source : "";
    this.lengthMm = length === undefined || length === null ? null : toMm(length);
    this.catalog = catalog.parts; // Map type id -> PartType (palette order)
    this.groups = catalog.groups; // Map group id -> label
    this.metrics = catalog.metrics; // Map metric id -> {id, label, unit, source}
    this.options = new Map(); // configurators only: option id -> {id, label, values, default, description}
    this.parameters = new Map(); // configurators only: parameter id -> {id, label, unit, min, max, step, ...}
    this.ancestors = Object.freeze([...ancestors]);
    this._document = document;
    this._accepts = [document.id, ...ancestors.filter((a) => a !== document.id)];
    this._metricIds = [...catalog.metrics.keys()];
    this._migrations = null;
    this._baseline = null;
    this._compile(document, catalog);
    this.rules = Object.freeze(this._compiled.map((c) => c.rule));
  }

  /** Kind section: migrations, baseline, rules and metric tables. */
  _compile(document, catalog) {
    for (const key of ["options", "parameters"]) {
      if (hasOwn(document, key)) throw new DesignError(key, "a section toolkit has parts; options are for configurators");
    }
    this._migrations = compileMigrations(document, new Names(catalog.parts, new Map(), new Map()), "section");
    const baseline = hasOwn(document, "baseline")
      ? inBaseline(() => this.read(migrateBaseline(this._migrations, document.baseline, "section", this.version)))
      : null;
    this._compiled = compileRules(document, { catalog, baseline }, COMPILERS);
    this._baseline = baseline === null ? null : this._normalized(baseline);
    // Metric contributions per type, resolved now unless they depend on the variant.
    this._static = new Map();
    this._byVariant = new Map();
    for (const [tid, entry] of this.catalog) {
      if (entry.hasMetricOverrides) {
        this._byVariant.set(tid, new VariantLookup(entry, (v) => entry.contributions(v)));
      } else if (Object.keys(entry.metrics).length) {
        this._static.set(tid, Object.entries(entry.metrics));
      }
    }
  }

  /** The resolved toolkit document (`extends` flattened); a fresh copy on every access. */
  get document() {
    return structuredClone(this._document);
  }

  /** The toolkit's own starting design, normalized (a fresh copy), or null. */
  get baseline() {
    return this._baseline === null ? null : structuredClone(this._baseline);
  }

  /** Ids a design's `toolkit` may name: this one, then its ancestors. */
  get accepts() {
    return [...this._accepts];
  }

  /**
   * Bring a design saved on an older version up to this one (Python's `Toolkit.migrate`), one
   * version at a time, with the steps the toolkit document declares (`migrations`). Returns
   * `[design, notices]`: a NEW design (`version` = this version) and what changed, the first
   * notice (`op` "upgrade") naming both versions. A current design, one without `version` or one
   * naming an ancestor toolkit comes back as a copy with no notices. Names no step knows survive
   * (the `unknown` rule reports them). Throws DesignError only, for a malformed design.
   */
  migrate(document) {
    const version = readHeader(document, this._accepts, this.version);
    const toolkit = document.toolkit;
    const ancestor = toolkit !== null && toolkit !== undefined && toolkit !== this.id;
    if (version === null || version === this.version || ancestor) return [structuredClone(document), []];
    const design = copyDesign(document, this.kind);
    if (this._migrations !== null) return this._migrations.apply(design, version);
    design.version = this.version;
    const message = `Saved on version ${version} of ${this.title}; opened on version ${this.version}.`;
    return [design, [{ version: this.version, op: "upgrade", message, parts: [] }]];
  }

  /** `document` migrated when it is on an older version (the hot path: one lookup). */
  _current(document) {
    if (this._migrations !== null && isObject(document)) {
      const version = document.version;
      if (version !== null && version !== undefined && version !== this.version) return this.migrate(document)[0];
    }
    return document;
  }

  /** Check a design's shape and flatten it; throws DesignError naming the path. */
  read(document) {
    return readDesign(document, {
      catalog: this.catalog,
      defaultLengthMm: this.lengthMm,
      toolkitIds: this._accepts,
      maxVersion: this.version,
    });
  }

  /** Run every rule: `{valid, findings: [{rule, check, severity, message, parts}], metrics}`.
   * A design saved on an older version is migrated first. */
  evaluate(document) {
    const d = this.read(this._current(document));
    return runRules(this._compiled, d, this._totals(d));
  }

  /** A validated, normalized copy: widths rounded to the mm, variants completed, the toolkit's
   * id and version and the length explicit (migrated first when older). */
  parse(document) {
    return this._normalized(this.read(this._current(document)));
  }

  _normalized(d) {
    const parts = d.types.map((t, i) => {
      const part = { type: t, width: toM(d.widths[i]) };
      if (Object.keys(d.variants[i]).length) part.variant = { ...d.variants[i] };
      if (d.ids[i] !== null) part.id = d.ids[i];
      return part;
    });
    return { toolkit: this.id, version: this.version, length: toM(d.lengthMm), parts };
  }

  _totals(d) {
    const totals = {};
    const ids = this._metricIds;
    for (let k = 0; k < ids.length; k++) totals[ids[k]] = 0;
    const { types, variants } = d;
    for (let i = 0; i < types.length; i++) {
      let values = this._static.get(types[i]);
      if (values === undefined) {
        const lookup = this._byVariant.get(types[i]);
        if (lookup === undefined) continue;
        values = lookup.get(variants[i]);
      }
      for (let k = 0; k < values.length; k++) totals[values[k][0]] += values[k][1];
    }
    return totals;
  }

  toString() {
    return `<Toolkit ${this.id}@${this.version}>`;
  }
}

/**
 * A compiled toolkit of kind "configurator": designs are `{"toolkit", "version"?, "choices":
 * {option: value}, "parameters": {name: number}}`. `catalog` is empty and `lengthMm` null;
 * `options` and `parameters` describe the design space. Findings' `parts` are option and
 * parameter ids.
 */
export class ConfiguratorToolkit extends Toolkit {
  _compile(document, catalog) {
    for (const key of ["parts", "length", "groups"]) {
      if (pyTruthy(document[key])) throw new DesignError(key, "a configurator has options and parameters, not parts");
    }
    const [options, parameters] = buildOptions(document, catalog.metrics);
    this.options = options;
    this.parameters = parameters;
    this._migrations = compileMigrations(document, new Names(catalog.parts, options, parameters), "configurator");
    const baseline = hasOwn(document, "baseline")
      ? inBaseline(() =>
          this.readConfig(migrateBaseline(this._migrations, document.baseline, "configurator", this.version)),
        )
      : null;
    const ctx = { options, parameters, metrics: catalog.metrics };
    this._compiled = compileRules(document, ctx, CONFIGURATOR_COMPILERS);
    this._baseline = baseline === null ? null : this._normalized(baseline);
    // [metric, value] pairs per option value and per unit of each parameter, resolved once
    this._byValue = [...options].map(([oid, option]) => [
      oid,
      new Map([...option.values].map(([vid, v]) => [vid, Object.entries(v.metrics)])),
    ]);
    this._perUnit = [...parameters].map(([pid, p]) => [pid, Object.entries(p.metrics)]);
  }

  /** A configurator design has no parts: use readConfig. */
  read() {
    throw new DesignError("kind", "a configurator design has choices, not parts: use read_config");
  }

  /** Check a configurator design's shape and complete it; throws DesignError naming the path. */
  readConfig(document) {
    return readConfig(document, {
      options: this.options,
      parameters: this.parameters,
      toolkitIds: this._accepts,
      maxVersion: this.version,
    });
  }

  evaluate(document) {
    const c = this.readConfig(this._current(document));
    return runRules(this._compiled, c, this.totals(c));
  }

  /** The normalized design: `{toolkit, version, choices, parameters}` with every option and
   * parameter present (defaults filled), unknown ones kept at the end. */
  parse(document) {
    return this._normalized(this.readConfig(this._current(document)));
  }

  _normalized(c) {
    return { toolkit: this.id, version: this.version, choices: { ...c.choices }, parameters: { ...c.parameters } };
  }

  /** Metric totals: chosen values' metrics in option order, then each parameter's value times its
   * per-unit metrics in parameter order; rounded half up to two decimals. */
  totals(c) {
    const totals = {};
    const ids = this._metricIds;
    for (let k = 0; k < ids.length; k++) totals[ids[k]] = 0;
    const byValue = this._byValue;
    for (let k = 0; k < byValue.length; k++) {
      const values = byValue[k][1].get(c.choices[byValue[k][0]]);
      if (values === undefined) continue;
      for (let m = 0; m < values.length; m++) totals[values[m][0]] += values[m][1];
    }
    const perUnit = this._perUnit;
    for (let k = 0; k < perUnit.length; k++) {
      const amount = c.parameters[perUnit[k][0]];
      const values = perUnit[k][1];
      for (let m = 0; m < values.length; m++) totals[values[m][0]] += amount * values[m][1];
    }
    for (let k = 0; k < ids.length; k++) totals[ids[k]] = roundCents(totals[ids[k]]);
    return totals;
  }
}

/** Compiled toolkits by id and version (Python's ToolkitRegistry). */
export class ToolkitRegistry {
  constructor(toolkits = []) {
    this._versions = new Map();
    for (const toolkit of toolkits) this.add(toolkit);
  }

  add(toolkit) {
    let versions = this._versions.get(toolkit.id);
    if (versions === undefined) {
      versions = new Map();
      this._versions.set(toolkit.id, versions);
    }
    if (versions.has(toolkit.version)) {
      throw new DesignError("version", `${toolkit.id} version ${toolkit.version} is loaded twice`);
    }
    versions.set(toolkit.version, toolkit);
    return toolkit;
  }

  /** The given version, or the latest; DesignError names an unknown id or version. */
  get(toolkitId, version = null) {
    const versions = this._versions.get(toolkitId);
    if (versions === undefined) {
      const known = this.ids().join(", ") || "none";
      throw new DesignError("toolkit", `unknown toolkit ${describe(toolkitId)} (known: ${known})`);
    }
    if (version === null || version === undefined) return versions.get(Math.max(...versions.keys()));
    const toolkit = versions.get(version);
    if (toolkit === undefined) {
      const have = [...versions.keys()].sort((a, b) => a - b).join(", ");
      throw new DesignError("version", `${describe(toolkitId)} has no version ${version} (has ${have})`);
    }
    return toolkit;
  }

  has(toolkitId) {
    return this._versions.has(toolkitId);
  }

  ids() {
    return sortedStrings(this._versions.keys());
  }

  versions(toolkitId) {
    return [...(this._versions.get(toolkitId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Every toolkit, by id then version. */
  all() {
    return this.ids().flatMap((id) => this.versions(id).map((v) => this.get(id, v)));
  }
}

function asRegistry(base) {
  if (base === null || base === undefined) return new ToolkitRegistry();
  if (base instanceof ToolkitRegistry) return base;
  if (Array.isArray(base)) {
    if (base.every((t) => t instanceof Toolkit)) return new ToolkitRegistry(base);
    const ids = base.map((doc) => (isObject(doc) ? String(doc.id) : "?"));
    const unique = new Set(ids).size === ids.length;
    const named = base.map((doc, n) => [unique ? ids[n] : `${ids[n]}@${isObject(doc) ? doc.version : n}`, doc]);
    return loadDocuments(Object.fromEntries(named));
  }
  if (base instanceof Map) return loadDocuments(Object.fromEntries(base));
  return loadDocuments(base);
}

/**
 * Compile one toolkit document: a resolved one (Python's `Toolkit.document`) or a raw one whose
 * `extends` is looked up in `base` (a ToolkitRegistry, an array of Toolkits, or raw documents
 * as an array, a Map or an object by name). `options.ancestors` lists the ids a resolved
 * document extended, so it also accepts designs naming them (Python's `Toolkit.ancestors`).
 * Throws DesignError naming the path.
 */
export function loadToolkit(document, base = null, options = {}) {
  checkShape(document);
  const extendsId = document.extends;
  if (typeof extendsId === "string") {
    const [parentId, version] = parseExtends(extendsId);
    const parent = asRegistry(base).get(parentId, version);
    const resolved = resolve(parent._document, document);
    return compile(resolved, [parent.id, ...parent.ancestors]);
  }
  return compile(structuredClone(document), options.ancestors || []);
}

function compile(resolved, ancestors) {
  return resolved.kind === "configurator" ? new ConfiguratorToolkit(resolved, ancestors) : new Toolkit(resolved, ancestors);
}

const compiledDocuments = new WeakMap();

/**
 * Python's `Toolkit.migrate` for the editor: bring a design saved on an older version up to the
 * toolkit's current version. Returns `[design, notices]` (a new design; `notices` as
 * `{version, op, message, parts}`, to show when an old proposal opens, empty when nothing was
 * migrated).
 *
 * `toolkit` is a compiled Toolkit, or the resolved document of the CURRENT version (Python's
 * `registry.get(id).document`, with `extends` flattened). That one document is all it needs: a
 * later version keeps every earlier version's `migrations` entries, so the older documents are
 * not needed. `options` as for loadToolkit (`ancestors`, so a design naming a parent toolkit is
 * accepted, unmigrated); a document is compiled once and remembered (by object identity).
 * Throws DesignError only, for a malformed design.
 */
export function migrateDesign(toolkit, design, options = {}) {
  if (!(toolkit instanceof Toolkit)) {
    let compiled = isObject(toolkit) ? compiledDocuments.get(toolkit) : undefined;
    if (compiled === undefined || compiled.ancestors !== options.ancestors) {
      compiled = { toolkit: loadToolkit(toolkit, null, options), ancestors: options.ancestors };
      if (isObject(toolkit)) compiledDocuments.set(toolkit, compiled);
    }
    toolkit = compiled.toolkit;
  }
  return toolkit.migrate(design);
}

/** `"street-section@1"` -> `["street-section", 1]`; `"street-section"` -> `["street-section", null]`. */
export function parseExtends(extendsId) {
  const at = extendsId.indexOf("@");
  if (at < 0) return [extendsId, null];
  return [extendsId.slice(0, at), Number(extendsId.slice(at + 1))];
}

function isReady(doc, registry, pending) {
  if (!isObject(doc) || typeof doc.extends !== "string") return true;
  const [parentId, version] = parseExtends(doc.extends);
  if (version !== null) return registry.versions(parentId).includes(version);
  // an unpinned id means the latest version: wait until every pending version of it is loaded
  return registry.has(parentId) && ![...pending.values()].some((other) => isObject(other) && other.id === parentId);
}

/** Compile named raw documents into one registry, parents before the toolkits extending them.
 * Errors name the document: `dominion-road.json: rules[3].severity: ...`. */
export function loadDocuments(documents, base = null) {
  const registry = new ToolkitRegistry(base ? asRegistry(base).all() : []);
  const pending = new Map(Object.entries(documents));
  while (pending.size) {
    const ready = [...pending].filter(([, doc]) => isReady(doc, registry, pending)).map(([name]) => name);
    if (ready.length === 0) {
      throw new DesignError("extends", `unknown or circular extends in ${sortedStrings(pending.keys()).join(", ")}`);
    }
    for (const name of sortedStrings(ready)) {
      const doc = pending.get(name);
      pending.delete(name);
      try {
        registry.add(loadToolkit(doc, registry));
      } catch (error) {
        if (!(error instanceof DesignError)) throw error;
        throw new DesignError(error.path ? `${name}: ${error.path}` : name, error.detail);
      }
    }
  }
  return registry;
}
