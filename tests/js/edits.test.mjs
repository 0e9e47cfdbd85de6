// The shared edit vectors (tests/conformance/edits.json, format in its README.md) against the
// browser engine's edit operations (design/section/edits.js, design/configurator/edits.js).
// The Python runner is tests/design/test_edit_vectors.py; both must agree with every vector.

import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { DesignError, edits } from "../../cocreate/static/cocreate/design/index.js";
import { ROOT, readJson, registry } from "./bundled.mjs";

const { cases } = readJson(join(ROOT, "tests", "conformance", "edits.json"));

// op -> how its vector arguments map onto the JS function
const OPS = {
  add_part: (t, d, e) => edits.addPart(t, d, e.type, e.index ?? null),
  remove_part: (t, d, e) => edits.removePart(d, e.index),
  move_part: (t, d, e) => edits.movePart(d, e.index, e.to),
  set_width: (t, d, e) => edits.setWidth(d, e.index, e.width),
  set_variant: (t, d, e) => edits.setVariant(t, d, e.index, e.axis, e.value),
  set_type: (t, d, e) => edits.setType(t, d, e.index, e.type),
  set_choice: (t, d, e) => edits.setChoice(t, d, e.option, e.value),
  set_parameter: (t, d, e) => edits.setParameter(t, d, e.name, e.value),
};

test("edit vectors: every op, with and without errors", () => {
  assert.deepEqual(new Set(cases.map((c) => c.edit.op)), new Set(Object.keys(OPS)));
  assert.deepEqual(new Set(cases.filter((c) => c.error).map((c) => c.edit.op)), new Set(Object.keys(OPS)));
});

describe("edits.json", () => {
  for (const c of cases) {
    test(c.name, () => {
      const toolkit = registry.get(c.toolkit);
      const design = structuredClone(c.design);
      const apply = () => OPS[c.edit.op](toolkit, design, c.edit);
      if (c.error) {
        assert.throws(apply, (error) => {
          assert.ok(error instanceof DesignError, String(error));
          assert.deepEqual({ path: error.path, message: error.message }, c.error);
          return true;
        });
      } else {
        assert.deepEqual(apply(), c.edited);
      }
      assert.deepEqual(design, c.design); // the input is never changed
    });
  }
});
