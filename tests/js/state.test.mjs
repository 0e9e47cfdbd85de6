// The editor's state (cocreate/static/cocreate/editor/state.js): every action on the Dominion Road
// toolkit (a section with locked tracks) and the cargo bike (a configurator), the error paths,
// undo and redo, gestures, and that no state, design or history is ever changed in place.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { DesignError, edits } from "../../cocreate/static/cocreate/design/index.js";
import { documents, registry } from "./bundled.mjs";
import {
  HISTORY_LIMIT,
  MIN_WIDTH_MM,
  Store,
  canRedo,
  canUndo,
  configuratorContext,
  initialState,
  insertionIndex,
  isLocked,
  lockedIds,
  reduce,
  sectionContext,
  widthMm,
} from "../../cocreate/static/cocreate/editor/state.js";

const road = registry.get("dominion-road");
const ROAD = documents["dominion-road.json"];
const section = sectionContext(road, ROAD);
const bike = registry.get("cargo-bike");
const BIKE = documents["cargo-bike.json"];
const configurator = configuratorContext(bike);

// The Dominion Road baseline: 0 footpath-west, 1 cycle-west, 2 traffic-west, 3 inbound-track
// (locked), 4 platform, 5 outbound-track (locked), 6 traffic-east, 7 cycle-east, 8 footpath-east.
const TRACK = 3;

