// What both editors show after every change: findings in a live region, metrics, and whether
// the proposal can be submitted (and why not).

import { h } from "./dom.js";

const SEVERITY_WORD = { error: "Error", warning: "Warning", info: "Note" };

export function showFindings(region, findings) {
  if (!findings.length) {
    region.replaceChildren(h("p", { class: "ok" }, "Meets every rule."));
    return;
  }
  region.replaceChildren(h("ul", { class: "findings" }, ...findings.map((finding) =>
    h("li", { class: `finding ${finding.severity}`, "data-check": finding.check, "data-severity": finding.severity },
      h("span", { class: "sev" }, SEVERITY_WORD[finding.severity]), " ", finding.message))));
}

export function showMetrics(table, definitions, values) {
  table.replaceChildren(...Object.entries(definitions || {})
    .filter(([id]) => id in values)
    .map(([id, metric]) => h("tr", {}, h("th", { scope: "row" }, metric.label),
      h("td", {}, `${values[id].toLocaleString("en")} ${metric.unit}`))));
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
