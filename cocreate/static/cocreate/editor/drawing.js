// The section drawn to scale, one focusable group per part; 1 SVG unit is 1 millimetre.
//
// The editor keeps one Drawing and updates its nodes in place after every change (keyed by the
// part's index: a part's group moves, resizes or changes colour; only added or removed parts add
// or remove nodes), so an edit costs a few attribute writes, not a new SVG. The scale (pixels per
// millimetre) is the editor's to choose and never follows the design: the band is to scale
// (BAND_MM tall), while type, margins and touch targets keep their size in pixels at any zoom.

import { illustration, labelInk } from "./illustration.js";
import { formatLength } from "./units.js";

const SVG = "http://www.w3.org/2000/svg";
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
const STROKE = { error: "#b42318", warning: "#9a6700", info: "#175cd3" };
const INK = "#1d2330";
const BAND_MM = 3600;
// Sizes on screen, in CSS pixels.
const LIFT_PX = 8;
export const MARGIN_PX = 12; // the drawing's margin at either end
const PX = { margin: MARGIN_PX, top: 34, font: 13, small: 12, row: 20, target: 44, char: 7.2, smallChar: 6.6 };

function el(name, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  return node;
}

/** Set the attributes that changed (a write of an equal value still costs the browser work). */
function set(node, attributes) {
  const known = node.__known || (node.__known = {});
  for (const [key, value] of Object.entries(attributes)) {
    const text = String(value);
    if (known[key] !== text) {
      known[key] = text;
      node.setAttribute(key, text);
    }
  }
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** A small padlock, `size` mm tall: locked parts are fixed by the organization. */
function lockIcon(size, ink) {
  const u = size / 2.6;
  const icon = el("g", { class: "lock", "aria-hidden": "true" });
  icon.append(
    el("path", { d: `M ${u * 0.5} ${u * 1.2} v ${-u * 0.5} a ${u * 0.6} ${u * 0.6} 0 0 1 ${u * 1.2} 0 v ${u * 0.5}`, fill: "none", stroke: ink, "stroke-width": u * 0.25 }),
    el("rect", { x: u * 0.2, y: u * 1.2, width: u * 1.8, height: u * 1.4, rx: u * 0.2, fill: ink }),
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

/** `text` cut to about `px` pixels of `charPx`-wide characters, or "" when not even 3 fit. */
export function fitText(text, px, charPx) {
  const chars = Math.floor(px / charPx);
  if (chars >= text.length) return text;
  return chars < 3 ? "" : `${text.slice(0, chars - 1)}…`;
}

/**
 * Where each width figure goes under the band: row 0, row 1 (when it would touch its left
 * neighbour's) or nowhere (-1), so that no two figures overlap. `spans` are [left, right] in px.
 */
export function figureRows(spans, gap = 4) {
  const right = [-Infinity, -Infinity];
  return spans.map(([left, end]) => {
    const row = right.findIndex((edge) => left >= edge + gap);
    if (row >= 0) right[row] = end;
    return row;
  });
}

export class Drawing {
  constructor(svg) {
    this.svg = svg;
    this.slots = [];
    const layer = (name, attributes = {}) => el("g", { class: name, ...attributes });
    this.dimension = layer("dimension", { "aria-hidden": "true" });
    this.lengthLine = el("path", { stroke: "#5b6474", fill: "none", "vector-effect": "non-scaling-stroke", "stroke-width": 1.5 });
    this.lengthText = el("text", { fill: "#3d4452" });
    this.endText = el("text", { "text-anchor": "end" });
    this.dimension.append(this.lengthLine, this.lengthText, this.endText);
    this.parts = layer("parts");
    this.texts = layer("texts", { "aria-hidden": "true", "pointer-events": "none" });
    this.room = el("rect", { fill: "none", stroke: "#5b6474", "vector-effect": "non-scaling-stroke", "stroke-width": 1.5, "stroke-dasharray": "6 4", "pointer-events": "none" });
    this.over = el("rect", { fill: STROKE.error, opacity: 0.22, "pointer-events": "none" });
    this.handles = layer("handles", { "data-editor-only": "" });
    // The selection ring: dark outside (against the page and light parts), white inside
    // (against dark parts), so it keeps 3:1 against both whatever the part's colour.
    this.ring = layer("ring", { "data-editor-only": "", "aria-hidden": "true", "pointer-events": "none" });
    this.ring.append(
      el("rect", { class: "ring-outer", fill: "none", stroke: INK, "stroke-width": 4, "vector-effect": "non-scaling-stroke" }),
      el("rect", { class: "ring-inner", fill: "none", stroke: "#fff", "stroke-width": 2, "vector-effect": "non-scaling-stroke" }),
    );
    this.marker = el("rect", { class: "insertion-marker", "data-editor-only": "", "aria-hidden": "true", fill: "#175cd3", stroke: "#fff", "stroke-width": 1.5, "vector-effect": "non-scaling-stroke", visibility: "hidden", "pointer-events": "none" });
    svg.replaceChildren(this.dimension, this.parts, this.room, this.over, this.texts, this.ring, this.handles, this.marker);
    this.offsets = [0];
    this.scale = 0.04;
    this.widthPx = 0;
    this.selected = null;
  }

  /**
   * Show `view` = {parts: [{type, variant, widthMm, label, color, locked}], lengthMm, evaluation,
   * units, selected, scale (px per mm), viewPx (how wide it is seen)}. Returns the x offset of each part's left edge and of
   * the last part's right edge (mm).
   */
  update(view) {
    const { parts, lengthMm, evaluation, units, scale } = view;
    const mm = (px) => px / scale;
    this.scale = scale;
    const total = parts.reduce((sum, part) => sum + part.widthMm, 0);
    const end = Math.max(lengthMm, total, 1000);
    const top = mm(PX.top);
    const bottom = top + BAND_MM;
    const height = bottom + mm(PX.row * 2 + 8);
    const margin = mm(PX.margin);
    this.top = top;
    this.widthPx = (end + 2 * margin) * scale; // read back from the SVG, it would cost a layout
    set(this.svg, {
      viewBox: `${-margin} 0 ${end + 2 * margin} ${height}`,
      width: this.widthPx,
      height: height * scale,
    });

    // The length available, its figure, and what is left or too much at the end.
    const y0 = top - mm(10);
    const tick = mm(6);
    set(this.lengthLine, { d: `M 0 ${y0 - tick} v ${2 * tick} M 0 ${y0} H ${lengthMm} M ${lengthMm} ${y0 - tick} v ${2 * tick}` });
    const left = total - lengthMm;
    const endWords = left > 0 ? `over ${formatLength(left, units)}` : left < 0 ? `room ${formatLength(-left, units)}` : "";
    setText(this.endText, endWords);
    set(this.endText, { x: end, y: y0 - mm(8), "font-size": mm(PX.small), fill: left > 0 ? STROKE.error : "#3d4452", class: left > 0 ? "over-text" : "room-text" });
    const lengthWords = formatLength(lengthMm, units);
    setText(this.lengthText, lengthWords);
    // Centred over the street unless that would touch the words at the end or be out of sight.
    const centred = (lengthMm / 2) * scale + (lengthWords.length * PX.smallChar) / 2 + 8 < end * scale - endWords.length * PX.smallChar
      && lengthMm * scale <= (view.viewPx ?? Infinity);
    set(this.lengthText, { x: centred ? lengthMm / 2 : mm(4), y: y0 - mm(8), "text-anchor": centred ? "middle" : "start", "font-size": mm(PX.small) });
    // Past the street's end when too wide: the scale stays, the drawing grows.
    set(this.room, left < 0 ? { class: "room", x: total, y: top, width: -left, height: BAND_MM, visibility: "visible" } : { class: "", visibility: "hidden" });
    set(this.over, left > 0 ? { class: "over", x: lengthMm, y: top - mm(6), width: left, height: BAND_MM + mm(12), visibility: "visible" } : { class: "", visibility: "hidden" });

    const worst = severities(evaluation);
    const offsets = [];
    const spans = [];
    let x = 0;
    parts.forEach((part, index) => {
      offsets.push(x);
      const slot = this.slots[index] || this.add(index);
      this.place(slot, part, index, x, worst.get(index), view);
      const cx = (x + part.widthMm / 2) * scale;
      const half = (formatLength(part.widthMm, units).length * PX.smallChar) / 2;
      spans.push([cx - half, cx + half]);
      x += part.widthMm;
    });
    offsets.push(x);
    for (const slot of this.slots.splice(parts.length)) {
      slot.group.remove();
      slot.text.remove();
      slot.handle.remove();
    }
    figureRows(spans).forEach((row, index) => {
      const figure = this.slots[index].figure;
      set(figure, row < 0 ? { visibility: "hidden" } : { visibility: "visible", y: BAND_MM + mm(PX.row * (row + 1) - 5), "font-size": mm(PX.small) });
    });
    this.offsets = offsets;
    this.highlight(view.selected);
    return offsets;
  }

  /** New nodes for the part at `index`. */
  add(index) {
    const group = el("g", { class: "part", role: "button", "data-index": index });
    const body = el("g");
    const band = el("rect", { class: "band", y: 0, height: BAND_MM, stroke: "#fff", "stroke-width": 1, "vector-effect": "non-scaling-stroke" });
    const art = el("g", { class: "art" });
    const warn = el("rect", { class: "warn", fill: "none", "vector-effect": "non-scaling-stroke", "stroke-width": 3, "stroke-dasharray": "8 4" });
    const hit = el("rect", { class: "hit", fill: "transparent" });
    body.append(band, art, warn, hit);
    group.append(body);
    const text = el("g");
    const plate = el("rect", { class: "plate", rx: 0 });
    const label = el("text", { class: "label", "text-anchor": "middle", "dominant-baseline": "central" });
    const figure = el("text", { class: "figure", "text-anchor": "middle", fill: "#3d4452" });
    const lock = el("g");
    text.append(plate, label, figure, lock);
    const handle = el("g", { class: "handle", "data-handle": index, "aria-hidden": "true" });
    const strip = el("line", { stroke: "transparent", "vector-effect": "non-scaling-stroke" });
    const grip = el("rect", { class: "grip", fill: "#fff", stroke: INK, "stroke-width": 1.5, "vector-effect": "non-scaling-stroke" });
    handle.append(strip, grip);
    const slot = { group, body, band, art, warn, hit, text, plate, label, figure, lock, handle, strip, grip, artKey: null, lockKey: null };
    this.parts.append(group);
    this.texts.append(text);
    this.handles.append(handle);
    this.slots[index] = slot;
    return slot;
  }

  /** Bring the part's nodes in line with `part`, drawn from `x`. */
  place(slot, part, index, x, severity, { units, selected, scale, parts }) {
    const mm = (px) => px / scale;
    const top = this.top;
    const w = part.widthMm;
    const wPx = w * scale;
    set(slot.group, {
      class: ["part", severity || "", index === selected ? "selected" : "", part.locked ? "locked" : ""].join(" ").trim(),
      tabindex: index === selected || (selected === null && index === 0) ? "0" : "-1",
      "aria-label": partName(part.label, w, units, severity, part.locked),
      "data-index": index,
    });
    set(slot.body, { transform: `translate(${x} ${top})` });
    set(slot.band, { width: w, fill: part.color });
    const artKey = `${part.type}|${JSON.stringify(part.variant || {})}|${w}`;
    if (slot.artKey !== artKey) {
      slot.artKey = artKey;
      const drawn = illustration(part.type, part.variant || {}, { x: 0, y: 0, width: w, height: BAND_MM });
      slot.art.replaceChildren(...(drawn ? [drawn] : []));
    }
    const inset = mm(4);
    set(slot.warn, severity && severity !== "info"
      ? { visibility: "visible", x: inset, y: inset, width: Math.max(w - 2 * inset, 0), height: BAND_MM - 2 * inset, stroke: STROKE[severity] }
      : { visibility: "hidden" });
    // A finger-sized target under a narrow part.
    const target = mm(PX.target);
    set(slot.hit, wPx < PX.target
      ? { x: (w - target) / 2, y: BAND_MM, width: target, height: target, visibility: "visible" }
      : { x: 0, y: BAND_MM, width: 0, height: 0, visibility: "hidden" });

    // The label, on a plate of the part's colour so it keeps its contrast over the illustration.
    const ink = labelInk(part.color);
    const cx = w / 2;
    set(slot.text, { transform: `translate(${x} ${top})` });
    const across = PX.char * part.label.length + 12 <= wPx;
    const plateH = mm(PX.font + 8);
    let words = part.label;
    if (across) {
      const plateW = mm(PX.char * part.label.length + 8);
      set(slot.plate, { x: cx - plateW / 2, y: mm(6), width: plateW, height: plateH, rx: mm(4), transform: "", fill: part.color, visibility: "visible" });
      set(slot.label, { x: cx, y: mm(6) + plateH / 2, transform: "" });
    } else if (wPx >= PX.font + 6) {
      // Upright, reading upwards, cut to the band's height.
      words = fitText(part.label, BAND_MM * scale - (part.locked ? 48 : 24), PX.char); // clear of the padlock
      const plateW = mm(PX.char * words.length + 8);
      const cy = mm(12) + plateW / 2;
      const turn = `rotate(-90 ${cx} ${cy})`;
      set(slot.plate, { x: cx - plateW / 2, y: cy - plateH / 2, width: plateW, height: plateH, rx: mm(4), transform: turn, fill: part.color, visibility: words ? "visible" : "hidden" });
      set(slot.label, { x: cx, y: cy, transform: turn });
    } else {
      words = "";
      set(slot.plate, { visibility: "hidden" });
    }
    setText(slot.label, words);
    set(slot.label, { "font-size": mm(PX.font), fill: ink });
    setText(slot.figure, formatLength(w, units));
    set(slot.figure, { x: cx });
    const lockKey = part.locked ? `${ink}|${scale}` : "";
    if (slot.lockKey !== lockKey) {
      slot.lockKey = lockKey;
      slot.lock.replaceChildren(...(part.locked ? [lockIcon(mm(16), ink)] : []));
      set(slot.lock, { transform: `translate(${mm(6)} ${BAND_MM - mm(22)})` });
    }

    // The resize handle on the right edge: a finger-wide strip, narrower where narrow parts meet
    // so that they can still be grabbed. Drawn above every part so no neighbour covers it.
    const next = parts[index + 1];
    const narrowest = Math.min(w, next ? next.widthMm : w) * scale;
    set(slot.handle, { "data-handle": index, visibility: part.locked ? "hidden" : "visible" });
    set(slot.strip, { x1: x + w, y1: top, x2: x + w, y2: top + BAND_MM, "stroke-width": Math.max(8, Math.min(28, narrowest / 2)) });
    set(slot.grip, { x: x + w - mm(4), y: top + BAND_MM / 2 - mm(16), width: mm(8), height: mm(32), rx: mm(4) });
  }

  /** Ring the part at `index` (or none) and show the grips of its edges. */
  highlight(index) {
    this.selected = index;
    const slot = index === null ? null : this.slots[index];
    if (!slot) {
      set(this.ring, { visibility: "hidden" });
    } else {
      const x = this.offsets[index];
      const w = this.offsets[index + 1] - x;
      const inset = 3 / this.scale;
      set(this.ring, { visibility: "visible" });
      set(this.ring.firstChild, { x, y: this.top, width: w, height: BAND_MM });
      set(this.ring.lastChild, { x: x + inset, y: this.top + inset, width: Math.max(w - 2 * inset, 0), height: BAND_MM - 2 * inset });
    }
    this.slots.forEach((other, i) => other.handle.classList.toggle("active", index !== null && (i === index || i === index - 1)));
  }

  /** Lift the part at `index` while it is dragged, or set it down (null). */
  lift(index) {
    this.slots.forEach((slot, i) => {
      const up = i === index;
      slot.group.classList.toggle("lifted", up);
      slot.text.classList.toggle("lifted", up);
      // The group's own transform is free (its contents carry the position); user units are mm.
      slot.group.style.transform = up ? `translate(0px, ${-LIFT_PX / this.scale}px)` : "";
    });
  }

  /** Show where a dropped part would land: before part `index` (or hide it, with null). */
  mark(index) {
    if (index === null) {
      set(this.marker, { visibility: "hidden" });
      return;
    }
    const w = 5 / this.scale;
    set(this.marker, { visibility: "visible", x: this.offsets[index] - w / 2, y: this.top - 8 / this.scale, width: w, height: BAND_MM + 16 / this.scale, rx: w / 2 });
  }
}
