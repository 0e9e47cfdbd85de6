// Quick fixes of every kind (Python's cocreate/design/fixes.py): for each finding of an
// evaluation, the edits that repair it, checked before they are offered. Sections:
// section/fixes.js; configurators offer none yet. Kept apart from `evaluate`, so evaluating stays
// fast and its contract unchanged.

import { DesignError } from "./errors.js";
import * as section from "./section/fixes.js";
import { SectionToolkit } from "./section/toolkit.js";

/** One list of fixes per finding of `evaluation` (`toolkit.evaluate(design)`): each `{label,
 * edits}`, whose edits remove that finding and add none. */
export function quickFixes(toolkit, design, evaluation) {
  if (toolkit instanceof SectionToolkit) return section.quickFixes(toolkit, design, evaluation);
  return evaluation.findings.map(() => []);
}

/** The design after `fix` (a NEW design); DesignError for a fix this kind cannot apply. */
export function applyFix(toolkit, design, fix) {
  if (!(toolkit instanceof SectionToolkit)) throw new DesignError("edits", `${toolkit.title} has no quick fixes`);
  return section.applyFix(toolkit, design, fix);
}
