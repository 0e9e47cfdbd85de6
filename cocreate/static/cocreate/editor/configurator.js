// The configurator editor: the form view's own controls, checked by engine.js on every input
// instead of a round trip, with undo and redo and the same autosave as the section editor.

import { showFindings, showMetrics, showSubmitState, undoKeys } from "./checks.js";
import { h, plainForm, readJson } from "./dom.js";
import { Drafts } from "./drafts.js";
import { History } from "./history.js";

export function startConfigurator(root, doc, toolkit) {
  const form = plainForm(document.getElementById("toolkit"), [".preview figure", "button[value=update]"]);
  const csrfToken = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const findingsRegion = form.querySelector(".findings-region");
  const metricsTable = form.querySelector("table.metrics");
  const submitButton = form.querySelector("button[value=submit]");
  const submitReason = h("div", { id: "editor-submit-reason", class: "blocked-reason" });
  submitButton.before(submitReason);
  submitButton.setAttribute("aria-describedby", "editor-submit-reason");
  const designField = h("input", { type: "hidden", name: "design-json" });
  form.append(designField);
  const controls = [...form.querySelectorAll("[name^=choice-], [name^=parameter-]")];
  const history = new History(100);
  const drafts = new Drafts({
    url: root.dataset.draftUrl, key: root.dataset.storageKey, csrfToken, onStatus: () => {},
  });
  let design = readJson("draft-design");
  let before = structuredClone(design);

  function read() {
    const choices = {};
    const parameters = {};
    for (const control of controls) {
      if (control.name.startsWith("choice-")) choices[control.name.slice(7)] = control.value;
      else {
        const value = Number(control.value);
        parameters[control.name.slice(10)] = control.value.trim() === "" || !Number.isFinite(value) ? control.value : value;
      }
    }
    return { ...design, choices, parameters };
  }

  function write() {
    for (const control of controls) {
      control.value = control.name.startsWith("choice-")
        ? design.choices[control.name.slice(7)]
        : design.parameters[control.name.slice(10)];
    }
  }

  function render({ record = true } = {}) {
    const started = performance.now();
    let evaluation;
    try {
      evaluation = toolkit.evaluate(design);
    } catch (error) {
      evaluation = { valid: false, metrics: {}, findings: [{ rule: "input", check: "input", severity: "error", message: error.message, parts: [] }] };
    }
    showFindings(findingsRegion, evaluation.findings);
    showMetrics(metricsTable, doc.metrics, evaluation.metrics);
    showSubmitState(submitButton, submitReason, evaluation.findings);
    for (const control of controls) {
      const id = control.name.replace(/^(choice|parameter)-/, "");
      const severity = evaluation.findings.find((finding) => finding.parts.includes(id))?.severity || "";
      control.closest(".option")?.setAttribute("class", `option ${severity}`.trim());
      control.setAttribute("aria-invalid", String(severity === "error"));
    }
    form.querySelectorAll(".option .part-findings").forEach((list) => list.remove());
    designField.value = JSON.stringify(design);
    if (record) drafts.save({ design, title: titleField.value, rationale: whyField.value, parent: parentField.value });
    root.dispatchEvent(new CustomEvent("cocreate:rendered", { detail: { started, finished: performance.now() } }));
  }

  const titleField = form.querySelector("[name=title]");
  const whyField = form.querySelector("[name=rationale]");
  const parentField = form.querySelector("[name=parent]");

  form.addEventListener("input", (event) => {
    if (!controls.includes(event.target)) return;
    design = read();
    render();
  });
  form.addEventListener("change", (event) => {
    if (!controls.includes(event.target)) return;
    if (JSON.stringify(before) !== JSON.stringify(design)) {
      history.push(before);
      before = structuredClone(design);
    }
  });
  undoKeys(
    () => step(history.undo(structuredClone(design))),
    () => step(history.redo(structuredClone(design))),
    { fieldsToo: true },
  );
  function step(next) {
    if (!next) return;
    design = next;
    before = structuredClone(design);
    write();
    render();
  }

  titleField.addEventListener("input", () => drafts.save({ design, title: titleField.value, rationale: whyField.value, parent: parentField.value }));
  whyField.addEventListener("input", () => drafts.save({ design, title: titleField.value, rationale: whyField.value, parent: parentField.value }));
  form.addEventListener("submit", () => { designField.value = JSON.stringify(design); drafts.settle(); });
  window.addEventListener("pagehide", () => drafts.flush());
  root.hidden = true; // nothing to draw: the form's own controls are the editor
  render({ record: false });
}
