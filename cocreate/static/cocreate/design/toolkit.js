// toolkit.js: the abstract toolkit every kind extends.
// Python twin: cocreate/design/toolkit.py.

import { hasOwn, isObject } from "./errors.js";
import { readHeader } from "./header.js";
import { runRules } from "./rules.js";
import { toMm } from "./units.js";
import { compileMigrations, Names, readBaseline } from "./versions.js";

/** One compiled version of a toolkit, whatever its kind (Python's abstract `Toolkit`), compiled
 * from its resolved document: its version line, then its baseline (read like any design), then
 * its rules; evaluation through the one rule runner. A kind (`SectionToolkit`,
 * `ConfiguratorToolkit`) names its `checks` and migration `Steps` (static), and says how a design
 * is read after its header (`_readBody`), what its rules may refer to (`_context`), how metrics
 * add up (`_totals`) and what the normalized document looks like (`_normalized`). Immutable after
 * load; throws DesignError naming the path of a problem. */
export class Toolkit {
  constructor({ document, catalog, accepts, ancestors, options = new Map(), parameters = new Map() }) {
    const length = document.length;
    this.id = document.id;
    this.version = document.version;
    this.kind = document.kind;
    this.title = document.title;
    this.description = hasOwn(document, "description") ? document.description : "";
    this.source = hasOwn(document, "source") ? document.source : "";
    this.lengthMm = length === undefined || length === null ? null : toMm(length);
    this.catalog = catalog.parts; // Map type id -> PartType (palette order); sections only
    this.groups = catalog.groups; // Map group id -> label
    this.metrics = catalog.metrics; // Map metric id -> {id, label, unit, source}
    this.options = options; // configurators only: option id -> {id, label, values, default, description}
    this.parameters = parameters; // configurators only: parameter id -> {id, label, unit, min, max, step, ...}
    this.ancestors = Object.freeze([...ancestors]);
    this._document = document;
    this._accepts = accepts;
    this._metricIds = [...catalog.metrics.keys()];
    const kind = this.constructor;
    this._migrations = compileMigrations(document, new kind.Steps(new Names(this.catalog, options, parameters)));
    const baseline = readBaseline(document, this._migrations, (raw) => this._read(raw));
    this._compiled = kind.checks.compile(document, this._context(catalog, baseline));
    this.rules = Object.freeze(this._compiled.map((c) => c.rule));
    this._baseline = baseline === null ? null : this._normalized(baseline);
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
    return this._migrations.apply(document, version);
  }

  /** `document` migrated when it is on an older version (the hot path: one lookup). */
  _current(document) {
    if (this._migrations.steps.size && isObject(document)) {
      const version = document.version;
      if (version !== null && version !== undefined && version !== this.version) return this.migrate(document)[0];
    }
    return document;
  }

  /** Check a design's shape and read it as saved (no migration): what every design starts with
   * here, the rest as its kind reads it (`_readBody`). Throws DesignError naming the path. */
  _read(document) {
    return this._readBody(document, readHeader(document, this._accepts, this.version));
  }

  /** The design read as its kind reads it, migrated first when on an older version. */
  readCurrent(document) {
    return this._read(this._current(document));
  }

  /** Run every rule: `{valid, findings: [{rule, check, severity, message, parts}], metrics}`.
   * A design saved on an older version is migrated first. */
  evaluate(document) {
    const parsed = this.readCurrent(document);
    return runRules(this._compiled, parsed, this._totals(parsed));
  }

  /** A validated, normalized copy with the toolkit's id and version, defaults made explicit
   * (migrated first when older). */
  parse(document) {
    return this._normalized(this.readCurrent(document));
  }

  toString() {
    return `<Toolkit ${this.id}@${this.version}>`;
  }
}
