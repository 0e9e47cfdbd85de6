// header.js: what every kind of design starts with: an object naming its toolkit and version.
// Python twin: cocreate/design/header.py.

import { describe, DesignError, isObject, sortedStrings } from "./errors.js";

/** What every kind of design starts with: an object, its `toolkit` (one the toolkit accepts) and
 * its `version` (1 to the toolkit's). Returns the version, or null (Python's read_header). */
export function readHeader(document, toolkitIds, maxVersion) {
  if (!isObject(document)) {
    throw new DesignError("", `expected a design object, got ${describe(document)}`);
  }
  const toolkit = document.toolkit;
  if (toolkit !== null && toolkit !== undefined && (typeof toolkit !== "string" || !toolkitIds.includes(toolkit))) {
    const expected = sortedStrings(toolkitIds).map((t) => `"${t}"`).join(" or ");
    throw new DesignError("toolkit", `expected ${expected}, got ${describe(toolkit)}`);
  }
  const version = document.version;
  if (version !== null && version !== undefined) {
    if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
      throw new DesignError("version", `expected a whole number >= 1, got ${describe(version)}`);
    }
    if (version > maxVersion) {
      throw new DesignError("version", `toolkit has no version ${version} (latest ${maxVersion})`);
    }
    return version;
  }
  return null;
}
