// The editor drawing's layout rules (cocreate/static/cocreate/editor/drawing.js) that need no DOM:
// width figures never overlap, labels are cut to the room they have, accessible names.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { figureRows, fitText, partName, severities } from "../../cocreate/static/cocreate/editor/drawing.js";

describe("figureRows", () => {
  test("figures that fit stay on the first row", () => {
    assert.deepEqual(figureRows([[0, 40], [50, 90], [100, 140]]), [0, 0, 0]);
  });

  test("a figure that would touch its left neighbour drops a row, a third is left out", () => {
    assert.deepEqual(figureRows([[0, 40], [30, 70], [60, 100], [65, 105]]), [0, 1, 0, -1]);
  });

  test("no two figures on a row overlap", () => {
    const spans = Array.from({ length: 40 }, (_, i) => [i * 17, i * 17 + 40]);
    const rows = figureRows(spans);
    for (const row of [0, 1]) {
      const placed = spans.filter((_, i) => rows[i] === row);
      placed.slice(1).forEach(([left], i) => assert.ok(left >= placed[i][1] + 4));
    }
  });
});

describe("fitText", () => {
  test("whole when it fits, cut with an ellipsis when not, nothing when under 3 characters fit", () => {
    assert.equal(fitText("Bike lane", 100, 7), "Bike lane");
    assert.equal(fitText("Transit shelter", 70, 7), "Transit s…");
    assert.equal(fitText("Bike lane", 20, 7), "");
  });
});

describe("partName", () => {
  test("label and width first, then lock and the worst finding", () => {
    assert.equal(partName("Bike lane", 1500, "metric", "error", true), "Bike lane, 1.50 m, locked, breaks a rule");
    assert.equal(partName("Tree", 1000, "imperial", "warning", false), "Tree, 3.28 ft, has a warning");
  });

  test("the worst severity wins for each part", () => {
    const worst = severities({ findings: [
      { severity: "warning", parts: [1, 2] },
      { severity: "error", parts: [2] },
      { severity: "info", parts: [2, 3] },
    ] });
    assert.deepEqual([...worst.entries()].sort(), [[1, "warning"], [2, "error"], [3, "info"]]);
  });
});
