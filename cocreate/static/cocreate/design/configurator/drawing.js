// A configured product drawn from its choices: the twin of cocreate/design/configurator/drawing.py
// (the format of drawings.json is described there). Both read the same drawings.json and must
// build the same scene, shape for shape and number for number (tests/design/configurator/
// test_drawing.py runs this file with node and compares).

import DRAWINGS from "./drawings.json" with { type: "json" };
import { formatNumber } from "../units.js";

const GEOMETRY = new Set(["circle", "rect", "line", "polyline", "polygon", "r", "at"]);

/** The drawing declared for a toolkit, or null. */
export function drawingFor(toolkitId) {
  return Object.hasOwn(DRAWINGS, toolkitId) ? DRAWINGS[toolkitId] : null;
}

/** A coordinate as text, rounded half up to two decimals (Python's `num`). */
export function num(value) {
  return String(Math.floor(value * 100 + 0.5) / 100);
}

/** The keys of `given` in the toolkit's order, unknown ones after (Python's `_in_order`). */
function inOrder(declared, given) {
  return [...Object.keys(declared).filter((key) => Object.hasOwn(given, key)), ...Object.keys(given).filter((key) => !Object.hasOwn(declared, key))];
}

/** The drawing's accessible name: the toolkit's title, then every choice and parameter. */
export function describe(document, choices, parameters) {
  const options = document.options || {};
  const declared = document.parameters || {};
  const said = [];
  for (const oid of inOrder(options, choices)) {
    const value = choices[oid];
    const option = Object.hasOwn(options, oid) ? options[oid] : null;
    const entry = option && Object.hasOwn(option.values, value) ? option.values[value] : null;
    said.push(`${option ? option.label : `${oid}?`} ${entry ? entry.label : `${value}?`}`);
  }
  for (const pid of inOrder(declared, parameters)) {
    const amount = parameters[pid];
    const parameter = Object.hasOwn(declared, pid) ? declared[pid] : null;
    let shown = typeof amount === "number" ? formatNumber(amount) : String(amount);
    if (parameter && parameter.unit) shown += ` ${parameter.unit}`;
    said.push(`${parameter ? parameter.label : `${pid}?`} ${shown}`);
  }
  return `${document.title}: ${said.join(", ")}.`;
}

function count(repeat, parameters) {
  if (!repeat) return 1;
  const value = parameters[repeat.count];
  if (typeof value !== "number" || !(value > 0)) return 0;
  return Math.min(repeat.max, Math.ceil(value / (repeat.per ?? 1)));
}

function applies(when, choices) {
  return Object.entries(when).every(([oid, wanted]) => (Array.isArray(wanted) ? wanted : [wanted]).includes(choices[oid]));
}

/** The shapes that draw this configuration, in drawing order, each with a stable key. */
export function scene(drawing, document, choices, parameters) {
  const anchors = {};
  for (const [oid, byValue] of Object.entries(drawing.anchors)) {
    const chosen = Object.hasOwn(byValue, choices[oid]) ? byValue[choices[oid]] : {};
    for (const [name, spec] of Object.entries(chosen)) {
      anchors[name] = Array.isArray(spec) && typeof spec[0] === "string"
        ? [anchors[spec[0]][0] + spec[1], anchors[spec[0]][1] + spec[2]]
        : spec;
    }
  }
  const length = (spec) => (typeof spec === "string" ? anchors[spec] : Array.isArray(spec) ? anchors[spec[0]] + spec[1] : spec);
  const point = (spec, box, shift) => {
    if (typeof spec === "string") return [anchors[spec][0], anchors[spec][1]];
    if (typeof spec[0] === "string") return [anchors[spec[0]][0] + spec[1], anchors[spec[0]][1] + spec[2]];
    const fx = spec[0] + shift[0];
    const fy = spec[1] + shift[1];
    return box ? [box[0] + fx * box[2], box[1] + fy * box[3]] : [fx, fy];
  };
  const colour = (value) => {
    if (typeof value === "string" && value.startsWith("@")) {
      const option = (document.options || {})[value.slice(1)] || {};
      return String(((option.values || {})[choices[value.slice(1)]] || {}).color ?? "#57606a");
    }
    return typeof value === "string" ? value : num(value);
  };

  const shapes = [];
  for (const layer of drawing.layers) {
    if (!applies(layer.when || {}, choices)) continue;
    const box = "box" in layer ? anchors[layer.box] : null;
    const step = layer.repeat?.step ?? [0, 0];
    const copies = count(layer.repeat, parameters);
    for (let copy = 0; copy < copies; copy++) {
      const shift = [copy * step[0], copy * step[1]];
      layer.shapes.forEach((spec, n) => {
        const attrs = {};
        let tag;
        if ("circle" in spec) {
          tag = "circle";
          const [cx, cy] = point(spec.circle, box, shift);
          Object.assign(attrs, { cx: num(cx), cy: num(cy), r: num(length(spec.r)) });
        } else if ("rect" in spec) {
          tag = "rect";
          let [x, y, w, h] = spec.rect;
          let left, top;
          if ("at" in spec) {
            const [ax, ay] = point(spec.at, null, [0, 0]);
            left = ax + x + shift[0];
            top = ay + y + shift[1];
          } else {
            [left, top] = point([x, y], box, shift);
            if (box) [w, h] = [w * box[2], h * box[3]];
          }
          Object.assign(attrs, { x: num(left), y: num(top), width: num(w), height: num(h) });
        } else if ("line" in spec) {
          tag = "line";
          const [[x1, y1], [x2, y2]] = spec.line.map((p) => point(p, box, shift));
          Object.assign(attrs, { x1: num(x1), y1: num(y1), x2: num(x2), y2: num(y2) });
        } else {
          tag = "polyline" in spec ? "polyline" : "polygon";
          attrs.points = spec[tag].map((p) => point(p, box, shift)).map(([x, y]) => `${num(x)},${num(y)}`).join(" ");
        }
        for (const [name, value] of Object.entries(spec)) {
          if (!GEOMETRY.has(name)) attrs[name] = colour(value);
        }
        shapes.push({ key: `${layer.id}-${n}` + (layer.repeat ? `-${copy}` : ""), tag, attrs });
      });
    }
  }
  return { label: describe(document, choices, parameters), view: drawing.view, shapes };
}
