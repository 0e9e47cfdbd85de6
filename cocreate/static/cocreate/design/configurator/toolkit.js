// configurator/toolkit.js: a compiled toolkit of kind "configurator".
// Python twin: cocreate/design/configurator/toolkit.py.

import { CHECKS } from "./checks.js";
import { readConfig, roundCents } from "./design.js";
import { buildOptions } from "./options.js";
import { ConfiguratorSteps } from "./versions.js";
import { DesignError, pyTruthy } from "../errors.js";
import { Toolkit } from "../toolkit.js";

/**
 * A compiled toolkit of kind "configurator": designs are `{"toolkit", "version"?, "choices":
 * {option: value}, "parameters": {name: number}}`. `catalog` is empty and `lengthMm` null;
 * `options` and `parameters` describe the design space. Findings' `parts` are option and
 * parameter ids.
 */
export class ConfiguratorToolkit extends Toolkit {
  static checks = CHECKS;
  static Steps = ConfiguratorSteps;

  constructor(fields) {
    for (const key of ["parts", "length", "groups"]) {
      if (pyTruthy(fields.document[key])) throw new DesignError(key, "a configurator has options and parameters, not parts");
    }
    const [options, parameters] = buildOptions(fields.document, fields.catalog.metrics);
    super({ ...fields, options, parameters });
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

  /** A configurator design as saved (no migration), completed with the defaults; throws
   * DesignError naming the path. */
  readConfig(document) {
    return this._read(document);
  }

  _readBody(document, version) {
    return readConfig(document, version, { options: this.options, parameters: this.parameters });
  }

  _context() {
    return { options: this.options, parameters: this.parameters, metrics: this.metrics };
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
