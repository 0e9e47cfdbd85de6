// The configurator editor: the form view's own controls, checked by the engine on every input
// instead of a round trip, with the same state (editor/state.js: undo and redo), toolbar and
// autosave as the section editor. Typing in a field is a gesture: leaving the field makes it one
// undo step. The configured product is drawn live (design/configurator/drawing.js, the same
// drawing the server puts on cards); a finding that names an option shows beside its field.

import { drawingFor, scene } from "../design/configurator/drawing.js";
import { showFindings, showMetrics, showSubmitState, undoKeys } from "./checks.js";
import { h, offerCopy, plainForm, readJson } from "./dom.js";
import { draftsFor } from "./drafts.js";
import { pressureFor } from "./pressure.js";
import { canRedo, canUndo, configuratorContext, initialState, Store } from "./state.js";

const SVG = "http://www.w3.org/2000/svg";

/** Show `drawn` (a scene) in `svg`, updating the shapes already there by key: a change of
 * choice adds, removes or moves a few shapes, the rest of the drawing stays as it was. */
export function paint(svg, drawn) {
  svg.setAttribute("viewBox", drawn.view.join(" "));
  // its name is a <title>, not aria-label: a label naming every option would match the fields'
  const title = svg.querySelector(":scope > title") ?? svg.appendChild(svg.ownerDocument.createElementNS(SVG, "title"));
  title.textContent = drawn.label;
  const existing = new Map([...svg.children].filter((node) => node !== title).map((node) => [node.dataset.key, node]));
  let previous = title;
  for (const { key, tag, attrs } of drawn.shapes) {
    let node = existing.get(key);
    existing.delete(key);
    if (!node || node.tagName !== tag) {
      node?.remove();
      node = svg.ownerDocument.createElementNS(SVG, tag);
      node.dataset.key = key;
    }
    for (const attribute of [...node.attributes]) {
      if (attribute.name !== "data-key" && !(attribute.name in attrs)) node.removeAttribute(attribute.name);
    }
    for (const [name, value] of Object.entries(attrs)) {
      if (node.getAttribute(name) !== value) node.setAttribute(name, value);
    }
    if (previous.nextSibling !== node) svg.insertBefore(node, previous.nextSibling);
    previous = node;
  }
  for (const stale of existing.values()) stale.remove();
}

export function startConfigurator(root, doc, toolkit) {
  const form = plainForm(document.getElementById("toolkit"), ["button[value=update]"]);
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
  const hints = new Map(controls.map((control) => [control, form.querySelector(`#${control.id}-hint`)?.id]));
  const context = configuratorContext(toolkit);
  const store = new Store(context, initialState(context, { design: readJson("draft-design") }));
  const versionField = form.querySelector("[name=version]");
  const restoreBanner = h("div", { class: "restore", hidden: true });
  form.prepend(restoreBanner);
  const pressure = pressureFor(root, { csrfToken, submitButton, findings: () => store.state.evaluation.findings });
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

  // ---- the page: a toolbar; the drawing and the metrics kept in view beside (laptop) or above
  // (phone) the options; the rule checks after them
  const undoButton = h("button", { type: "button", onclick: () => travel("undo") }, "Undo");
  const redoButton = h("button", { type: "button", onclick: () => travel("redo") }, "Redo");
  root.replaceChildren(h("div", { class: "editor-toolbar config-toolbar", role: "toolbar", "aria-label": "Editor" },
    undoButton, redoButton, h("a", { href: "?form=1", class: "form-view" }, "Form view")));
  root.hidden = false;
  const drawing = drawingFor(doc.id);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("role", "img");
  svg.setAttribute("class", "bike-drawing");
  const preview = form.querySelector(".preview");
  const checks = preview.querySelector(".checks");
  const metricsHeading = metricsTable.previousElementSibling;
  preview.replaceWith(h("div", { class: "config-editor" },
    h("div", { class: "config-side" },
      h("div", { class: "config-live" },
        drawing ? h("figure", { class: "config-drawing" }, svg) : null,
        h("div", { class: "config-metrics" }, metricsHeading, metricsTable)),
      checks),
    form.querySelector("fieldset.options")));

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
    if (store.state !== previous) render(started, { record: store.state.design !== previous.design });
  }

  /** Each field's findings beside it, between its label and the field (red for an error), and
   * in the field's description. */
  function showFieldFindings({ findings }, design) {
    for (const control of controls) {
      const id = control.name.replace(/^(choice|parameter)-/, "");
      const own = findings.filter((finding) => finding.parts.includes(id));
      if (control.name.startsWith("parameter-") && typeof design.parameters[id] !== "number") {
        own.unshift({ severity: "error", message: "Enter a number." }); // as the form view says
      }
      const option = control.closest(".option");
      option.querySelector(".field-findings")?.remove();
      option.querySelectorAll(".part-findings, .field-error").forEach((node) => node.remove()); // the form view's
      const severity = ["error", "warning", "info"].find((worst) => own.some((finding) => finding.severity === worst)) || "";
      option.setAttribute("class", `option ${severity}`.trim());
      const describedBy = [hints.get(control)];
      if (own.length) {
        const listId = `${control.id}-findings`;
        control.before(h("ul", { class: "field-findings", id: listId },
          ...own.map((finding) => h("li", { class: finding.severity }, finding.message))));
        describedBy.unshift(listId);
      }
      const ids = describedBy.filter(Boolean).join(" ");
      if (ids) control.setAttribute("aria-describedby", ids);
      else control.removeAttribute("aria-describedby");
      control.setAttribute("aria-invalid", String(own.some((finding) => finding.severity === "error")));
    }
  }

  function render(started, { record = false } = {}) {
    const { state } = store;
    const { design, evaluation } = state;
    if (drawing) paint(svg, scene(drawing, doc, design.choices, design.parameters));
    showFindings(findingsRegion, evaluation.findings);
    showMetrics(metricsTable, doc.metrics, evaluation.metrics);
    showSubmitState(submitButton, submitReason, evaluation.findings);
    pressure.see(evaluation.findings);
    showFieldFindings(evaluation, design);
    undoButton.disabled = !canUndo(state);
    redoButton.disabled = !canRedo(state);
    designField.value = JSON.stringify(design);
    if (record) {
      drafts.save(currentDraft());
      pressure.soon();
    }
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
    if (controls.includes(event.target)) act({ type: "end" });
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
  render(performance.now());
}
