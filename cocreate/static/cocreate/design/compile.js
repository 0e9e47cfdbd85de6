// compile.js: flatten `extends` and compile a resolved document by its kind.
// Python twin: cocreate/design/compile.py.

import { buildCatalog } from "./catalog.js";
import { ConfiguratorToolkit } from "./configurator/toolkit.js";
import { clone, DesignError, hasOwn, join } from "./errors.js";
import { SectionToolkit } from "./section/toolkit.js";

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

/** `"street-section@1"` -> `["street-section", 1]`; `"street-section"` -> `["street-section", null]`. */
export function parseExtends(extendsId) {
  const at = extendsId.indexOf("@");
  if (at < 0) return [extendsId, null];
  return [extendsId.slice(0, at), Number(extendsId.slice(at + 1))];
}

/** Compile a resolved document as its kind (Python's `compile._compile`). */
export function compile(resolved, ancestors) {
  const Kind = resolved.kind === "configurator" ? ConfiguratorToolkit : SectionToolkit;
  return new Kind({
    document: resolved,
    catalog: buildCatalog(resolved),
    accepts: [resolved.id, ...ancestors.filter((a) => a !== resolved.id)],
    ancestors,
  });
}
