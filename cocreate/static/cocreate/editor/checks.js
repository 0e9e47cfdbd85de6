// What both editors show after every change: findings in a live region (each with its severity,
// a Show control that points at its parts and the quick fixes the engine offers), metrics against
// their thresholds and the proposed design, and whether the proposal can be submitted (and why
// not).

import { quickFixes } from "../design/index.js";
import { h } from "./dom.js";

const SEVERITY = { error: ["✕", "Error"], warning: ["!", "Warning"], info: ["i", "Note"] };

/** Point at `parts` in `drawing`: their part groups get the class `pointed` (the drawing's CSS
 * highlights them); no parts clears it. */
export function pointAt(drawing, parts) {
  if (!drawing) return;
  const wanted = new Set(parts.map(String));
  drawing.querySelectorAll("g.part").forEach((group) => group.classList.toggle("pointed", wanted.has(group.dataset.index)));
}

/** The part a fix leaves selected: the part it adds, else the finding's first part. */
function fixedPart(fix, finding) {
  const added = fix.edits.find((edit) => edit.op === "add_part");
  return added ? added.index : finding.parts[0] ?? null;
}

/**
 * Show `findings` in `region`. Options (the section editor's; the configurator passes none):
 * `toolkit` and `design` (the design judged, to offer the engine's quick fixes), `onFix(fix,
 * select)` (apply a fix, then select part `select`), `onShow(index)` (scroll a part into view and
 * select it) and `drawing` (the SVG whose `g.part[data-index]` groups a finding points at).
 */
export function showFindings(region, findings, { toolkit = null, design = null, onFix = null, onShow = null, drawing = null } = {}) {
  if (!findings.length) {
    region.replaceChildren(h("p", { class: "ok" }, "Meets every rule."));
    return;
  }
  const fixes = toolkit && design && onFix ? quickFixes(toolkit, design, { findings }) : [];
  region.replaceChildren(h("ul", { class: "findings" }, ...findings.map((finding, k) => {
    const [icon, word] = SEVERITY[finding.severity];
    const parts = drawing ? finding.parts.filter(Number.isInteger) : [];
    const actions = [
      ...(parts.length && onShow
        ? [h("button", { type: "button", class: "show", "aria-describedby": `finding-${k}`, onclick: () => onShow(parts[0]) }, "Show")]
        : []),
      ...(fixes[k] || []).map((fix) => h("button", { type: "button", class: "fix", onclick: () => onFix(fix, fixedPart(fix, finding)) }, fix.label)),
    ];
    const item = h("li", { class: `finding ${finding.severity}`, "data-check": finding.check, "data-severity": finding.severity },
      h("span", { class: "sev" }, h("span", { class: "sev-icon", "aria-hidden": "true" }, icon), word), " ",
      h("span", { class: "finding-message", id: `finding-${k}` }, finding.message),
      ...(actions.length ? [h("span", { class: "finding-actions" }, ...actions)] : []));
    if (parts.length) {
      item.dataset.parts = parts.join(" ");
      const point = () => pointAt(drawing, parts);
      const clear = () => pointAt(drawing, []);
      item.addEventListener("pointerenter", point);
      item.addEventListener("pointerleave", clear);
      item.addEventListener("focusin", point);
      item.addEventListener("focusout", clear);
    }
    return item;
  })));
}

const proposed = new WeakMap();

/** The proposed design's metrics, evaluated once per toolkit by the engine: the challenge's
 * baseline when the page gives it (`<script id="baseline-design">`), else the toolkit's; null
 * when there is none. */
export function proposedMetrics(toolkit) {
  if (!proposed.has(toolkit)) {
    const script = globalThis.document?.getElementById("baseline-design");
    const baseline = script ? JSON.parse(script.textContent) : toolkit.baseline;
    proposed.set(toolkit, baseline ? toolkit.evaluate(baseline).metrics : null);
  }
  return proposed.get(toolkit);
}

const number = (value) => value.toLocaleString("en");

/** A metric rule's bound as a reader says it: "needs ≥ 75,000", "needs ≤ 2,000". */
function needs(rule) {
  const bounds = [];
  if (rule.min !== undefined && rule.min !== null) bounds.push(`≥ ${number(rule.min)}`);
  if (rule.max !== undefined && rule.max !== null) bounds.push(`≤ ${number(rule.max)}`);
  return `needs ${bounds.join(" and ")}`;
}

/**
 * Show each metric in `table`: its value, and with options (the section editor's) `rules` (the
 * toolkit's rules: metric rules give thresholds) and `baseline` (the proposed design's metrics) the
 * threshold it must meet and the difference from the proposed design ("+3,200 vs proposed").
 */
export function showMetrics(table, definitions, values, { rules = [], baseline = null } = {}) {
  table.replaceChildren(...Object.entries(definitions || {})
    .filter(([id]) => id in values)
    .map(([id, metric]) => {
      const value = values[id];
      const notes = rules.filter((rule) => rule.check === "metric" && rule.metric === id).map((rule) => {
        const met = !(rule.min != null && value < rule.min) && !(rule.max != null && value > rule.max);
        return h("span", { class: `metric-note ${met ? "met" : "unmet"}` }, `${needs(rule)}${met ? "" : " (not met)"}`);
      });
      if (baseline && id in baseline) {
        const change = value - baseline[id];
        const text = change === 0 ? "same as proposed" : `${change > 0 ? "+" : "−"}${number(Math.abs(change))} vs proposed`;
        notes.push(h("span", { class: "metric-note versus" }, text));
      }
      return h("tr", {}, h("th", { scope: "row" }, metric.label),
        h("td", {}, `${number(value)} ${metric.unit}`, ...notes));
    }));
}

export function showSubmitState(button, reason, findings) {
  const errors = findings.filter((finding) => finding.severity === "error");
  button.disabled = errors.length > 0;
  reason.replaceChildren(...(errors.length
    ? [h("p", { class: "blocked" }, button.dataset.blocked || "Fix these before you submit:"),
       h("ul", { class: "blocked-list" }, ...errors.map((finding) => h("li", {}, finding.message)))]
    : []));
}

/** Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, except while typing in a text field. */
export function undoKeys(undo, redo, { fieldsToo = false } = {}) {
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    if (!fieldsToo && event.target.closest?.("input, textarea, select")) return;
    if (event.target.closest?.("textarea, input[type=text], input:not([type])")) return;
    const key = event.key.toLowerCase();
    if (key === "z" && !event.shiftKey) undo();
    else if ((key === "z" && event.shiftKey) || key === "y") redo();
    else return;
    event.preventDefault();
  });
}
