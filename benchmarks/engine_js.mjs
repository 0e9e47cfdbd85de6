// engine.js speed as ratios that hold on any machine: `node benchmarks/engine_js.mjs`.
//
// Prints evaluations per second of the Dominion Road baseline (9 parts) and of a 40-part design
// (the editor's goal: evaluate + render in one 16 ms frame, evaluate alone well under 1 ms), each
// against JSON.parse of the same document, and how a 200-part design scales against a 15-part
// one. The toolkit is compiled the way the browser does it: from the resolved document. Best of
// several timed runs after a warm-up (so the JIT has compiled the hot paths). Also the
// cargo-bike configurator (7 options, 2 parameters, 15 rules) against JSON.parse of its design,
// and a street-section version 1 design evaluated on version 2 (migrated first, every time).

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { loadDocuments, loadToolkit } from "../cocreate/static/cocreate/design/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPEATS = 7;

function bundled() {
  const folder = join(ROOT, "cocreate", "toolkits");
  const documents = {};
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(".json")) continue;
    const doc = JSON.parse(readFileSync(join(folder, name), "utf8"));
    documents[name] = doc;
  }
  return loadDocuments(documents);
}

/** Seconds per call, best of REPEATS runs of `number` calls. */
function best(func, number) {
  for (let n = 0; n < number; n++) func(); // warm-up
  let fastest = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const start = process.hrtime.bigint();
    for (let n = 0; n < number; n++) func();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e9 / number);
  }
  return fastest;
}

/** `count` parts cycling through the baseline's, filling their own length exactly; ids only on
 * the first round, so the locked tracks are found once (as benchmarks/engine.py does). */
function tiled(baseline, count) {
  const parts = [];
  for (let n = 0; n < count; n++) {
    const part = { ...baseline.parts[n % baseline.parts.length] };
    if (n >= baseline.parts.length) delete part.id;
    parts.push(part);
  }
  const length = parts.reduce((mm, p) => mm + Math.round(p.width * 1000), 0) / 1000;
  return { ...baseline, length, parts };
}

const fmt = (value, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function main() {
  const raw = bundled().get("dominion-road");
  const toolkit = loadToolkit(raw.document, null, { ancestors: raw.ancestors }); // as the browser
  const baseline = toolkit.parse(toolkit.baseline);
  const design40 = tiled(baseline, 40);
  const text9 = JSON.stringify(baseline);
  const text40 = JSON.stringify(design40);
  if (toolkit.evaluate(design40).findings.length === 0) throw new Error("the 40-part design should have findings");

  const eval9 = best(() => toolkit.evaluate(baseline), 20_000);
  const parse9 = best(() => JSON.parse(text9), 20_000);
  const eval40 = best(() => toolkit.evaluate(design40), 10_000);
  const parse40 = best(() => JSON.parse(text40), 10_000);
  const small = tiled(baseline, 15);
  const large = tiled(baseline, 200);
  const t15 = best(() => toolkit.evaluate(small), 10_000);
  const t200 = best(() => toolkit.evaluate(large), 2_000);
  const compile = best(() => loadToolkit(raw.document, null, { ancestors: raw.ancestors }), 200);

  const bike = loadToolkit(bundled().get("cargo-bike").document); // as the browser
  const bikeDesign = bike.baseline;
  bikeDesign.choices.motor = "hub"; // a finding or two, as while editing
  const bikeText = JSON.stringify(bikeDesign);
  if (bike.evaluate(bikeDesign).findings.length === 0) throw new Error("the cargo-bike design should have findings");
  const evalBike = best(() => bike.evaluate(bikeDesign), 50_000);
  const parseBike = best(() => JSON.parse(bikeText), 50_000);
  const compileBike = best(() => loadToolkit(bike.document), 500);

  const street = loadToolkit(bundled().get("street-section").document);
  const legacy = { ...street.baseline, version: 1 };
  legacy.parts[6] = { type: "median", width: 0.9 };
  const current = street.migrate(legacy)[0];
  const evalLegacy = best(() => street.evaluate(legacy), 10_000);
  const evalCurrent = best(() => street.evaluate(current), 10_000);

  const rows = [
    ["evaluations/second, Dominion Road baseline (9 parts)", fmt(1 / eval9), ""],
    ["one evaluation / JSON.parse of the same document (9 parts)", `${(eval9 / parse9).toFixed(2)}x`, ""],
    ["evaluations/second, 40-part design", fmt(1 / eval40), ""],
    ["one evaluation, 40-part design (ms)", (eval40 * 1000).toFixed(4), "<< 1 ms"],
    ["one evaluation / JSON.parse of the same document (40 parts)", `${(eval40 / parse40).toFixed(2)}x`, ""],
    ["200-part / 15-part evaluation time", `${(t200 / t15).toFixed(2)}x`, `~${(200 / 15).toFixed(2)}x (linear)`],
    ["compiling the toolkit from its resolved document (ms)", (compile * 1000).toFixed(3), "once per page"],
    ["evaluations/second, cargo-bike configurator", fmt(1 / evalBike), ""],
    ["one evaluation, cargo-bike (ms)", (evalBike * 1000).toFixed(4), "<< 1 ms"],
    ["one evaluation / JSON.parse of the same document (cargo-bike)", `${(evalBike / parseBike).toFixed(2)}x`, ""],
    ["compiling cargo-bike from its resolved document (ms)", (compileBike * 1000).toFixed(3), "once per page"],
    ["street-section v1 design on v2 (migrated) / a current one", `${(evalLegacy / evalCurrent).toFixed(2)}x`, ""],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`Node ${process.version}, ${toolkit.rules.length} rules, best of ${REPEATS} runs`);
  for (const [name, value, goal] of rows) {
    console.log(`${name.padEnd(width)}  ${value.padStart(10)}  ${goal ? `goal ${goal}` : ""}`);
  }
}

main();
