// section/fixes.js: quick fixes of a section design: for a finding the engine can repair, the
// edits that repair it, each `{label, edits}` (edit operations as the conformance vectors write
// them), checked by evaluating them before they are offered.
// Python twin: cocreate/design/section/fixes.py (read its docstring for the policy).

import { describe, DesignError } from "../errors.js";
import { formatM, toM } from "../units.js";
import { inSentence, partLabel, WidthLimits } from "./checks.js";
import { addPart, setVariant, setWidth } from "./edits.js";

export const MIN_WIDTH_MM = 50; // the editor's narrowest part

/** One design read for fixing: how much each part can spare or take, and its name. */
class Plan {
  constructor(d, frozen) {
    this.d = d;
    this.frozen = new Set([...frozen, ...d.unknown]);
    // per part, once, as every finding's fixes ask: how much it can give (down to its minimum,
    // else its default width), take (up to its maximum; null: none), and how far it is below its
    // minimum
    this.slacks = [];
    this.headrooms = [];
    this.short = [];
    d.widths.forEach((width, i) => {
      const entry = d.partTypes[i];
      if (entry === null || this.frozen.has(i)) {
        this.slacks.push(0);
        this.headrooms.push(0);
        this.short.push(0);
        return;
      }
      const [floor, ceiling] = entry.widthLimits(d.variants[i]);
      this.slacks.push(Math.max(0, width - Math.max(floor ?? entry.defaultWidthMm, MIN_WIDTH_MM)));
      this.headrooms.push(ceiling === null ? null : Math.max(0, ceiling - width));
      this.short.push(floor === null ? 0 : Math.max(0, floor - width));
    });
  }

  slack(i) {
    return this.slacks[i];
  }

  headroom(i) {
    return this.headrooms[i];
  }

  room() {
    return Math.max(0, this.d.lengthMm - this.d.totalMm);
  }

  /** "the left sidewalk", "the middle divider": a part as a fix's label names it. */
  name(i) {
    return `the ${this.d.side(i)} ${inSentence(partLabel(this.d, i))}`;
  }

  /** [index, new width] of the parts that give `amount` between them, in part order: the parts
   * nearest to `near` first, then those with the most to spare; null when they cannot. */
  take(amount, near = []) {
    if (amount <= 0) return [];
    const distance = (i) => (near.length ? Math.min(...near.map((j) => Math.abs(i - j))) : 0);
    const pool = [];
    for (let i = 0; i < this.d.widths.length; i++) if (this.slack(i) > 0) pool.push(i);
    pool.sort((x, y) => distance(x) - distance(y) || this.slack(y) - this.slack(x) || x - y);
    const taken = [];
    let left = amount;
    for (const i of pool) {
      const share = Math.min(this.slack(i), left);
      taken.push([i, this.d.widths[i] - share]);
      left -= share;
      if (!left) return taken.sort((x, y) => x[0] - y[0]);
    }
    return null;
  }

  /** The part that can take `amount` whole: a `prefer` part, else the part furthest below its
   * minimum (it needs the width), else the widest. */
  give(amount, prefer = []) {
    const n = this.d.widths.length;
    const fits = (i) => {
      if (i < 0 || i >= n) return false;
      const room = this.headroom(i);
      return room === null || room >= amount;
    };
    const near = prefer.filter((i) => fits(i) && this.d.partTypes[i] !== null);
    if (near.length) return near[0];
    let best = null;
    for (let i = 0; i < n; i++) {
      if (!fits(i) || this.frozen.has(i) || this.d.partTypes[i] === null) continue;
      const better = best === null || this.short[i] > this.short[best]
        || (this.short[i] === this.short[best] && this.d.widths[i] > this.d.widths[best]);
      if (better) best = i;
    }
    return best;
  }

  /** The label's tail naming where width came from, and the edits that take it. */
  taking(taken) {
    if (!taken.length) return ["", []];
    const amount = taken.reduce((sum, [i, w]) => sum + this.d.widths[i] - w, 0);
    const names = listing(taken.map(([i]) => this.name(i)));
    return [`, taking ${formatM(amount)} from ${names}`, taken.map(([i, w]) => widthEdit(i, w))];
  }
}

const widthEdit = (index, widthMm) => ({ op: "set_width", index, width: toM(widthMm) });

