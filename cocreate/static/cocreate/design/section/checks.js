// section/checks.js: the rule checks of section toolkits, each compiled once into a closure.
// Python twin: cocreate/design/section/checks.py.

import { optionalMm } from "../catalog.js";
import { DesignError, hasOwn, join, pyRepr } from "../errors.js";
import { Emitter } from "../messages.js";
import { compileMetricRule } from "../metric_rule.js";
import { VariantLookup } from "../model.js";
import { checkBounds, Checks, opt } from "../rules.js";
import { formatM, formatShare, toMm } from "../units.js";

export function partLabel(d, i) {
  const entry = d.partTypes[i];
  return entry !== null ? entry.label : d.types[i];
}

export const SIDES = { left: "on the left", right: "on the right", middle: "in the middle" };

const isCapital = (c) => c >= "A" && c <= "Z" && c.length === 1;

/** A label inside a sentence: "Bike lane" -> "bike lane"; an acronym ("BRT lane") stays. ASCII
 * only, so both engines agree on every label. */
export function inSentence(label) {
  return isCapital(label.slice(0, 1)) && !isCapital(label.slice(1, 2)) ? label[0].toLowerCase() + label.slice(1) : label;
}

/** The placeholders that point at part `i`: `part` (its label), `name` (the label inside a
 * sentence) and `side` ("on the left", "on the right", "in the middle"). */
export function where(d, i) {
  const label = partLabel(d, i);
  return { part: label, name: inSentence(label), side: SIDES[d.side(i)] };
}

/** The checks of kind section, added in the order of the format's table. */
export const CHECKS = new Checks("section");

CHECKS.add("fit", (rule, path) => {
  const emit = new Emitter(rule, path, {
    over: "The parts add up to {total}: {difference} more than the {length} available.",
    room: "The parts add up to {total}: {difference} less than the {length} available.",
  });
  const over = hasOwn(rule, "over") ? rule.over : true;
  const room = hasOwn(rule, "room") ? rule.room : true;
  return (d, metrics, out) => {
    const total = d.totalMm;
    const length = d.lengthMm;
    if (total === length || (total > length && !over) || (total < length && !room)) return;
    const values = {
      total: formatM(total),
      length: formatM(length),
      difference: formatM(Math.abs(total - length)),
    };
    if (total < length) {
      out.push(emit.finding("room", [], values));
      return;
    }
    const widths = d.widths;
    let end = 0;
    let first = 0;
    for (; first < widths.length; first++) {
      end += widths[first];
      if (end > length) break;
    }
    const parts = [];
    for (let i = first; i < widths.length; i++) parts.push(i);
    out.push(emit.finding("over", parts, values));
  };
});

/** A width rule's bounds per part: the catalog's (by type, or by variant when it has overrides)
 * and the rule's own `limits`, compiled once; the check and its quick fix share them. */
export class WidthLimits {
  constructor(rule, path, ctx) {
    this.fixed = new Map();
    this.byVariant = new Map();
    if (hasOwn(rule, "catalog") ? rule.catalog : true) {
      for (const [tid, entry] of ctx.catalog.parts) {
        if (entry.hasWidthOverrides) {
          this.byVariant.set(tid, new VariantLookup(entry, (v) => entry.widthLimits(v)));
        } else if (entry.minWidthMm !== null || entry.maxWidthMm !== null) {
          this.fixed.set(tid, [entry.minWidthMm, entry.maxWidthMm]);
        }
      }
    }
    this.limits = (rule.limits || []).map((limit, n) => {
      const where = join(join(path, "limits"), n);
      const lo = optionalMm(limit.min);
      const hi = optionalMm(limit.max);
      checkBounds(where, lo, hi);
      return [ctx.catalog.selector(limit.of, join(where, "of")), lo, hi];
    });
  }

  catalogBounds(type, variant) {
    const bounds = this.fixed.get(type);
    if (bounds !== undefined) return bounds;
    const lookup = this.byVariant.get(type);
    return lookup === undefined ? undefined : lookup.get(variant);
  }

  /** The tightest [min, max] of every bound that applies to a part. */
  bounds(type, variant) {
    const found = [this.catalogBounds(type, variant)];
    for (const [selector, lo, hi] of this.limits) if (selector.matches(type, variant)) found.push([lo, hi]);
    const los = found.filter((b) => b !== undefined && b[0] !== null).map((b) => b[0]);
    const his = found.filter((b) => b !== undefined && b[1] !== null).map((b) => b[1]);
    return [los.length ? Math.max(...los) : null, his.length ? Math.min(...his) : null];
  }
}

