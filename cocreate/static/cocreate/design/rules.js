// rules.js: the one rule runner every kind shares: compiling rules in order, running them.
// Python twin: cocreate/design/rules.py.

import { DesignError, hasOwn, join, pyRepr } from "./errors.js";

export const opt = (v) => (v === undefined ? null : v);

/** Refuse a rule whose `min` is above its `max`. */
export function checkBounds(path, lo, hi) {
  if (lo !== null && lo !== undefined && hi !== null && hi !== undefined && lo > hi) {
    throw new DesignError(join(path, "min"), `${pyRepr(lo)} is more than max ${pyRepr(hi)}`);
  }
}

// Added to every toolkit that declares no `unknown` rule: old designs must always open.
export const IMPLICIT_UNKNOWN = Object.freeze({ id: "unknown", check: "unknown", severity: "error" });

/** A kind's rule checks by name, in the order the kind adds them (its table in the format). Each
 * compiler reads a rule once, with the kind's context, into a check over the kind's read design;
 * `compile` does it for a whole document, in the runner's order (Python's `rules.Checks`). */
export class Checks {
  constructor(kind) {
    this.kind = kind;
    this.compilers = new Map();
  }

  /** The compiler of the check `name` (returned, for a named declaration). */
  add(name, compiler) {
    this.compilers.set(name, compiler);
    return compiler;
  }

  /** The check names, in the order of the format's table. */
  get names() {
    return [...this.compilers.keys()];
  }

  /** The implicit `unknown` rule (unless declared), then the document's rules in order. */
  compile(document, ctx) {
    const rules = document.rules || [];
    const compiled = [];
    if (!rules.some((r) => r.check === "unknown")) compiled.push(this.compileOne(IMPLICIT_UNKNOWN, "rules", ctx));
    const seen = new Set();
    rules.forEach((rule, n) => {
      const path = join("rules", n);
      if (seen.has(rule.id)) throw new DesignError(join(path, "id"), `duplicate rule id "${rule.id}"`);
      seen.add(rule.id);
      compiled.push(this.compileOne(rule, path, ctx));
    });
    return compiled;
  }

  /** One rule; its id joins any error (an extension's merged rule paths are not its file's). */
  compileOne(rule, path, ctx) {
    let check;
    try {
      const compiler = this.compilers.get(rule.check);
      if (compiler === undefined) {
        const known = this.names.join(", ");
        throw new DesignError(join(path, "check"), `"${rule.check}" is not a ${this.kind} check (${known})`);
      }
      check = compiler(rule, path, ctx);
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
