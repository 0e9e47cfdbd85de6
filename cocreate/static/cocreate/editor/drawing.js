// The section drawn to scale, one focusable group per part; 1 SVG unit is 1 millimetre.

import { formatLength } from "./units.js";

const SVG = "http://www.w3.org/2000/svg";
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
const STROKE = { error: "#c0392b", warning: "#d68910", info: "#2e86c1" };

function el(name, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  return node;
}

/** A small padlock: locked parts are fixed by the organization. */
function lockIcon(x, y, unit) {
  const icon = el("g", { class: "lock", "aria-hidden": "true" });
  icon.append(
    el("path", {
      d: `M ${x + unit * 0.5} ${y + unit * 1.2} v ${-unit * 0.5} a ${unit * 0.6} ${unit * 0.6} 0 0 1 ${unit * 1.2} 0 v ${unit * 0.5}`,
      fill: "none", stroke: "#111", "stroke-width": unit * 0.25,
    }),
    el("rect", { x: x + unit * 0.2, y: y + unit * 1.2, width: unit * 1.8, height: unit * 1.4, rx: unit * 0.2, fill: "#111" }),
  );
  return icon;
}

/** The worst severity of the findings that name each part. */
export function severities(evaluation) {
  const worst = new Map();
  for (const finding of evaluation.findings) {
    for (const index of finding.parts) {
      const known = worst.get(index);
      if (!known || SEVERITY_RANK[finding.severity] < SEVERITY_RANK[known]) {
        worst.set(index, finding.severity);
      }
    }
  }
  return worst;
}

/** The accessible name of a part: its label and width first, then what is wrong with it. */
export function partName(label, widthMm, units, severity, locked) {
  let name = `${label}, ${formatLength(widthMm, units)}`;
  if (locked) name += ", locked";
  if (severity === "error") name += ", breaks a rule";
  else if (severity === "warning") name += ", has a warning";
  return name;
}

/**
 * Redraw `svg` for `state` = {parts: [{type, widthMm, label, color, locked}], lengthMm,
 * evaluation, units, selected}. Returns the x offset of each part's left edge (mm).
 */
export function draw(svg, state) {
  const { parts, lengthMm, evaluation, units, selected } = state;
  const total = parts.reduce((sum, part) => sum + part.widthMm, 0);
  const span = Math.max(lengthMm, total, 1000);
  const unit = span / 100; // 1% of the drawing, for margins and type
  const top = unit * 9;
  const height = unit * 26;
  const font = unit * 2.1;
  svg.replaceChildren();
  svg.setAttribute("viewBox", `${-unit} 0 ${span + 2 * unit} ${top + height + unit * 10}`);
  const pxPerMm = (svg.clientWidth || 800) / (span + 2 * unit);

  // The length available, with its figure.
  const y0 = unit * 4;
  svg.append(
    el("line", { x1: 0, y1: y0, x2: lengthMm, y2: y0, stroke: "#444", "stroke-width": unit * 0.15 }),
    el("line", { x1: 0, y1: y0 - unit, x2: 0, y2: y0 + unit, stroke: "#444", "stroke-width": unit * 0.15 }),
    el("line", { x1: lengthMm, y1: y0 - unit, x2: lengthMm, y2: y0 + unit, stroke: "#444", "stroke-width": unit * 0.15 }),
    el("text", { x: lengthMm / 2, y: y0 - unit * 0.8, "text-anchor": "middle", "font-size": font, fill: "#333" }, formatLength(lengthMm, units)),
  );

  const worst = severities(evaluation);
  const offsets = [];
  const handles = [];
  const texts = el("g", { class: "texts", "aria-hidden": "true", "pointer-events": "none" });
  let x = 0;
  parts.forEach((part, index) => {
    offsets.push(x);
    const severity = worst.get(index);
    const group = el("g", {
      class: ["part", severity || "", index === selected ? "selected" : "", part.locked ? "locked" : ""].join(" ").trim(),
      tabindex: index === selected || (selected === null && index === 0) ? "0" : "-1",
      role: "button",
      "aria-label": partName(part.label, part.widthMm, units, severity, part.locked),
      "data-index": index,
    });
    group.append(el("rect", { x, y: top, width: part.widthMm, height, fill: part.color, stroke: "#fff", "stroke-width": unit * 0.12 }));
    if (severity && severity !== "info") {
      const inset = unit * 0.35;
      group.append(el("rect", {
        x: x + inset, y: top + inset, width: Math.max(part.widthMm - 2 * inset, 0), height: height - 2 * inset,
        fill: "none", stroke: STROKE[severity], "stroke-width": unit * 0.5, "stroke-dasharray": `${unit * 1.2} ${unit * 0.6}`,
      }));
    }
    const narrow = part.widthMm < font * 6;
    const cx = x + part.widthMm / 2;
    const cy = top + height / 2;
    // Texts go in a layer of their own, hidden from assistive technology: each part's accessible
    // name already says them, and a focusable part holds no text that could contradict its name.
    const label = el("text", {
      x: cx, y: cy, "text-anchor": "middle", "dominant-baseline": "middle", "font-size": font * 0.9, fill: "#111",
      ...(narrow ? { transform: `rotate(-90 ${cx} ${cy})` } : {}),
    }, part.label);
    texts.append(label);
    if (part.locked) texts.append(lockIcon(x + unit * 1.2, top + unit * 1.2, unit));
    texts.append(el("text", {
      x: cx, y: top + height + unit * 3, "text-anchor": "middle", "font-size": font * 0.8, fill: "#333",
    }, formatLength(part.widthMm, units)));
    if (!part.locked) {
      // Drawn above every part (appended last), so a neighbour never covers half of it.
      // A line whose stroke keeps its width in screen pixels whatever the scale, so a finger can
      // hit it: 18 px, less where narrow parts meet so that they can still be grabbed.
      const next = parts[index + 1];
      const narrowest = Math.min(part.widthMm, next ? next.widthMm : part.widthMm) * pxPerMm;
      const hit = Math.max(4, Math.min(18, narrowest / 2));
      handles.push(el("line", {
        class: "handle", "data-handle": index, "data-editor-only": "", "aria-hidden": "true",
        x1: x + part.widthMm, y1: top, x2: x + part.widthMm, y2: top + height,
        stroke: "transparent", "stroke-width": hit, "vector-effect": "non-scaling-stroke",
      }));
    }
    svg.append(group);
    x += part.widthMm;
  });
  offsets.push(x);
  svg.append(texts, ...handles);

  if (total < lengthMm) {
    svg.append(
      el("rect", {
        x: total, y: top, width: lengthMm - total, height, fill: "none", stroke: "#888",
        "stroke-width": unit * 0.2, "stroke-dasharray": `${unit} ${unit * 0.6}`, class: "room", "pointer-events": "none",
      }),
      el("text", { x: (total + lengthMm) / 2, y: top + height / 2, "text-anchor": "middle", "font-size": font * 0.8, fill: "#555" },
        `room ${formatLength(lengthMm - total, units)}`),
    );
  } else if (total > lengthMm) {
    svg.append(
      el("rect", { x: lengthMm, y: top - unit, width: total - lengthMm, height: height + 2 * unit, fill: STROKE.error, opacity: 0.25, class: "over", "pointer-events": "none" }),
      el("text", { x: (lengthMm + total) / 2, y: top + height + unit * 6.5, "text-anchor": "middle", "font-size": font * 0.8, fill: STROKE.error },
        `over ${formatLength(total - lengthMm, units)}`),
    );
  }
  return offsets;
}