CHECKS.add("width", (rule, path, ctx) => {
  const emit = new Emitter(rule, path, {
    min: "The {name} {side} is {difference} narrower than its {min} minimum.",
    max: "The {name} {side} is {difference} wider than its {max} maximum.",
  });
  const limits = new WidthLimits(rule, path, ctx);
  const own = limits.limits;

  function judge(d, i, lo, hi, out) {
    const width = d.widths[i];
    let kind;
    let bound;
    if (lo !== null && width < lo) {
      kind = "min";
      bound = lo;
    } else if (hi !== null && width > hi) {
      kind = "max";
      bound = hi;
    } else {
      return;
    }
    const values = { ...where(d, i), width: formatM(width) };
    values[kind] = formatM(bound);
    values.difference = formatM(Math.abs(width - bound));
    out.push(emit.finding(kind, [i], values));
  }

  return (d, metrics, out) => {
    const { types, variants, widths } = d;
    for (let i = 0; i < types.length; i++) {
      const t = types[i];
      const bounds = limits.catalogBounds(t, variants[i]);
      if (bounds !== undefined) {
        const [lo, hi] = bounds;
        if ((lo !== null && widths[i] < lo) || (hi !== null && widths[i] > hi)) judge(d, i, lo, hi, out);
      }
      for (let k = 0; k < own.length; k++) {
        const [selector, lo, hi] = own[k];
        if (selector.matches(t, variants[i])) judge(d, i, lo, hi, out);
      }
    }
  };
});

CHECKS.add("count", (rule, path, ctx) => {
  const emit = new Emitter(rule, path, {
    min: "{selector}: {count} in the design; at least {min}.",
    max: "{selector}: {count} in the design; at most {max}.",
  });
  const selector = ctx.catalog.selector(rule.of, join(path, "of"));
  const lo = opt(rule.min);
  const hi = opt(rule.max);
  checkBounds(path, lo, hi);
  return (d, metrics, out) => {
    const found = selector.indexes(d.types, d.variants);
    const count = found.length;
    if (lo !== null && count < lo) {
      out.push(emit.finding("min", [], { selector: selector.label, count: String(count), min: pyRepr(lo) }));
    } else if (hi !== null && count > hi) {
      out.push(emit.finding("max", found, { selector: selector.label, count: String(count), max: pyRepr(hi) }));
    }
  };
});

CHECKS.add("edge", (rule, path, ctx) => {
  const emit = new Emitter(rule, path, {
    left: "{selector} must stand at the left edge; {part} stands there.",
    right: "{selector} must stand at the right edge; {part} stands there.",
  });
  const ends = [];
  for (const key of ["left", "both", "right"]) {
    if (hasOwn(rule, key)) {
      const selector = ctx.catalog.selector(rule[key], join(path, key));
      for (const side of key === "both" ? ["left", "right"] : [key]) ends.push([side, selector]);
    }
  }
  ends.sort((a, b) => (a[0] === "right") - (b[0] === "right")); // stable: left edge first
  return (d, metrics, out) => {
    const n = d.types.length;
    for (const [side, selector] of ends) {
      if (n === 0) {
        out.push(emit.finding(side, [], { selector: selector.label, part: "nothing" }));
        continue;
      }
      const i = side === "left" ? 0 : n - 1;
      if (!selector.matches(d.types[i], d.variants[i])) {
        out.push(emit.finding(side, [i], { selector: selector.label, part: partLabel(d, i) }));
      }
    }
  };
});

CHECKS.add("adjacent", (rule, path, ctx) => {
  const separator = rule.separator;
  const sepLabel = separator ? ctx.catalog.selector(separator, join(path, "separator")).label : "";
  const fallback = `The {a_name} {side} touches the {b_name}${separator ? " with no {separator_name} between." : "."}`;
  const emit = new Emitter(rule, path, { touch: fallback });
  const a = ctx.catalog.selector(rule.a, join(path, "a"));
  const b = ctx.catalog.selector(rule.b, join(path, "b"));
  return (d, metrics, out) => {
    const { types, variants } = d;
    const inA = a.mask(types, variants);
    const inB = b.mask(types, variants);
    for (let i = 0; i < types.length - 1; i++) {
      if ((inA[i] && inB[i + 1]) || (inB[i] && inA[i + 1])) {
        // the part of selector `a` leads the sentence: "The bike lane on the right touches the
        // drive lane", whichever side of it the drive lane is
        const [first, second] = inA[i] && inB[i + 1] ? [i, i + 1] : [i + 1, i];
        const lead = where(d, first);
        const values = {
          a: partLabel(d, i),
          b: partLabel(d, i + 1),
          a_name: lead.name,
          b_name: inSentence(partLabel(d, second)),
          side: lead.side,
          separator: sepLabel,
          separator_name: inSentence(sepLabel),
        };
        out.push(emit.finding("touch", [i, i + 1], values));
      }
    }
  };
});

