// schema.js: just enough shape checking that a schema-invalid document fails as a DesignError.
// Python twin: cocreate/design/schema.py (there: jsonschema).

import { CHECKS as CONFIGURATOR_CHECKS } from "./configurator/checks.js";
import { describe, DesignError, hasOwn, isObject, join } from "./errors.js";
import { CHECKS as SECTION_CHECKS } from "./section/checks.js";

/** Just enough shape checking that a schema-invalid document fails as a DesignError, not a
 * TypeError. (Python validates against toolkit.schema.json; its messages are jsonschema's.) */
export function checkShape(document) {
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
  const checks = document.kind === "configurator" ? CONFIGURATOR_CHECKS : SECTION_CHECKS;
  const rules = document.rules;
  if (rules !== undefined) {
    if (!Array.isArray(rules)) throw new DesignError("rules", `expected an array, got ${describe(rules)}`);
    rules.forEach((rule, n) => {
      const where = join("rules", n);
      if (!isObject(rule)) throw new DesignError(where, `expected an object, got ${describe(rule)}`);
      for (const key of ["id", "check", "severity"]) {
        if (!hasOwn(rule, key)) throw new DesignError(where, `'${key}' is a required property`);
      }
      if (!checks.compilers.has(rule.check)) {
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
