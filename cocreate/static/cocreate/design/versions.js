// versions.js: toolkit versions: compiled migration steps, the step driver, the baseline's migration.
// Python twin: cocreate/design/versions.py.

import { DesignError, hasOwn, isObject, join, pyRepr, pyStr, pyTruthy } from "./errors.js";

/** A conversion factor as JS's `String(x)` prints it, like Python's format_factor: `3`, `0.3048`. */
export function formatFactor(value) {
  const x = Number(value);
  return Number.isInteger(x) ? BigInt(x).toString() : pyRepr(x);
}

/** `value * factor` rounded half up to thousandths. */
export function scaleMm(value, factor) {
  return Math.floor(value * factor * 1000 + 0.5) / 1000;
}

/** What a toolkit version offers, to check the names steps produce and label notices. */
export class Names {
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

/** A kind's migration steps, each compiled once against the names this toolkit version offers
 * (`names`). A step may hold `op`, `description` and the kind's `keys` (a static Set, with
 * `refusal`, the error for any other key); a kind adds `_compile(version, path, step, later)`
 * for the step's `op` and a static `copy(document)`: a copy of a design deep enough for its
 * steps to change in place, with shape errors as the kind's reader says them. */
export class Steps {
  constructor(names) {
    this.names = names;
  }

  /** `later` holds the names later steps consume (checked then, not now). */
  compile(version, path, step, later) {
    const { keys, refusal } = this.constructor;
    for (const key of Object.keys(step)) {
      if (!keys.has(key) && key !== "op" && key !== "description") throw new DesignError(join(path, key), refusal);
    }
    return this._compile(version, path, step, later);
  }
}

/** The compiled steps of one toolkit version, by the version each step leads to. */
export class Migrations {
  constructor(copy, title, version, steps) {
    this.copy = copy; // the kind's copy of a design, deep enough for its steps
    this.title = title;
    this.version = version;
    this.steps = steps; // Map version -> [step(design) -> notice | null]
  }

  /** A migrated copy of `document` (saved on `from`) and what changed: `[design, notices]`. */
  apply(document, from) {
    const design = this.copy(document);
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

/** Compile a resolved toolkit document's `migrations` with its kind's steps (none when it
 * declares none: a design is then only relabelled with the current version). */
export function compileMigrations(document, compiler) {
  const entries = pyTruthy(document.migrations) ? document.migrations : [];
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
  return new Migrations(compiler.constructor.copy, String(document.title), own, steps);
}

/** The toolkit's own `baseline` (null without one), migrated first when it was saved on an older
 * version, read by the kind's `read`; errors name their path under `baseline`. */
export function readBaseline(document, migrations, read) {
  if (!hasOwn(document, "baseline")) return null;
  try {
    let raw = document.baseline;
    if (isObject(raw)) {
      const version = raw.version;
      if (Number.isInteger(version) && version >= 1 && version < document.version) raw = migrations.apply(raw, version)[0];
    }
    return read(raw);
  } catch (error) {
    if (!(error instanceof DesignError)) throw error;
    throw new DesignError(error.path ? join("baseline", error.path) : "baseline", error.detail);
  }
}