CHECKS.add("share", (rule, path, ctx) => {
  const emit = new Emitter(rule, path, {
    min: "{selector}: {share} of the {length}; at least {min}.",
    max: "{selector}: {share} of the {length}; at most {max}.",
  });
  const selector = ctx.catalog.selector(rule.of, join(path, "of"));
  const lo = opt(rule.min);
  const hi = opt(rule.max);
  checkBounds(path, lo, hi);
  return (d, metrics, out) => {
    const found = selector.indexes(d.types, d.variants);
    let taken = 0;
    for (let k = 0; k < found.length; k++) taken += d.widths[found[k]];
    const length = d.lengthMm;
    let kind;
    let bound;
    let parts;
    if (lo !== null && taken < lo * length) {
      [kind, bound, parts] = ["min", lo, []];
    } else if (hi !== null && taken > hi * length) {
      [kind, bound, parts] = ["max", hi, found];
    } else {
      return;
    }
    const values = {
      selector: selector.label,
      share: formatShare(taken / length),
      length: formatM(length),
      width: formatM(taken),
    };
    values[kind] = formatShare(bound);
    out.push(emit.finding(kind, parts, values));
  };
});

CHECKS.add("requires", (rule, path, ctx) => {
  const emit = new Emitter(rule, path, { missing: "{if} needs {then} somewhere in the design." });
  const when = ctx.catalog.selector(rule.if, join(path, "if"));
  const then = ctx.catalog.selector(rule.then, join(path, "then"));
  const values = { if: when.label, then: then.label };
  return (d, metrics, out) => {
    const found = when.indexes(d.types, d.variants);
    if (found.length && then.indexes(d.types, d.variants).length === 0) {
      out.push(emit.finding("missing", found, values));
    }
  };
});

CHECKS.add("metric", (rule, path, ctx) => {
  return compileMetricRule(rule, path, ctx.catalog.metrics);
});

export function freeMatch(d, t, width, tolerance, taken) {
  const types = d.types;
  for (let i = 0; i < types.length; i++) {
    if (types[i] === t && !taken.has(i) && Math.abs(d.widths[i] - width) <= tolerance) return i;
  }
  return null;
}

CHECKS.add("locked", (rule, path, ctx) => {
  const emit = new Emitter(rule, path, {
    removed: "{part} is fixed by the organization and was removed.",
    changed: "The {name} {side} is fixed as {expected}; it is now {actual}.",
  });
  const base = ctx.baseline;
  if (base === null) {
    throw new DesignError(path, "a locked rule needs the toolkit's baseline, and there is none");
  }
  const tolerance = toMm(hasOwn(rule, "tolerance") ? rule.tolerance : 0);
  const chosen = new Set();
  (rule.ids || []).forEach((pid, n) => {
    const index = base.indexOf(pid);
    if (index === null) throw new DesignError(join(join(path, "ids"), n), `no baseline part has id "${pid}"`);
    chosen.add(index);
  });
  if (hasOwn(rule, "of")) {
    for (const i of ctx.catalog.selector(rule.of, join(path, "of")).indexes(base.types, base.variants)) {
      chosen.add(i);
    }
  }
  const locked = [...chosen].sort((x, y) => x - y).map((i) => {
    const pid = base.ids[i];
    const name = pid ? `${partLabel(base, i)} (${pid})` : partLabel(base, i);
    return [pid, base.types[i], base.widths[i], name];
  });
  const byId = locked.filter((entry) => entry[0]).map((entry) => entry[0]);
  return (d, metrics, out) => {
    const found = [];
    const taken = new Set();
    // Parts found by id are theirs first: a locked part without id needs a distinct part.
    for (let k = 0; k < byId.length; k++) {
      const i = d.indexOf(byId[k]);
      if (i !== null) taken.add(i);
    }
    for (const [pid, t, width, name] of locked) {
      const i = pid ? d.indexOf(pid) : freeMatch(d, t, width, tolerance, taken);
      if (i === null) {
        found.push(emit.finding("removed", [], { part: name }));
        continue;
      }
      taken.add(i);
      if (d.types[i] !== t || Math.abs(d.widths[i] - width) > tolerance) {
        const values = {
          part: name,
          name: inSentence(name),
          side: SIDES[d.side(i)],
          expected: `${ctx.catalog.label(t)}, ${formatM(width)}`,
          actual: `${partLabel(d, i)}, ${formatM(d.widths[i])}`,
        };
        found.push(emit.finding("changed", [i], values));
      }
    }
    const key = (f) => (f.parts.length ? f.parts[0] : -1);
    found.sort((x, y) => key(x) - key(y)); // stable
    for (const f of found) out.push(f);
  };
});

/** Part types and variant values this version does not have: the reader keeps them, so an old
 * design still opens, and this check reports them until they are replaced. */
CHECKS.add("unknown", (rule, path) => {
  const emit = new Emitter(rule, path, {
    type: 'Part {number} {side} is a "{type}", which this toolkit does not have.',
    variant: 'The {name} {side} has {axis} "{value}", which this toolkit does not offer.',
  });
  return (d, metrics, out) => {
    if (d.unknown.length === 0 && d.badVariants.length === 0) return;
    const hits = d.unknown.map((i) => [
      i,
      0,
      emit.finding("type", [i], { ...where(d, i), number: String(i + 1), type: d.types[i] }),
    ]);
    d.badVariants.forEach(([i, axis, value], n) => {
      hits.push([i, n + 1, emit.finding("variant", [i], { ...where(d, i), axis, value })]);
    });
    hits.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (const hit of hits) out.push(hit[2]);
  };
});
