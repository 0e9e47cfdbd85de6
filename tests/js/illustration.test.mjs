// The illustrated street in the editor (cocreate/static/cocreate/editor/illustration.js): the
// shared symbol vectors (tests/conformance/drawing/illustrations.json, run by
// tests/design/test_illustration.py for the server too) and label contrast on every part colour.

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import {
  figures,
  labelInk,
  shapes,
  TALLEST_MM,
  transform,
} from "../../cocreate/static/cocreate/editor/illustration.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const VECTORS = readJson(join(ROOT, "tests", "conformance", "drawing", "illustrations.json"));
const TOOLKITS = join(ROOT, "cocreate", "toolkits");

describe("illustrations.json vectors", () => {
  for (const c of VECTORS.cases) {
    test(c.name, () => {
      const got = figures(c.type, c.variant, c.box, c.per_mm).map((f) => ({ ...f, transform: transform(f) }));
      assert.deepEqual(got, c.figures);
    });
  }
});

test("the editor's default unit is the millimetre: a car is 1.8 m wide", () => {
  const [car] = figures("drive-lane", { direction: "outbound" }, { x: 0, y: 0, width: 3000, height: 3400 });
  assert.equal(car.scale, 1);
  assert.equal(car.x, 600);
  assert.equal(TALLEST_MM, 3400);
});

test("a vehicle seen from the rear shows tail lights, not headlights", () => {
  const fills = (face) => shapes("bus", face).map(([, a]) => a.fill);
  assert.ok(fills("front").includes("#fff6c2") && !fills("rear").includes("#fff6c2"));
  assert.ok(fills("rear").includes("#b71c1c") && !fills("front").includes("#b71c1c"));
  assert.ok(shapes("bus", "rear").every(([, a]) => !("face" in a)));
});

/** WCAG 2.2 relative luminance, computed here independently of the module under test. */
function luminance(hex) {
  const linear = (byte) => {
    const c = byte / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = [1, 3, 5].map((i) => linear(Number.parseInt(hex.slice(i, i + 2), 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function ratio(a, b) {
  const [high, low] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (high + 0.05) / (low + 0.05);
}

test("labels have at least 4.5:1 contrast on every part colour of every toolkit", () => {
  const colours = new Set();
  for (const name of readdirSync(TOOLKITS).filter((n) => n.endsWith(".json"))) {
    for (const part of Object.values(readJson(join(TOOLKITS, name)).parts ?? {})) {
      if (part.color) colours.add(part.color);
    }
  }
  assert.ok(colours.size >= 24);
  for (const colour of colours) {
    const ink = labelInk(colour);
    assert.ok(ratio(ink, colour) >= 4.5, `${ink} on ${colour}: ${ratio(ink, colour).toFixed(2)}`);
  }
  assert.equal(labelInk("#4a5260"), "#ffffff");
  assert.equal(labelInk("#d8d0c0"), "#111111");
});