/** Freeze `value` and everything in it: a change in place then throws (modules are strict). */
function deepFreeze(value) {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function start(context = section, design = ROAD.baseline) {
  return deepFreeze(initialState(context, { design: deepFreeze(structuredClone(design)) }));
}

/** Apply `actions` in turn, checking that no state on the way is changed in place. */
function run(state, ...actions) {
  for (const action of actions) {
    const before = structuredClone(state);
    const next = reduce(section, deepFreeze(state), action);
    assert.deepEqual(state, before, `${action.type} changed its input state`);
    state = deepFreeze(next);
  }
  return state;
}

const types = (state) => state.design.parts.map((part) => part.type);
const ids = (state) => state.design.parts.map((part) => part.id ?? part.type);

describe("initial state", () => {
  test("the design judged at once, nothing selected, no history", () => {
    const state = start();
    assert.deepEqual(state.evaluation, road.evaluate(ROAD.baseline));
    assert.equal(state.selected, null);
    assert.equal(state.units, "metric");
    assert.deepEqual([state.past, state.future, state.gesture, state.revision], [[], [], null, 0]);
    assert.ok(!canUndo(state) && !canRedo(state));
  });

  test("locked ids come from the toolkit's locked rules", () => {
    assert.deepEqual(lockedIds(ROAD), new Set(["inbound-track", "outbound-track"]));
    assert.deepEqual(lockedIds({ rules: [{ check: "fit" }] }), new Set());
    assert.deepEqual(lockedIds({}), new Set());
    const state = start();
    assert.deepEqual([0, 1, 2, 3, 4, 5, 99].map((i) => isLocked(section, state, i)), [false, false, false, true, false, true, false]);
  });

  test("widths in millimetres; parts from the palette go after the selection", () => {
    const state = start();
    assert.equal(widthMm(state, TRACK), 3000);
    assert.equal(insertionIndex(state), 9);
    assert.equal(insertionIndex(run(state, { type: "select", index: 1 })), 2);
  });
});

describe("edits", () => {
  test("addPart: where asked, selected, one step of undo", () => {
    const state = start();
    const next = run(state, { type: "addPart", partType: "parklet", index: 1 });
    assert.deepEqual(next.design, edits.addPart(road, state.design, "parklet", 1));
    assert.equal(next.selected, 1);
    assert.deepEqual(next.evaluation, road.evaluate(next.design));
    assert.deepEqual(next.past, [state.design]);
    assert.equal(next.revision, 1);
    assert.ok(canUndo(next));
  });

  test("addPart with no index: at the end, and the new last part selected", () => {
    const next = run(start(), { type: "addPart", partType: "parklet" });
    assert.equal(types(next).at(-1), "parklet");
    assert.equal(next.selected, 9);
  });

  test("removePart: the part at the same place is selected next, or the new last one", () => {
    let state = run(start(), { type: "removePart", index: 1 });
    assert.deepEqual(ids(state).slice(0, 3), ["footpath-west", "traffic-west", "inbound-track"]);
    assert.equal(state.selected, 1);
    state = run(state, { type: "removePart", index: 7 });
    assert.equal(state.selected, 6);
    assert.equal(state.past.length, 2);
  });

  test("removing the only part leaves nothing selected", () => {
    const state = run(start(section, { ...ROAD.baseline, parts: [ROAD.baseline.parts[0]] }), { type: "removePart", index: 0 });
    assert.deepEqual(state.design.parts, []);
    assert.equal(state.selected, null);
    assert.equal(insertionIndex(state), 0);
  });

  test("movePart: the moved part stays selected", () => {
    const state = run(start(), { type: "movePart", index: 0, to: 2 });
    assert.deepEqual(ids(state).slice(0, 3), ["cycle-west", "traffic-west", "footpath-west"]);
    assert.equal(state.selected, 2);
  });

  test("setWidth: in millimetres, never under the minimum", () => {
    let state = run(start(), { type: "setWidth", index: 0, widthMm: 2500 });
    assert.equal(state.design.parts[0].width, 2.5);
    state = run(state, { type: "setWidth", index: 0, widthMm: -400 });
    assert.equal(widthMm(state, 0), MIN_WIDTH_MM);
    assert.equal(state.past.length, 2);
  });

  test("setType: the width and id stay, the variant is the new type's default", () => {
    const state = run(start(), { type: "setType", index: 2, partType: "bus-lane" });
    assert.deepEqual(state.design.parts[2], edits.setType(road, ROAD.baseline, 2, "bus-lane").parts[2]);
    assert.equal(state.design.parts[2].id, "traffic-west");
    assert.equal(state.design.parts[2].width, 2.7);
  });

  test("setVariant: one axis of a part", () => {
    const state = run(start(), { type: "setVariant", index: 2, axis: "direction", value: "outbound" });
    assert.equal(state.design.parts[2].variant.direction, "outbound");
    assert.equal(state.past.length, 1);
  });

  test("replace: a whole design (an import, a restored draft); the selection goes", () => {
    const restored = deepFreeze({ ...ROAD.baseline, parts: ROAD.baseline.parts.slice(0, 4) });
    const state = run(start(), { type: "select", index: 8 }, { type: "replace", design: restored });
    assert.equal(state.design, restored);
    assert.equal(state.selected, null);
    assert.deepEqual(state.evaluation, road.evaluate(restored));
    assert.deepEqual(state.past, [ROAD.baseline]);
  });

  test("what changes nothing returns the very same state", () => {
    const state = run(start(), { type: "select", index: 4 });
    const unchanged = [
      { type: "removePart", index: TRACK },
      { type: "movePart", index: TRACK, to: 0 },
      { type: "movePart", index: 1, to: 1 },
      { type: "movePart", index: 0, to: -1 },
      { type: "movePart", index: 8, to: 9 },
      { type: "setWidth", index: TRACK, widthMm: 4000 },
      { type: "setWidth", index: 0, widthMm: 2100 },
      { type: "setType", index: TRACK, partType: "bus-lane" },
      { type: "setVariant", index: TRACK, axis: "direction", value: "outbound" },
      { type: "select", index: 4 },
      { type: "setUnits", units: "metric" },
      { type: "end" },
      { type: "undo" },
      { type: "redo" },
    ];
    for (const action of unchanged) assert.equal(run(state, action), state, JSON.stringify(action));
  });
});

describe("an invalid edit leaves the state unchanged and reports the error", () => {
  const invalid = [
    [{ type: "addPart", partType: "hovercraft", index: 0 }, "type"],
    [{ type: "addPart", partType: "parklet", index: 12 }, "parts[12]"],
    [{ type: "removePart", index: 9 }, "parts[9]"],
    [{ type: "movePart", index: 20, to: 0 }, "parts[20]"],
    [{ type: "setWidth", index: 0, widthMm: 2_000_000 }, "parts[0].width"],
    [{ type: "setWidth", index: 0, widthMm: Number.NaN }, "parts[0].width"],
    [{ type: "setWidth", index: 9, widthMm: 2000 }, "parts[9]"],
    [{ type: "setType", index: 0, partType: "hovercraft" }, "type"],
    [{ type: "setVariant", index: 2, axis: "colour", value: "red" }, "parts[2].variant"],
    [{ type: "setVariant", index: 2, axis: "direction", value: "sideways" }, "parts[2].variant.direction"],
    [{ type: "replace", design: { ...ROAD.baseline, parts: [{ type: "sidewalk", width: "wide" }] } }, "parts[0].width"],
  ];
  for (const [action, path] of invalid) {
    test(`${action.type} → ${path}`, () => {
      const state = run(start(), { type: "select", index: 2 });
      assert.throws(() => reduce(section, state, action), (error) => error instanceof DesignError && error.path === path);
      const store = new Store(section, state);
      const error = store.dispatch(action);
      assert.ok(error instanceof DesignError);
      assert.equal(error.path, path);
      assert.ok(error.message.startsWith(`${path}: `), error.message);
      assert.equal(store.state, state);
    });
  }

  test("a valid dispatch reports no error and moves the store on", () => {
    const store = new Store(section, start());
    assert.equal(store.dispatch({ type: "setWidth", index: 0, widthMm: 2500 }), null);
    assert.equal(store.state.design.parts[0].width, 2.5);
  });

  test("a programming error is not taken for a refused edit", () => {
    const store = new Store(section, start());
    assert.throws(() => store.dispatch({ type: "paint" }), /unknown editor action "paint"/);
    assert.throws(() => reduce(section, start(), { type: "setWidth", widthMm: 2000 }), TypeError);
  });
});

describe("selection and units", () => {
  test("select clamps to the parts there are; null clears it", () => {
    const state = start();
    assert.equal(run(state, { type: "select", index: 4 }).selected, 4);
    assert.equal(run(state, { type: "select", index: -3 }).selected, 0);
    assert.equal(run(state, { type: "select", index: 42 }).selected, 8);
    assert.equal(run(state, { type: "select", index: 4 }, { type: "select", index: null }).selected, null);
  });

  test("neither selecting nor units are a change to keep", () => {
    const state = run(start(), { type: "select", index: 4 }, { type: "setUnits", units: "imperial" });
    assert.equal(state.units, "imperial");
    assert.deepEqual([state.past, state.revision], [[], 0]);
    assert.deepEqual(state.design, ROAD.baseline);
  });
});

describe("undo and redo", () => {
  test("undo goes back step by step, redo forward, a new edit forgets what was undone", () => {
    const s0 = start();
    const s1 = run(s0, { type: "setWidth", index: 0, widthMm: 2500 });
    const s2 = run(s1, { type: "removePart", index: 1 });
    const back = run(s2, { type: "undo" });
    assert.equal(back.design, s1.design);
    assert.deepEqual(back.evaluation, road.evaluate(s1.design));
    assert.ok(canUndo(back) && canRedo(back));
    const first = run(back, { type: "undo" });
    assert.equal(first.design, s0.design);
    assert.ok(!canUndo(first) && canRedo(first));
    const again = run(first, { type: "redo" }, { type: "redo" });
    assert.equal(again.design, s2.design);
    assert.ok(!canRedo(again));
    const forked = run(back, { type: "addPart", partType: "parklet", index: 0 });
    assert.deepEqual(forked.future, []);
    assert.deepEqual(forked.past, [s0.design, s1.design]);
    assert.deepEqual([s1, s2, back, first, again].map((s) => s.revision), [1, 2, 3, 4, 6]);
  });

  test("undo keeps the selection on a part that still exists", () => {
    const state = run(start(), { type: "addPart", partType: "parklet", index: 9 }, { type: "undo" });
    assert.equal(state.selected, 8);
  });

  test("at most HISTORY_LIMIT steps are kept", () => {
    let state = start();
    for (let i = 0; i <= HISTORY_LIMIT + 4; i += 1) state = run(state, { type: "setWidth", index: 0, widthMm: 1000 + 100 * i });
    assert.equal(state.past.length, HISTORY_LIMIT);
    assert.equal(widthMm({ design: state.past[0] }, 0), 1000 + 100 * 4);
  });
});

describe("gestures: a drag or typing is one step of undo", () => {
  test("every width on the way is shown; the drag is one step", () => {
    const state = run(
      start(),
      { type: "begin" },
      { type: "setWidth", index: 0, widthMm: 2200 },
      { type: "setWidth", index: 0, widthMm: 2300 },
    );
    assert.deepEqual(state.gesture, ROAD.baseline);
    assert.deepEqual([state.past, state.revision], [[], 0]);
    assert.ok(canUndo(state));
    const ended = run(state, { type: "end" });
    assert.equal(ended.gesture, null);
    assert.deepEqual(ended.past, [ROAD.baseline]);
    assert.equal(ended.revision, 1);
    assert.equal(run(ended, { type: "undo" }).design, ended.past[0]);
  });

  test("a gesture that changed nothing leaves no step", () => {
    const state = run(start(), { type: "begin" }, { type: "begin" }, { type: "end" });
    assert.deepEqual([state.gesture, state.past, state.revision], [null, [], 0]);
    assert.ok(!canUndo(run(start(), { type: "begin" })));
  });

  test("undo in the middle of a gesture ends it, then undoes all of it", () => {
    const state = run(start(), { type: "begin" }, { type: "setWidth", index: 0, widthMm: 2200 }, { type: "undo" });
    assert.equal(state.gesture, null);
    assert.deepEqual(state.design, ROAD.baseline);
    assert.equal(widthMm(run(state, { type: "redo" }), 0), 2200);
  });
});

describe("configurators", () => {
  const bikeStart = () => start(configurator, BIKE.baseline);
  const withBattery = (design, wh) => ({ ...design, parameters: { ...design.parameters, battery_wh: wh } });

  test("typing in a field is one step; undo and redo keep no selection", () => {
    const typed = withBattery(BIKE.baseline, 0);
    const store = new Store(configurator, bikeStart());
    for (const action of [{ type: "begin" }, { type: "replace", design: withBattery(BIKE.baseline, 5) }, { type: "replace", design: typed }, { type: "end" }]) {
      assert.equal(store.dispatch(action), null);
    }
    assert.deepEqual(store.state.past, [BIKE.baseline]);
    assert.deepEqual(store.state.evaluation, bike.evaluate(typed));
    assert.equal(store.dispatch({ type: "undo" }), null);
    assert.deepEqual(store.state.design, BIKE.baseline);
    assert.equal(store.state.selected, null);
  });

  test("a field the engine refuses is kept and judged as one error, so it cannot be submitted", () => {
    const typed = withBattery(BIKE.baseline, "lots");
    const store = new Store(configurator, bikeStart());
    assert.equal(store.dispatch({ type: "replace", design: typed }), null);
    assert.equal(store.state.design, typed);
    assert.equal(store.state.evaluation.valid, false);
    assert.deepEqual(store.state.evaluation.findings.map((f) => [f.check, f.severity]), [["input", "error"]]);
    assert.throws(() => bike.evaluate(typed), DesignError);
    assert.match(store.state.evaluation.findings[0].message, /^parameters\.battery_wh: /);
  });
});
