// section/compile.js: compiling a resolved section toolkit document.
// Python twin: cocreate/design/section/compile.py.

import { DesignError, hasOwn } from "../errors.js";
import { compileRules } from "../rules.js";
import { COMPILERS } from "./checks.js";
import { readDesign } from "./design.js";
import { SectionToolkit } from "./toolkit.js";
import { copySection, SectionSteps } from "./versions.js";
import { toMm } from "../units.js";
import { compileMigrations, Names, readBaseline } from "../versions.js";

/** Compile a resolved section toolkit document: catalog, migrations, baseline, rules. */
export function compileSection(document, catalog, accepts, ancestors) {
  for (const key of ["options", "parameters"]) {
    if (hasOwn(document, key)) throw new DesignError(key, "a section toolkit has parts; options are for configurators");
  }
  const names = new Names(catalog.parts, new Map(), new Map());
  const migrations = compileMigrations(document, new SectionSteps(names), copySection);
  const length = document.length;
  const baseline = readBaseline(document, migrations, (raw) =>
    readDesign(raw, {
      catalog: catalog.parts,
      defaultLengthMm: length === undefined || length === null ? null : toMm(length),
      toolkitIds: accepts,
      maxVersion: document.version,
    }),
  );
  const rules = compileRules(document, { catalog, baseline }, COMPILERS, "section");
  return new SectionToolkit({ document, catalog, accepts, ancestors, rules, baseline, migrations });
}