/** "a", "a and b", "a, b and c". */
function listing(names) {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** "a" or "an" before `words` (a name or a width such as "8.00 m"). */
function article(words) {
  const whole = words.split(".", 1)[0];
  const vowel = "aeiou".includes(words.slice(0, 1).toLowerCase());
  return vowel || whole.startsWith("8") || whole === "11" || whole === "18" ? "an" : "a";
}

/** A rule's fixer compiler by check: (rule, path, ctx) -> (plan, finding) -> [[label, edits]]. */
const FIXERS = new Map();

FIXERS.set("fit", () => (plan) => {
  const d = plan.d;
  const over = d.totalMm - d.lengthMm;
  if (over > 0) {
    const taken = plan.take(over);
    if (taken === null) return [];
    const names = listing(taken.map(([i]) => plan.name(i)));
    return [[`Take ${formatM(over)} from ${names}`, taken.map(([i, w]) => widthEdit(i, w))]];
  }
  const i = plan.give(-over);
  if (over === 0 || i === null) return [];
  return [[`Widen ${plan.name(i)} by ${formatM(-over)}`, [widthEdit(i, d.widths[i] - over)]]];
});

FIXERS.set("width", (rule, path, ctx) => {
  const limits = new WidthLimits(rule, path, ctx);
  return (plan, finding) => {
    const d = plan.d;
    const [i] = finding.parts;
    if (plan.frozen.has(i)) return [];
    const [lo, hi] = limits.bounds(d.types[i], d.variants[i]);
    const width = d.widths[i];
    if (lo !== null && hi !== null && lo > hi) return [];
    if (lo !== null && width < lo) {
      const needed = lo - width;
      const taken = plan.take(needed - Math.min(needed, plan.room()), [i - 1, i + 1]);
      if (taken === null) return [];
      const [tail, edits] = plan.taking(taken.filter(([j]) => j !== i));
      return [[`Widen to ${formatM(lo)}${tail}`, [widthEdit(i, lo), ...edits]]];
    }
    if (hi === null || width <= hi) return [];
    const spare = width - hi;
    const edits = [widthEdit(i, hi)];
    let label = `Narrow to ${formatM(hi)}`;
    if (d.totalMm <= d.lengthMm) { // the width must go somewhere, or the street falls short
      const j = plan.give(spare, [i - 1, i + 1]);
      if (j === null || j === i) return [];
      label += `, widening ${plan.name(j)}`;
      edits.push(widthEdit(j, d.widths[j] + spare));
    }
    return [[label, edits]];
  };
});

/** Adding a part that `selector` matches at an index (Python's `_adder`), or null when no
 * catalog type can. */
function adder(ctx, selector) {
  let chosen = null;
  for (const entry of ctx.catalog.parts.values()) {
    if (!selector.types.has(entry.type)) continue;
    const variant = { ...entry.defaultVariant };
    let ok = true;
    for (const [axis, allowed] of selector.variant) {
      const values = (entry.variants[axis] || []).filter((v) => allowed.has(v));
      if (!values.length) {
        ok = false;
        break;
      }
      if (!allowed.has(variant[axis])) variant[axis] = values[0];
    }
    if (ok) {
      chosen = [entry, variant];
      break;
    }
  }
  if (chosen === null) return null;
  const [entry, variant] = chosen;
  const width = Math.max(entry.defaultWidthMm, entry.widthLimits(variant)[0] || 0);
  const asked = selector.variant.map(([axis]) => variant[axis]);
  const name = `${formatM(width)} ${inSentence(entry.label)}${asked.length ? ` (${asked.join(", ")})` : ""}`;
  return (plan, at, prefer) => {
    const taken = plan.take(width - Math.min(width, plan.room()), prefer);
    if (taken === null) return null;
    const [tail, edits] = plan.taking(taken);
    edits.push({ op: "add_part", type: entry.type, index: at });
    for (const [axis, value] of Object.entries(variant)) {
      if (entry.defaultVariant[axis] !== value) edits.push({ op: "set_variant", index: at, axis, value });
    }
    if (width !== entry.defaultWidthMm) edits.push(widthEdit(at, width));
    return [`Add ${article(name)} ${name}${tail}`, edits];
  };
}

FIXERS.set("adjacent", (rule, path, ctx) => {
  if (!rule.separator) return null;
  const add = adder(ctx, ctx.catalog.selector(rule.separator, path));
  if (add === null) return null;
  return (plan, finding) => {
    const [i, j] = finding.parts;
    const candidate = add(plan, j, [i, j]);
    return candidate === null ? [] : [candidate];
  };
});

FIXERS.set("requires", (rule, path, ctx) => {
  const add = adder(ctx, ctx.catalog.selector(rule.then, path));
  if (add === null) return null;
  return (plan, finding) => {
    const at = finding.parts[0] + 1;
    const candidate = add(plan, at, [at - 1, at]);
    return candidate === null ? [] : [candidate];
  };
});

FIXERS.set("count", (rule, path, ctx) => {
  const selector = ctx.catalog.selector(rule.of, path);
  const lo = rule.min ?? null;
  const add = adder(ctx, selector);
  if (add === null || lo === null) return null;
  return (plan, finding) => {
    const d = plan.d;
    if (finding.parts.length || selector.indexes(d.types, d.variants).length !== lo - 1) return [];
    let last = -1;
    d.types.forEach((t, i) => { if (selector.types.has(t)) last = i; });
    const at = last >= 0 ? last + 1 : Math.floor(d.types.length / 2);
    const candidate = add(plan, at, [at - 1, at]);
    return candidate === null ? [] : [candidate];
  };
});

/** A toolkit's fixers by rule id, compiled once, and the parts its `locked` rules fix. */
export class Fixers {
  constructor(rules, ctx) {
    this.byRule = new Map();
    this.lockedIds = new Set();
    this.lockedOf = [];
    rules.forEach((rule, n) => {
      const path = `rules[${n}]`;
      if (rule.check === "locked") {
        for (const id of rule.ids || []) this.lockedIds.add(id);
        if (rule.of !== undefined) this.lockedOf.push(ctx.catalog.selector(rule.of, path));
      }
      const compiler = FIXERS.get(rule.check);
      const compiled = compiler ? compiler(rule, path, ctx) : null;
      if (compiled) this.byRule.set(rule.id, compiled);
    });
  }

  frozen(d) {
    const frozen = [];
    d.types.forEach((t, i) => {
      if (this.lockedIds.has(d.ids[i]) || this.lockedOf.some((s) => s.matches(t, d.variants[i]))) frozen.push(i);
    });
    return frozen;
  }
}

/** The design after a fix's edits, in order (a NEW design). */
export function applyFix(toolkit, design, fix) {
  for (const edit of fix.edits) {
    if (edit.op === "set_width") design = setWidth(design, edit.index, edit.width);
    else if (edit.op === "add_part") design = addPart(toolkit, design, edit.type, edit.index);
    else if (edit.op === "set_variant") design = setVariant(toolkit, design, edit.index, edit.axis, edit.value);
    else throw new DesignError("edits", `a quick fix has no edit ${describe(edit.op)}`);
  }
  return design;
}

function countByRule(evaluation) {
  const counts = new Map();
  for (const f of evaluation.findings) counts.set(f.rule, (counts.get(f.rule) || 0) + 1);
  return counts;
}

/** A fix keeps its promise when its rule finds less than before and no rule finds more. */
export function keepsPromise(before, after, target) {
  const was = countByRule(before);
  const now = countByRule(after);
  if (!((now.get(target.rule) || 0) < (was.get(target.rule) || 0))) return false;
  for (const [rule, count] of now) if (count > (was.get(rule) || 0)) return false;
  return true;
}

/** The fixes offered for each finding of `evaluation` (the design's), in finding order. */
export function quickFixes(toolkit, design, evaluation) {
  const [current] = toolkit.migrate(design);
  const d = toolkit.read(current);
  const fixers = toolkit.fixers;
  const plan = new Plan(d, fixers.frozen(d));
  return evaluation.findings.map((finding) => {
    const fix = fixers.byRule.get(finding.rule);
    const fixes = [];
    for (const [label, edits] of fix ? fix(plan, finding) : []) {
      const candidate = { label, edits };
      const after = toolkit.evaluate(applyFix(toolkit, current, candidate));
      if (keepsPromise(evaluation, after, finding)) fixes.push(candidate);
    }
    return fixes;
  });
}
