// Quick fixes in the browser (design/fixes.js and the editor's `applyFix` action): every fix
// offered on many generated designs removes its finding, adds none and keeps locked parts; a
// fix is one step of undo. The shared vectors (tests/conformance/fixes.json, run by
// engine.test.mjs) hold both engines to the same fixes.

import assert from "node:assert/strict";
import { test } from "node:test";

import { applyFix, quickFixes } from "../../cocreate/static/cocreate/design/index.js";
import { documents, registry } from "./bundled.mjs";
import { Store, initialState, sectionContext } from "../../cocreate/static/cocreate/editor/state.js";

const road = registry.get("dominion-road");
const street = registry.get("street-section");
const TRACKS = road.baseline.parts.filter((part) => part.id?.endsWith("track"));

/** A small seeded generator (mulberry32): the same designs on every run. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Like the Python property test: parts of any type near their default widths, bike lanes and
 * drive lanes often, Dominion Road's locked tracks mostly kept. */
function generated(next) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const toolkit = pick([road, street]);
  const parts = [];
  const count = 1 + Math.floor(next() * 9);
  for (let k = 0; k < count; k++) {
    const entry = toolkit.catalog.get(pick([...toolkit.catalog.keys(), ...Array(4).fill(["bike-lane", "drive-lane", "divider"]).flat()]));
    const part = { type: entry.type, width: Math.max(100, entry.defaultWidthMm + 100 * (Math.floor(next() * 17) - 8)) / 1000 };
    for (const [axis, values] of Object.entries(entry.variants)) {
      if (next() < 0.5) part.variant = { ...part.variant, [axis]: pick(values) };
    }
    parts.push(part);
  }
  for (const track of toolkit === road ? TRACKS : []) {
    if (next() < 0.8) parts.splice(Math.floor(next() * (parts.length + 1)), 0, { ...track }); // now and then one is missing
  }
  return [toolkit, { toolkit: toolkit.id, length: toolkit.lengthMm / 1000, parts }];
}

const byRule = (evaluation, severity = null) => {
  const counts = new Map();
  for (const f of evaluation.findings) if (!severity || f.severity === severity) counts.set(f.rule, (counts.get(f.rule) || 0) + 1);
  return counts;
};

test("every fix offered removes its finding, adds none and keeps the locked tracks", () => {
  const next = random(12);
  let offered = 0;
  for (let n = 0; n < 400; n++) {
    const [toolkit, design] = generated(next);
    const frozen = structuredClone(design);
    const before = toolkit.evaluate(design);
    const fixes = quickFixes(toolkit, design, before);
    assert.equal(fixes.length, before.findings.length);
    fixes.forEach((list, k) => {
      const target = before.findings[k];
      for (const fix of list) {
        offered += 1;
        const fixed = applyFix(toolkit, design, fix);
        const after = toolkit.evaluate(fixed);
        const [was, now] = [byRule(before), byRule(after)];
        assert.ok((now.get(target.rule) || 0) < was.get(target.rule), fix.label);
        for (const [rule, count] of now) assert.ok(count <= (was.get(rule) || 0), `${fix.label}: ${rule}`);
        const tracks = (d) => d.parts.filter((p) => p.id).map((p) => [p.id, p.type, p.width]);
        assert.deepEqual(tracks(fixed), tracks(design));
      }
    });
    assert.deepEqual(design, frozen, "the design was changed in place");
  }
  assert.ok(offered > 100, `only ${offered} fixes were offered: the generator misses the fixers`);
});

test("applyFix is one step of undo, and undo restores the design before the fix", () => {
  const context = sectionContext(road, documents["dominion-road.json"]);
  const design = road.baseline; // bike lanes touch the drive lanes on both sides
  const store = new Store(context, initialState(context, { design }));
  const [fix] = quickFixes(road, design, store.state.evaluation)[0];
  assert.equal(fix.label, "Add a 0.50 m divider, taking 0.50 m from the left sidewalk and the left drive lane");
  assert.equal(store.dispatch({ type: "begin" }), null); // an open gesture is closed first
  assert.equal(store.dispatch({ type: "applyFix", fix, select: 2 }), null);
  const { state } = store;
  assert.deepEqual(state.design.parts.map((p) => p.type).slice(0, 4), ["sidewalk", "bike-lane", "divider", "drive-lane"]);
  assert.deepEqual([state.design.parts[0].width, state.design.parts[3].width], [1.9, 2.4]);
  assert.equal(state.selected, 2);
  assert.equal(state.evaluation.findings.length, 1);
  assert.equal(state.past.length, 1);
  store.dispatch({ type: "undo" });
  assert.deepEqual(store.state.design, design);
});

test("applyFix refuses a fix that would change a locked part", () => {
  const context = sectionContext(road, documents["dominion-road.json"]);
  const state = initialState(context, { design: road.baseline });
  const store = new Store(context, state);
  const fix = { label: "Take 0.20 m from the inbound track", edits: [{ op: "set_width", index: 3, width: 2.8 }] };
  assert.equal(store.dispatch({ type: "applyFix", fix }), null);
  assert.equal(store.state, state);
});

test("an unknown edit is a DesignError", () => {
  const fix = { label: "?", edits: [{ op: "remove_all", index: 0 }] };
  assert.throws(() => applyFix(road, road.baseline, fix), (error) => error.message === 'edits: a quick fix has no edit "remove_all"');
});
