// section/toolkit.js: a compiled toolkit of kind "section".
// Python twin: cocreate/design/section/toolkit.py.

import { CHECKS } from "./checks.js";
import { readDesign } from "./design.js";
import { Fixers } from "./fixes.js";
import { SectionSteps } from "./versions.js";
import { DesignError, hasOwn } from "../errors.js";
import { VariantLookup } from "../model.js";
import { Toolkit } from "../toolkit.js";
import { toM } from "../units.js";

/** A compiled toolkit of kind "section": designs are `{toolkit, version, length, parts: [{type,
 * width, variant?, id?}]}`. */
export class SectionToolkit extends Toolkit {
  static checks = CHECKS;
  static Steps = SectionSteps;

  constructor(fields) {
    for (const key of ["options", "parameters"]) {
      if (hasOwn(fields.document, key)) throw new DesignError(key, "a section toolkit has parts; options are for configurators");
    }
    super(fields);
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

  /** A section design as saved (no migration), its parts flattened; throws DesignError naming
   * the path. */
  read(document) {
    return this._read(document);
  }

  _readBody(document, version) {
    return readDesign(document, version, { catalog: this.catalog, defaultLengthMm: this.lengthMm });
  }

  _context(catalog, baseline) {
    this._ruleContext = { catalog, baseline };
    return this._ruleContext;
  }

  /** The quick fixes' compiled rules, compiled on first use (only editors ask). */
  get fixers() {
    if (this._fixers === undefined) this._fixers = new Fixers(this._document.rules || [], this._ruleContext);
    return this._fixers;
  }

  /** Widths rounded to the mm, variants completed, the length explicit. */
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
}
