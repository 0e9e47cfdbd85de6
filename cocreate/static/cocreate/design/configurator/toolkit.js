// configurator/toolkit.js: a compiled toolkit of kind "configurator".
// Python twin: cocreate/design/configurator/toolkit.py.

import { readConfig, roundCents } from "./design.js";
import { DesignError } from "../errors.js";
import { Toolkit } from "../toolkit.js";

/**
 * A compiled toolkit of kind "configurator": designs are `{"toolkit", "version"?, "choices":
 * {option: value}, "parameters": {name: number}}`. `catalog` is empty and `lengthMm` null;
 * `options` and `parameters` describe the design space. Findings' `parts` are option and
 * parameter ids.
 */
export class ConfiguratorToolkit extends Toolkit {
  constructor({ options, parameters, ...fields }) {
    super(fields);
    this.options = options;
    this.parameters = parameters;
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

  /** Check a configurator design's shape and complete it (as saved: no migration); throws
   * DesignError naming the path. */
  readConfig(document) {
    return readConfig(document, {
      options: this.options,
      parameters: this.parameters,
      toolkitIds: this._accepts,
      maxVersion: this.version,
    });
  }

  _read(document) {
    return this.readConfig(document);
  }

  /** `{toolkit, version, choices, parameters}` with every option and parameter present
   * (defaults filled), unknown ones kept at the end. */
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

  _totals(c) {
    return this.totals(c);
  }
}
