// engine.js speed as ratios that hold on any machine: `node benchmarks/engine_js.mjs`.
//
// Prints evaluations per second of the Dominion Road baseline (9 parts) and of a 40-part design
// (the editor's goal: evaluate + render in one 16 ms frame, evaluate alone well under 1 ms), each
// against JSON.parse of the same document, and how a 200-part design scales against a 15-part
// one. The toolkit is compiled the way the browser does it: from the resolved document. Best of
// several timed runs after a warm-up (so the JIT has compiled the hot paths).

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { loadDocuments, loadToolkit } from "../cocreate/static/cocreate/engine.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPEATS = 7;

function bundled() {
  const folder = join(ROOT, "cocreate", "toolkits");
  const documents = {};
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(".json")) continue;
    const doc = JSON.parse(readFileSync(join(folder, name), "utf8"));
    if (doc.kind === "section") documents[name] = doc;
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

  const rows = [
    ["evaluations/second, Dominion Road baseline (9 parts)", fmt(1 / eval9), ""],
    ["one evaluation / JSON.parse of the same document (9 parts)", `${(eval9 / parse9).toFixed(2)}x`, ""],
    ["evaluations/second, 40-part design", fmt(1 / eval40), ""],
    ["one evaluation, 40-part design (ms)", (eval40 * 1000).toFixed(4), "<< 1 ms"],
    ["one evaluation / JSON.parse of the same document (40 parts)", `${(eval40 / parse40).toFixed(2)}x`, ""],
    ["200-part / 15-part evaluation time", `${(t200 / t15).toFixed(2)}x`, `~${(200 / 15).toFixed(2)}x (linear)`],
    ["compiling the toolkit from its resolved document (ms)", (compile * 1000).toFixed(3), "once per page"],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`Node ${process.version}, ${toolkit.rules.length} rules, best of ${REPEATS} runs`);
  for (const [name, value, goal] of rows) {
    console.log(`${name.padEnd(width)}  ${value.padStart(10)}  ${goal ? `goal ${goal}` : ""}`);
  }
}

main();
