// The browser's copy of the cocreate.design rules engine (kinds "section" and "configurator",
// toolkit versions and migrations, edit operations): this entry is Python's
// cocreate/design/__init__.py, and every module beside it mirrors the Python module of the same
// name (design/section/checks.js <-> cocreate/design/section/checks.py), so a parity review
// compares file with file.
//
// ES modules with no dependencies and no build step. It evaluates toolkits exactly like the
// Python engine: same evaluation object, same findings in the same order, same messages byte for
// byte, same integer-millimetre arithmetic, same migrations, notices and edits. Both engines run
// the shared conformance vectors in tests/conformance/*.json; any difference is a failing test.
//
//   import { edits, loadToolkit, migrateDesign } from "./design/index.js";
//   const toolkit = loadToolkit(resolvedDocument);      // Python's Toolkit.document, any kind
//   const { valid, findings, metrics } = toolkit.evaluate(design);
//   // a section design {toolkit, version, length, parts}; a configurator design
//   // {toolkit, version, choices: {option: value}, parameters: {name: number}} (findings'
//   // `parts` are then option/parameter ids); designs on older versions are migrated first
//   const [current, notices] = toolkit.migrate(stored); // or migrateDesign(resolvedDocument, stored)
//   const wider = edits.setWidth(design, 2, 3.5);       // a NEW design; DesignError when invalid
//   const fixes = quickFixes(toolkit, design, evaluation); // per finding: [{label, edits}]
//   const fixed = applyFix(toolkit, design, fixes[0][0]);  // the edits applied, a NEW design
//
// Every rule is compiled once, when the toolkit loads, into a closure over a parsed design
// (selectors become sets of type ids, width limits and metric contributions are tabulated per
// type and variant; configurator conditions become sets of values), so evaluating a design is a
// few array scans. Migration steps are compiled once too.
//
// Known limits, all from JSON itself rather than the engine:
// - JSON numbers: JS cannot tell `2.0` from `2`. Error messages that quote a number print
//   whole numbers as integers (Python prints `2.0` for a float); non-whole numbers print like
//   Python's repr (`1e-05`). A design `version` of `1.0` is accepted here, rejected by Python.
// - Object keys that look like array indexes ("2") are iterated first by JS. Use identifiers
//   that start with a letter for part types, axes and metrics (all bundled toolkits do).
// - Toolkit documents are expected to be schema-valid (the server validates them with
//   toolkit.schema.json before a browser sees them); JS checks their shape only as far as it
//   needs to never crash (schema.js), so schema-violation messages differ from Python's
//   jsonschema ones. Every semantic load error (unknown type, group, metric, variant value,
//   limits, extends, baseline, duplicate rule id, ...) is identical.
//
// Python modules with no JS twin (the browser does not need them): render.py, svg.py, diff.py,
// section/svg.py, section/geometry.py, section/diff*.py, section/streetmix.py,
// configurator/card.py, configurator/diff*.py.

import * as edits from "./edits.js";

export { CHECKS as CONFIGURATOR_CHECKS } from "./configurator/checks.js";
export { MAX_ENTRIES, roundCents } from "./configurator/design.js";
export { onStep } from "./configurator/options.js";
export { ConfiguratorToolkit } from "./configurator/toolkit.js";
export { compile, parseExtends, resolve } from "./compile.js";
export { DesignError, describe, join, pyRepr } from "./errors.js";
export { applyFix, quickFixes } from "./fixes.js";
export { PartType, Selector } from "./model.js";
export { ToolkitRegistry, loadDocuments, loadToolkit, migrateDesign } from "./registry.js";
export { CHECKS } from "./section/checks.js";
export { MAX_MM, MAX_PARTS } from "./section/design.js";
export { SectionToolkit } from "./section/toolkit.js";
export { Toolkit } from "./toolkit.js";
export { formatM, formatNumber, formatShare, toM, toMm } from "./units.js";
export { formatFactor, scaleMm } from "./versions.js";
export { edits };
