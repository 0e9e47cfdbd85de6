// The shared conformance vectors (tests/conformance/*.json, format in its README.md) against
// engine.js, plus the engine's own helpers. Run from the repository root: `node --test tests/js/`.
//
// The Python runner is tests/design/test_conformance.py; both must agree with every vector.

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import {
  ConfiguratorToolkit,
  DesignError,
  ToolkitRegistry,
  describe as describeValue,
  formatM,
  formatNumber,
  formatShare,
  loadDocuments,
  loadToolkit,
  migrateDesign,
  pyRepr,
  quickFixes,
  toMm,
} from "../../cocreate/static/cocreate/design/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const VECTORS = join(ROOT, "tests", "conformance");
const BUNDLED = join(ROOT, "cocreate", "toolkits");
const CASE_KEYS = new Set([
  "name",
  "note",
  "toolkit",
  "design",
  "expected",
  "parsed",
  "migrated",
  "notices",
  "error",
  "python_xfail",
  "fixes",
]);
const FILE_KEYS = new Set(["description", "toolkits", "cases"]);

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** The bundled raw documents by file name (cocreate/toolkits/*.json). */
function bundledDocuments() {
  const documents = {};
  for (const name of readdirSync(BUNDLED).sort()) {
    if (name.endsWith(".json")) documents[name] = readJson(join(BUNDLED, name));
  }
  return documents;
}

const BUNDLED_DOCUMENTS = bundledDocuments();

/** engine.js compiles the bundled toolkits itself, resolving `extends` in JS. */
const bundled = loadDocuments(BUNDLED_DOCUMENTS);

function readVectorFile(name) {
  const data = readJson(join(VECTORS, name));
  if (Array.isArray(data)) return { toolkits: {}, cases: data };
  for (const key of Object.keys(data)) assert.ok(FILE_KEYS.has(key), `${name}: unknown key ${key}`);
  return { toolkits: data.toolkits || {}, cases: data.cases };
}

/** The bundled toolkits plus the file's own, compiled in the order the file lists them. */
function registryFor(file) {
  const registry = new ToolkitRegistry(bundled.all());
  const local = new Map();
  for (const [key, document] of Object.entries(file.toolkits)) {
    const toolkit = loadToolkit(document, registry);
    registry.add(toolkit);
    local.set(key, toolkit);
  }
  return { registry, local };
}

function run(registry, local, c) {
  const toolkit =
    typeof c.toolkit === "string"
      ? local.get(c.toolkit) ?? registry.get(c.toolkit)
      : loadToolkit(c.toolkit, registry);
  const before = structuredClone(c.design);
  const result = {
    toolkit,
    evaluation: toolkit.evaluate(c.design),
    parsed: "parsed" in c ? toolkit.parse(c.design) : undefined,
    migrated: "migrated" in c || "notices" in c ? toolkit.migrate(c.design) : undefined,
  };
  assert.deepEqual(c.design, before, "the design was changed in place");
  return result;
}

const EDITS = "edits.json"; // edit operations, not evaluations: edits.test.mjs runs them
const files = readdirSync(VECTORS).filter((name) => name.endsWith(".json") && name !== EDITS).sort();
const allCases = [];

for (const name of files) {
  const file = readVectorFile(name);
  describe(name, () => {
    let context;
    const setup = () => (context ??= registryFor(file));
    for (const c of file.cases) {
      allCases.push(c);
      test(c.name, () => {
        for (const key of Object.keys(c)) assert.ok(CASE_KEYS.has(key), `unknown key ${key}`);
        assert.ok(("expected" in c) !== ("error" in c), "a case has expected or error");
        const { registry, local } = setup();
        if ("error" in c) {
          assert.throws(
            () => run(registry, local, c),
            (error) => {
              assert.ok(error instanceof DesignError, `not a DesignError: ${error}`);
              assert.deepEqual({ path: error.path, message: error.message }, c.error);
              return true;
            },
          );
          return;
        }
        const { toolkit, evaluation, parsed, migrated } = run(registry, local, c);
        assert.deepEqual(evaluation, c.expected);
        if ("parsed" in c) assert.deepEqual(parsed, c.parsed);
        if ("migrated" in c) assert.deepEqual(migrated[0], c.migrated);
        if ("notices" in c) assert.deepEqual(migrated[1], c.notices);
        if ("fixes" in c) assert.deepEqual(quickFixes(toolkit, c.design, evaluation), c.fixes);
        // What the browser does: load the resolved document alone (Python's Toolkit.document).
        const alone = loadToolkit(toolkit.document, null, { ancestors: toolkit.ancestors });
        assert.deepEqual(alone.evaluate(c.design), c.expected);
        assert.equal(JSON.stringify(alone.evaluate(c.design)), JSON.stringify(evaluation));
        if ("migrated" in c || "notices" in c) {
          // What the editor does to open an old proposal: the current version's resolved document.
          assert.deepEqual(migrateDesign(toolkit.document, c.design, { ancestors: toolkit.ancestors }), migrated);
        }
      });
    }
  });
}

test("vectors: unique names, every check at every severity, at least 150 cases", () => {
  const names = allCases.map((c) => c.name);
  assert.equal(new Set(names).size, names.length);
  const pairs = new Set(allCases.flatMap((c) => (c.expected?.findings ?? []).map((f) => `${f.check}/${f.severity}`)));
  for (const check of ["fit", "width", "count", "edge", "adjacent", "share", "requires", "metric", "locked", "unknown"]) {
    for (const severity of ["error", "warning", "info"]) assert.ok(pairs.has(`${check}/${severity}`), `${check}/${severity}`);
  }
  assert.ok(allCases.length >= 150, `${allCases.length} cases`);
});

// ---------------------------------------------------------------------------------------------
// The helpers behind the messages

describe("numbers like Python", () => {
  test("toMm rounds half up on the IEEE product", () => {
    assert.equal(toMm(1.4995), 1500);
    assert.equal(toMm(0.5005), 500);
    assert.equal(toMm(4.0005), 4000);
    assert.equal(toMm(2.0005), 2001);
    assert.equal(toMm(24), 24000);
  });

  test("formatM", () => {
    assert.equal(formatM(3000), "3.00 m");
    assert.equal(formatM(1499), "1.499 m");
    assert.equal(formatM(1050), "1.05 m");
    assert.equal(formatM(1), "0.001 m");
    assert.equal(formatM(1000000), "1000.00 m");
    assert.equal(formatM(-1500), "-1.50 m");
  });

  test("formatNumber: separators, two decimals half to even on the exact value", () => {
    assert.equal(formatNumber(93000), "93,000");
    assert.equal(formatNumber(-1234567), "-1,234,567");
    assert.equal(formatNumber(1e21), "1,000,000,000,000,000,000,000");
    assert.equal(formatNumber(1250.5), "1,250.5");
    assert.equal(formatNumber(0.125), "0.12");
    assert.equal(formatNumber(0.375), "0.38");
    assert.equal(formatNumber(2.675), "2.67"); // 2.67499999... in binary
    assert.equal(formatNumber(1234.005), "1,234.01"); // 1234.00500000000010...
    assert.equal(formatNumber(-0.001), "-0");
    assert.equal(formatNumber(9.999), "10");
    assert.equal(formatNumber(Infinity), "inf");
    assert.equal(formatNumber(NaN), "nan");
  });

  test("formatShare rounds the per-mille half up", () => {
    assert.equal(formatShare(0.305), "30.5%");
    assert.equal(formatShare(0.0005), "0.1%");
    assert.equal(formatShare(1.2), "120.0%");
    assert.equal(formatShare(0), "0.0%");
  });

  test("pyRepr writes numbers like Python's repr", () => {
    assert.equal(pyRepr(5), "5");
    assert.equal(pyRepr(-2.5), "-2.5");
    assert.equal(pyRepr(0.0004), "0.0004");
    assert.equal(pyRepr(0.00001), "1e-05");
    assert.equal(pyRepr(1.5e-7), "1.5e-07");
    assert.equal(pyRepr(1e300), "1e+300");
    assert.equal(pyRepr(1e16), "1e+16");
    assert.equal(pyRepr(1234567890123456.8), "1234567890123456.8");
    assert.equal(pyRepr(NaN), "nan");
    assert.equal(pyRepr(-Infinity), "-inf");
  });

  test("describe names JSON values like Python's", () => {
    assert.equal(describeValue(null), "null");
    assert.equal(describeValue(undefined), "null");
    assert.equal(describeValue(false), "false");
    assert.equal(describeValue([1]), "an array");
    assert.equal(describeValue({}), "an object");
    assert.equal(describeValue('say "hi"\n'), '"say \\"hi\\"\\n"');
    assert.equal(describeValue("é😀"), '"\\u00e9\\ud83d\\ude00"');
  });
});

// ---------------------------------------------------------------------------------------------
// The API the editor uses

const street = BUNDLED_DOCUMENTS["street-section.json"];
const dominion = BUNDLED_DOCUMENTS["dominion-road.json"];

describe("loadToolkit", () => {
  test("a raw document with extends, given raw documents by name, as an array or a Map", () => {
    const byName = loadToolkit(dominion, { "street-section.json": street });
    const byArray = loadToolkit(dominion, [street]);
    const byMap = loadToolkit(dominion, new Map([["street", street]]));
    const baseline = byName.baseline;
    assert.equal(baseline.toolkit, "dominion-road");
    for (const toolkit of [byName, byArray, byMap]) {
      assert.deepEqual(toolkit.ancestors, ["street-section"]);
      assert.deepEqual(toolkit.evaluate(baseline), byName.evaluate(baseline));
    }
    assert.equal(byName.evaluate(baseline).metrics.capacity, 93000);
  });

  test("the resolved document loads alone and evaluates the same", () => {
    const raw = bundled.get("dominion-road");
    const alone = loadToolkit(raw.document);
    const design = raw.baseline;
    assert.deepEqual(alone.evaluate(design), raw.evaluate(design));
    assert.equal(alone.document.extends, undefined);
    assert.deepEqual(
      alone.rules.map((r) => r.id),
      raw.rules.map((r) => r.id),
    );
    // a design naming the parent needs the ancestors, as Python's Toolkit.ancestors gives them
    assert.throws(() => alone.evaluate({ ...design, toolkit: "street-section" }), DesignError);
    const withAncestors = loadToolkit(raw.document, null, { ancestors: raw.ancestors });
    assert.equal(withAncestors.evaluate({ ...design, toolkit: "street-section" }).valid, true);
  });

  test("an unknown parent, a pinned version", () => {
    assert.throws(
      () => loadToolkit(dominion),
      (e) => e instanceof DesignError && e.message === 'toolkit: unknown toolkit "street-section" (known: none)',
    );
    const registry = new ToolkitRegistry(bundled.all());
    assert.throws(
      () => loadToolkit({ ...dominion, extends: "street-section@9" }, registry),
      (e) => e instanceof DesignError && e.path === "version" && /has no version 9/.test(e.message),
    );
    assert.equal(loadToolkit({ ...dominion, extends: "street-section@1" }, registry).id, "dominion-road");
  });

  test("DesignError carries path, detail and Python's str(e)", () => {
    const error = new DesignError("parts[2].width", "expected a number");
    assert.equal(error.message, "parts[2].width: expected a number");
    assert.equal(error.detail, "expected a number");
    const root = new DesignError("no such toolkit");
    assert.equal(root.path, "");
    assert.equal(root.message, "no such toolkit");
    assert.ok(root instanceof Error);
  });

  test("non-JSON inputs fail as DesignError, never TypeError", () => {
    const toolkit = bundled.get("street-section", 1);
    const bad = [undefined, 5, { parts: [{ type: "sidewalk", width: NaN }] }, { parts: [{ type: "sidewalk", width: Infinity }] }];
    for (const design of bad) assert.throws(() => toolkit.evaluate(design), DesignError);
    assert.throws(
      () => toolkit.evaluate({ parts: [{ type: "sidewalk", width: NaN }] }),
      (e) => e.message === "parts[0].width: expected a finite number of metres, got nan",
    );
    for (const document of [null, [], { id: "x" }, { id: "x", version: 1, kind: "section", title: "X", rules: [5] }]) {
      assert.throws(() => loadToolkit(document), DesignError);
    }
  });

  test("evaluate does not change the design", () => {
    const toolkit = bundled.get("dominion-road");
    const design = toolkit.baseline;
    design.parts[1].variant = { "bike-direction": "two-way" };
    const before = structuredClone(design);
    toolkit.evaluate(design);
    toolkit.parse(design);
    assert.deepEqual(design, before);
  });
});

// ---------------------------------------------------------------------------------------------
// Configurators and migrations, as the editor uses them

const cargo = BUNDLED_DOCUMENTS["cargo-bike.json"];
const street2 = BUNDLED_DOCUMENTS["street-section-2.json"];

describe("configurators", () => {
  test("cargo-bike loads alone from its resolved document and evaluates like the raw one", () => {
    const raw = bundled.get("cargo-bike");
    const alone = loadToolkit(raw.document);
    assert.ok(alone instanceof ConfiguratorToolkit);
    assert.equal(alone.kind, "configurator");
    assert.equal(alone.catalog.size, 0);
    assert.equal(alone.lengthMm, null);
    assert.deepEqual([...alone.options.keys()], ["frame", "cargo", "motor", "wheels", "brakes", "gears", "lights"]);
    assert.deepEqual([...alone.parameters.keys()], ["battery_wh", "child_seats"]);
    assert.equal(alone.rules[0].id, "unknown");
    const design = { toolkit: "cargo-bike", version: 1, choices: { motor: "hub", gears: "hub-5" }, parameters: { battery_wh: 525 } };
    assert.deepEqual(alone.evaluate(design), raw.evaluate(design));
    assert.deepEqual(
      alone.evaluate(design).findings.map((f) => [f.rule, f.parts]),
      [
        ["parameters", ["battery_wh"]],
        ["hub-motor-hub-gear", ["motor", "gears"]],
      ],
    );
    assert.deepEqual(alone.evaluate(alone.baseline), { valid: true, findings: [], metrics: alone.evaluate(alone.baseline).metrics });
  });

  test("parse completes choices and parameters, unknown ones last; evaluate does not change the design", () => {
    const toolkit = bundled.get("cargo-bike");
    const design = { toolkit: "cargo-bike", choices: { colour: "red", motor: "hub" }, parameters: { speed: 25, battery_wh: 400.0 } };
    const before = structuredClone(design);
    const parsed = toolkit.parse(design);
    toolkit.evaluate(design);
    assert.deepEqual(design, before);
    assert.equal(parsed.version, 1);
    assert.deepEqual(Object.keys(parsed.choices), [...toolkit.options.keys(), "colour"]);
    assert.deepEqual(Object.keys(parsed.parameters), [...toolkit.parameters.keys(), "speed"]);
    assert.equal(parsed.choices.motor, "hub");
    assert.equal(parsed.parameters.battery_wh, 400);
    assert.deepEqual(toolkit.parse(parsed), parsed);
  });

  test("shape errors are DesignErrors naming the path; read() is for sections", () => {
    const toolkit = bundled.get("cargo-bike");
    const cases = [
      [{ choices: { frame: 3 } }, "choices.frame: expected a value name, got 3"],
      [{ parameters: { battery_wh: "big" } }, 'parameters.battery_wh: expected a number, got "big"'],
      [{ parameters: { battery_wh: true } }, "parameters.battery_wh: expected a number, got true"],
      [{ choices: [] }, "choices: expected an object of option choices, got an array"],
      [{ toolkit: "street-section" }, 'toolkit: expected "cargo-bike", got "street-section"'],
      [5, "expected a design object, got 5"],
    ];
    for (const [design, message] of cases) {
      assert.throws(() => toolkit.evaluate(design), (e) => e instanceof DesignError && e.message === message);
    }
    assert.throws(() => toolkit.read({}), (e) => e instanceof DesignError && e.path === "kind");
  });

  test("load errors name the path and the rule", () => {
    const bad = structuredClone(cargo);
    bad.rules.push({ id: "x", check: "requires", severity: "error", if: { engine: "v8" }, then: { motor: "hub" } });
    assert.throws(
      () => loadToolkit(bad),
      (e) => e instanceof DesignError && e.message === `rules[${bad.rules.length - 1}].if.engine: unknown option "engine" (rule "x")`,
    );
    assert.throws(
      () => loadToolkit({ ...cargo, length: 10 }),
      (e) => e instanceof DesignError && e.message === "length: a configurator has options and parameters, not parts",
    );
    assert.throws(() => loadToolkit({ ...cargo, rules: [{ id: "f", check: "fit", severity: "error" }] }), DesignError);
  });

  test("a configurator may extend another: options merge value by value", () => {
    const registry = new ToolkitRegistry(bundled.all());
    const child = loadToolkit(
      {
        id: "cargo-bike-plus",
        version: 1,
        kind: "configurator",
        title: "Cargo bike plus",
        extends: "cargo-bike",
        options: { motor: { values: { "twin-hub": { label: "Twin hub motors", metrics: { price: 2500 } } } } },
      },
      registry,
    );
    assert.deepEqual(child.ancestors, ["cargo-bike"]);
    assert.deepEqual([...child.options.get("motor").values.keys()], [...bundled.get("cargo-bike").options.get("motor").values.keys(), "twin-hub"]);
    const design = { toolkit: "cargo-bike", choices: { motor: "twin-hub" } };
    assert.equal(child.evaluate(design).findings.some((f) => f.rule === "unknown"), false);
  });
});

describe("migrations", () => {
  const legacy = () => {
    const design = bundled.get("street-section", 1).baseline;
    design.parts[6] = { type: "median", width: 0.9 };
    design.parts[9] = { type: "planting-strip", width: 1.2 };
    return design;
  };

  test("a street-section version 1 design opens on version 2 with its parts merged, from the document alone", () => {
    const v2 = bundled.get("street-section");
    assert.equal(v2.version, 2);
    const design = legacy();
    const before = structuredClone(design);
    const [migrated, notices] = migrateDesign(v2.document, design);
    assert.deepEqual(design, before);
    assert.equal(migrated.version, 2);
    assert.deepEqual(migrated.parts[6], { type: "divider", width: 0.9, variant: { "divider-type": "median" } });
    assert.deepEqual(
      notices.map((n) => [n.op, n.parts]),
      [
        ["upgrade", []],
        ["merge", [6, 9]],
      ],
    );
    assert.equal(notices[0].message, "Saved on version 1 of Street section; opened on version 2.");
    assert.deepEqual(v2.migrate(design), [migrated, notices]);
    assert.deepEqual(migrateDesign(v2, design), [migrated, notices]);
    // evaluate and parse migrate first: the evaluation is version 2's
    assert.deepEqual(v2.evaluate(design), { valid: true, findings: [], metrics: { capacity: 48500 } });
    assert.equal(v2.parse(design).version, 2);
    assert.equal(bundled.get("street-section", 1).evaluate(design).valid, false);
  });

  test("the raw version 2 document loads with its migrations; they are never inherited", () => {
    assert.deepEqual(loadToolkit(street2).migrate(legacy()), bundled.get("street-section").migrate(legacy()));
    const dominionRoad = bundled.get("dominion-road");
    assert.equal(dominionRoad.document.migrations, undefined);
    const design = { ...dominionRoad.baseline, version: 1 };
    assert.deepEqual(dominionRoad.migrate(design), [design, []]);
  });

  test("current designs, designs without version, designs of an ancestor: a copy, no notices", () => {
    const v2 = bundled.get("street-section");
    for (const design of [{ ...legacy(), version: 2 }, { ...legacy(), version: undefined }]) {
      const [copy, notices] = v2.migrate(design);
      assert.deepEqual(copy, design);
      assert.notEqual(copy, design);
      assert.deepEqual(notices, []);
    }
  });

  test("a toolkit without migrations still upgrades the version", () => {
    const two = loadToolkit({ ...street, version: 2 });
    const [migrated, notices] = two.migrate({ toolkit: "street-section", version: 1, parts: [] });
    assert.equal(migrated.version, 2);
    assert.deepEqual(notices.map((n) => n.op), ["upgrade"]);
  });

  test("malformed designs are DesignErrors, never TypeErrors", () => {
    const v2 = bundled.get("street-section");
    for (const [design, path] of [
      [[], ""],
      [{ version: 0, parts: [] }, "version"],
      [{ version: 3, parts: [] }, "version"],
      [{ version: 1, parts: "none" }, "parts"],
      [{ toolkit: "elsewhere", version: 1, parts: [] }, "toolkit"],
    ]) {
      assert.throws(() => v2.migrate(design), (e) => e instanceof DesignError && e.path === path);
      assert.throws(() => v2.evaluate(design), (e) => e instanceof DesignError && e.path === path);
    }
    const config = loadToolkit({
      id: "bike",
      version: 2,
      kind: "configurator",
      title: "Bike",
      options: { lights: { label: "Lights", values: { dynamo: { label: "Dynamo" }, battery: { label: "Battery" } } } },
      parameters: { seats: { label: "Seats", unit: "seats", min: 0, max: 4 } },
      migrations: [{ version: 2, steps: [{ op: "set_default", option: "lights", value: "battery" }, { op: "set_default", parameter: "seats", value: 1 }] }],
    });
    assert.throws(() => config.migrate({ version: 1, choices: "none" }), (e) => e instanceof DesignError && e.path === "choices");
    // null objects count as missing (Python raises TypeError here: reported, not mirrored)
    assert.deepEqual(config.migrate({ version: 1, choices: null, parameters: null })[0], {
      version: 2,
      choices: { lights: "battery" },
      parameters: { seats: 1 },
    });
  });
});
