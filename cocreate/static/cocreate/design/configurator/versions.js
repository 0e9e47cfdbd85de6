// configurator/versions.js: migration steps of configurators.
// Python twin: cocreate/design/configurator/versions.py.

import { describe, DesignError, hasOwn, isNumber, isObject, join, put } from "../errors.js";
import { formatNumber } from "../units.js";
import { formatFactor, scaleMm, Steps } from "../versions.js";

/** Compiles the steps of a configurator: options, values and parameters. */
export class ConfiguratorSteps extends Steps {
  static keys = new Set(["option", "parameter", "to", "values", "value", "factor"]);
  static refusal = "a configurator's steps name options and parameters";

  /** Choices and parameters copied (a structured clone); shape errors as readConfig's. */
  static copy(document) {
    for (const [key, what] of [
      ["choices", "option choices"],
      ["parameters", "parameter values"],
    ]) {
      const value = document[key];
      if (value !== null && value !== undefined && !isObject(value)) {
        throw new DesignError(key, `expected an object of ${what}, got ${describe(value)}`);
      }
    }
    return structuredClone(document);
  }

  _compile(version, path, step, later) {
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
    const said = `${this.names.optionLabel(oid)} was not chosen; set to`;
    return fill(version, "choices", oid, value, `${said} ${this.names.valueLabel(oid, value)}`);
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
    const said = `${this.names.parameterLabel(pid)} was not set; set to`;
    return fill(version, "parameters", pid, value, `${said} ${formatNumber(value)}${unit}`);
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

/** A `set_default` step: `design[key][name] = value` when the design has no such entry (a null
 * `key` reads as missing, as the reader says); `said` is what the notice says. */
function fill(version, key, name, value, said) {
  const message = `Version ${version}: ${said}.`;
  return (design) => {
    if (!isObject(design[key])) design[key] = {};
    const entries = design[key];
    if (hasOwn(entries, name)) return null;
    put(entries, name, value);
    return { version, op: "set_default", message, parts: [name] };
  };
}
