// rules.js: the one rule runner every kind shares: compiling rules in order, running them.
// Python twin: cocreate/design/rules.py.

import { DesignError, hasOwn, join, pyRepr } from "./errors.js";

export const opt = (v) => (v === undefined ? null : v);

export function checkBounds(path, lo, hi) {
  if (lo !== null && lo !== undefined && hi !== null && hi !== undefined && lo > hi) {
    throw new DesignError(join(path, "min"), `${pyRepr(lo)} is more than max ${pyRepr(hi)}`);
  }
}

// Added to every toolkit that declares no `unknown` rule: old designs must always open.
export const IMPLICIT_UNKNOWN = Object.freeze({ id: "unknown", check: "unknown", severity: "error" });

export function compileRule(rule, path, ctx, compilers, kind) {
  let check;
  try {
    if (!hasOwn(compilers, rule.check)) {
      const known = Object.keys(compilers).join(", ");
      throw new DesignError(join(path, "check"), `"${rule.check}" is not a ${kind} check (${known})`);
    }
    check = compilers[rule.check](rule, path, ctx);
  } catch (error) {
    if (error instanceof DesignError) throw new DesignError(error.path, `${error.detail} (rule "${rule.id}")`);
    throw error;
  }
  const info = Object.freeze({
    id: rule.id,
    check: rule.check,
    severity: rule.severity,
    description: hasOwn(rule, "description") ? rule.description : "",
  });
  return { rule: info, check, error: rule.severity === "error" };
}

/** The implicit `unknown` rule (unless declared), then the document's rules in order. */
export function compileRules(document, ctx, compilers, kind) {
  const rules = document.rules || [];
  const compiled = [];
  if (!rules.some((r) => r.check === "unknown")) compiled.push(compileRule(IMPLICIT_UNKNOWN, "rules", ctx, compilers, kind));
  const seen = new Set();
  rules.forEach((rule, n) => {
    const path = join("rules", n);
    if (seen.has(rule.id)) throw new DesignError(join(path, "id"), `duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
    compiled.push(compileRule(rule, path, ctx, compilers, kind));
  });
  return compiled;
}

/** Run compiled rules in order: `{valid, findings, metrics}`. */
export function runRules(compiled, parsed, metrics) {
  const findings = [];
  let valid = true;
  for (let k = 0; k < compiled.length; k++) {
    const before = findings.length;
    compiled[k].check(parsed, metrics, findings);
    if (valid && compiled[k].error && findings.length > before) valid = false;
  }
  return { valid, findings, metrics };
}
