// Pure edits of a configurator design (choose a value, set a parameter): each returns a NEW design
// and never changes its input (Python's cocreate/design/configurator/edits.py; the shared vectors
// are tests/conformance/edits.json). The design as a whole is judged by `toolkit.evaluate`.

import { describe, DesignError, isObject } from "../errors.js";
import { checkParameter } from "./design.js";

/** A copy of a configurator design with its own `key` object (choices or parameters). */
function copyEntries(design, key) {
  if (!isObject(design)) throw new DesignError("", `expected a design object, got ${describe(design)}`);
  const entries = design[key] ?? {};
  if (!isObject(entries)) throw new DesignError(key, `expected an object, got ${describe(entries)}`);
  const copied = { ...entries };
  return [{ ...design, [key]: copied }, copied];
}

/** Choose `value` for `option` (one of the option's values). */
export function setChoice(toolkit, design, option, value) {
  const entry = typeof option === "string" ? toolkit.options.get(option) : undefined;
  if (entry === undefined) throw new DesignError("choices", `${describe(option)} is not an option of ${toolkit.title}`);
  if (typeof value !== "string" || !entry.values.has(value)) {
    throw new DesignError(`choices.${option}`, `${describe(value)} is not one of: ${[...entry.values.keys()].join(", ")}`);
  }
  const [copy, choices] = copyEntries(design, "choices");
  choices[option] = value;
  return copy;
}

/** Set a numeric parameter; its bounds and step are judged by `range` rules. */
export function setParameter(toolkit, design, name, value) {
  const entry = typeof name === "string" ? toolkit.parameters.get(name) : undefined;
  if (entry === undefined) throw new DesignError("parameters", `${describe(name)} is not a parameter of ${toolkit.title}`);
  checkParameter(`parameters.${name}`, value);
  const [copy, parameters] = copyEntries(design, "parameters");
  parameters[name] = value;
  return copy;
}
