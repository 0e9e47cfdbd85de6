// The configurator editor: the form view's own controls, checked by the engine on every input
// instead of a round trip, with the same state (editor/state.js: undo and redo) and autosave as
// the section editor. Typing in a field is a gesture: leaving the field makes it one undo step.

import { showFindings, showMetrics, showSubmitState, undoKeys } from "./checks.js";
import { h, offerCopy, plainForm, readJson } from "./dom.js";
import { draftsFor } from "./drafts.js";
import { configuratorContext, initialState, Store } from "./state.js";

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
  const context = configuratorContext(toolkit);
  const store = new Store(context, initialState(context, { design: readJson("draft-design") }));
  const versionField = form.querySelector("[name=version]");
  const restoreBanner = h("div", { class: "restore", hidden: true });
  form.prepend(restoreBanner);
  const drafts = draftsFor(root, {
    csrfToken,
    version: !versionField?.value ? null : Number(versionField.value),
    onStatus: () => {},
    onVersion: (version) => { versionField.value = version; },
    onConflict: (stored) => {
      parentField.value = stored.parent ?? "";
      show(stored);
      const setAside = drafts.setAside();
      if (setAside) offerCopy(restoreBanner, setAside, "A newer draft saved in another window is shown.", {
        restore: (copy) => { show(copy); drafts.discardSetAside(); },
        discard: () => drafts.discardSetAside(),
      });
    },
  });

  /** Show `copy` (its words and its choices) as the draft. */
  function show(copy) {
    if (titleField) titleField.value = copy.title || "";
    if (whyField) whyField.value = copy.rationale || "";
    act({ type: "replace", design: copy.design });
    write();
  }

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
    return { ...store.state.design, choices, parameters };
  }

  function write() {
    const { design } = store.state;
    for (const control of controls) {
      control.value = control.name.startsWith("choice-")
        ? design.choices[control.name.slice(7)]
        : design.parameters[control.name.slice(10)];
    }
  }

  /** Dispatch `action` (it cannot fail: a design the engine refuses is judged as one error) and
   * show the result; the draft is saved whenever the design changes. */
  function act(action) {
    const started = performance.now();
    const previous = store.state;
    store.dispatch(action);
    if (store.state.design !== previous.design) render(started, { record: true });
  }

  function render(started, { record = false } = {}) {
    const { design, evaluation } = store.state;
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
    if (record) drafts.save(currentDraft());
    root.dispatchEvent(new CustomEvent("cocreate:rendered", { detail: { started, finished: performance.now() } }));
  }

  const titleField = form.querySelector("[name=title]");
  const whyField = form.querySelector("[name=rationale]");
  const parentField = form.querySelector("[name=parent]");
  const currentDraft = () => ({ design: store.state.design, title: titleField?.value ?? "", rationale: whyField?.value ?? "", parent: parentField?.value ?? "" });

  form.addEventListener("input", (event) => {
    if (!controls.includes(event.target)) return;
    store.dispatch({ type: "begin" });
    act({ type: "replace", design: read() });
  });
  form.addEventListener("change", (event) => {
    if (controls.includes(event.target)) store.dispatch({ type: "end" });
  });
  function travel(type) {
    act({ type });
    write();
  }
  undoKeys(() => travel("undo"), () => travel("redo"), { fieldsToo: true });

  titleField?.addEventListener("input", () => drafts.save(currentDraft()));
  whyField?.addEventListener("input", () => drafts.save(currentDraft()));
  form.addEventListener("submit", () => { designField.value = JSON.stringify(store.state.design); drafts.settle(); });
  window.addEventListener("pagehide", () => drafts.flush());
  root.hidden = true; // nothing to draw: the form's own controls are the editor
  render(performance.now());
}
