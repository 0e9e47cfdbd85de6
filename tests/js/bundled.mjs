// The toolkits shipped in cocreate/toolkits/, as raw documents by file name and loaded by the
// browser engine: what the JS tests start from.

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { loadDocuments } from "../../cocreate/static/cocreate/design/index.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

const BUNDLED = join(ROOT, "cocreate", "toolkits");
export const documents = Object.fromEntries(
  readdirSync(BUNDLED).filter((name) => name.endsWith(".json")).map((name) => [name, readJson(join(BUNDLED, name))]),
);
export const registry = loadDocuments(documents);
