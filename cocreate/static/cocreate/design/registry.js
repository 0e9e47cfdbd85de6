// registry.js: compiled toolkits by id and version; loading raw documents; migrateDesign.
// Python twin: cocreate/design/registry.py.

import { compile, parseExtends, resolve } from "./compile.js";
import { describe, DesignError, isObject, sortedStrings } from "./errors.js";
import { checkShape } from "./schema.js";
import { Toolkit } from "./toolkit.js";

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

export function asRegistry(base) {
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

export const compiledDocuments = new WeakMap();

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

export function isReady(doc, registry, pending) {
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
