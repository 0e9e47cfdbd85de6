// The configured cargo bike's drawing in the browser (design/configurator/drawing.js): it follows
// the choices and parameters and names the bike. That it equals the server's drawing shape for
// shape is tested from Python (tests/design/configurator/test_drawing.py runs this module).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { drawingFor, num, scene } from "../../cocreate/static/cocreate/design/configurator/drawing.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bike = JSON.parse(readFileSync(join(ROOT, "cocreate", "toolkits", "cargo-bike.json"), "utf8"));
const draw = (choices = {}, parameters = {}) => scene(drawingFor("cargo-bike"), bike,
  { ...bike.baseline.choices, ...choices }, { ...bike.baseline.parameters, ...parameters });
const keys = (drawn) => drawn.shapes.map((shape) => shape.key);

test("the drawing follows the choices", () => {
  const baseline = draw();
  assert.ok(keys(baseline).includes("frame-long-0") && keys(baseline).includes("rack-0"));
  const trike = draw({ frame: "trike", cargo: "open-box" });
  assert.ok(keys(trike).includes("far-wheel-0") && keys(trike).includes("box-0"));
  assert.ok(!keys(trike).includes("frame-long-0") && !keys(trike).includes("rack-0"));
  const frame = (drawn) => drawn.shapes.find((shape) => shape.key.startsWith("frame-")).attrs.stroke;
  assert.equal(frame(baseline), bike.options.frame.values["long-tail"].color);
  assert.equal(frame(trike), bike.options.frame.values.trike.color);
  const wheel = (drawn) => drawn.shapes.find((shape) => shape.key === "front-wheel-0").attrs.r;
  assert.deepEqual([wheel(baseline), wheel(draw({ wheels: "26-inch" }))], ["30", "39"]);
});

test("parameters repeat shapes: a child per seat, a battery per 750 Wh, none while typing", () => {
  const count = (drawn, layer) => keys(drawn).filter((key) => key.startsWith(`${layer}-0-`)).length;
  assert.equal(count(draw({}, { child_seats: 3 }), "children"), 3);
  assert.equal(count(draw({}, { child_seats: 0 }), "children"), 0);
  assert.deepEqual([750, 751, 0].map((wh) => count(draw({}, { battery_wh: wh }), "battery")), [1, 2, 0]);
  assert.equal(count(draw({}, { battery_wh: "5e" }), "battery"), 0); // the form holds no number yet
});

test("the drawing is named after the bike", () => {
  assert.equal(draw({ motor: "none" }, { battery_wh: 0 }).label,
    "Co-op cargo bike: Frame Long-tail, Cargo space Rack and side bags, Motor No motor, Front wheel 20 inch, "
    + "Brakes Hydraulic disc brakes, Gears 5-speed hub gear, Lights Lights on the main battery, Battery 0 Wh, "
    + "Child seats 2 seats.");
  assert.equal(draw({}, { battery_wh: "lots" }).label.includes("Battery lots Wh"), true);
  const sorted = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.length - b.length || a.localeCompare(b)));
  const asStored = scene(drawingFor("cargo-bike"), bike, sorted(bike.baseline.choices), sorted(bike.baseline.parameters));
  assert.equal(asStored.label, draw().label); // PostgreSQL's jsonb sorts the keys: the toolkit's order wins
  assert.deepEqual([num(0.125), num(2), num(-1.005), num(62.5)], ["0.13", "2", "-1", "62.5"]);
});
