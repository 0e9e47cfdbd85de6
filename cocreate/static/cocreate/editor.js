// The toolkit editor: progressively enhances the plain-HTML toolkit page (which stays available as
// the form view, `?form=1`). This file is the DOM wiring: every change is an action on the
// editor's state (editor/state.js, built on the engine's edit operations), evaluated at once by
// the engine with the same rules the server applies; the draft is kept in this browser and
// autosaved to the server.

import { loadToolkit } from "./design/index.js";
import { proposedMetrics, showFindings, showMetrics, showSubmitState, undoKeys } from "./editor/checks.js";
import { startConfigurator } from "./editor/configurator.js";
import { h, humanize, offerCopy, plainForm, readJson } from "./editor/dom.js";
import { downloadPng, downloadSvg } from "./editor/export.js";
import { draftsFor } from "./editor/drafts.js";
import { draw } from "./editor/drawing.js";
import { canRedo, canUndo, initialState, insertionIndex, isLocked, sectionContext, Store, widthMm } from "./editor/state.js";
import { fieldValue, parseField, toMm } from "./editor/units.js";

const STEP_MM = 100;
const FINE_STEP_MM = 50;
const DRAG_THRESHOLD_PX = 4;

const root = document.getElementById("editor");
if (root && !new URLSearchParams(location.search).has("form")) {
  const doc = readJson("toolkit-document");
  if (doc.kind === "configurator") startConfigurator(root, doc, loadToolkit(doc));
  else start(root, doc);
}

function start(root, doc) {
  const toolkit = loadToolkit(doc);
  const catalog = doc.parts || {};
  const lengthMm = toMm(doc.length ?? readJson("draft-design").length ?? 0);
  // The editor replaces the form view's part fields, drawing and checks.
  const form = plainForm(document.getElementById("toolkit"), ["fieldset.parts", ".preview"]);
  const csrfToken = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const titleField = form.querySelector("[name=title]");
  const whyField = form.querySelector("[name=rationale]");
  const parentField = form.querySelector("[name=parent]");
  const versionField = form.querySelector("[name=version]");
  const submitButton = form.querySelector("button[value=submit]");
  const designField = h("input", { type: "hidden", name: "design-json" });
  form.append(designField);

  const context = sectionContext(toolkit, doc);
  const store = new Store(context, initialState(context, {
    design: readJson("draft-design"),
    units: root.dataset.units || localStorage.getItem("cocreate:units") || "metric",
  }));
  let offsets = []; // where each part's left edge was drawn (mm), for drops
  const drafts = draftsFor(root, {
    csrfToken,
    version: !versionField?.value ? null : Number(versionField.value),
    onStatus: (status, detail) => showSaveStatus(status, detail),
    onVersion: (version) => { versionField.value = version; },
    onConflict: (stored) => takeStored(stored),
  });

  // ---- the page -------------------------------------------------------------------------------
  const saveStatus = h("span", { class: "save-status" });
  const undoButton = h("button", { type: "button", onclick: () => act({ type: "undo" }) }, "Undo");
  const redoButton = h("button", { type: "button", onclick: () => act({ type: "redo" }) }, "Redo");
  const unitButtons = ["metric", "imperial"].map((units) =>
    h("button", { type: "button", "data-units": units, onclick: () => setUnits(units) },
      units === "metric" ? "Metres" : "Feet"));
  const toolbar = h("div", { class: "editor-toolbar", role: "toolbar", "aria-label": "Editor" },
    undoButton, redoButton,
    h("span", { class: "group", role: "group", "aria-label": "Units" }, ...unitButtons),
    h("button", { type: "button", onclick: () => downloadSvg(svg, fileName()) }, "Export SVG"),
    h("button", { type: "button", onclick: () => downloadPng(svg, fileName()) }, "Export PNG"),
    h("a", { href: "?form=1", class: "form-view" }, "Form view"),
    saveStatus);

  const palette = h("div", { class: "palette", role: "group", "aria-label": "Add a part" },
    ...Object.entries(catalog).map(([type, entry]) => {
      const button = h("button", { type: "button", class: "swatch", "data-type": type,
        "aria-label": `Add ${entry.label}` }, h("span", { class: "chip", "aria-hidden": "true" }), entry.label);
      button.querySelector(".chip").style.background = entry.color;
      button.addEventListener("pointerdown", (event) => startPaletteDrag(event, type));
      button.addEventListener("click", (event) => {
        if (event.detail === 0 || !button.dataset.dragged) addPart(type, insertionIndex(store.state));
        delete button.dataset.dragged;
      });
      return button;
    }));

  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "editor-drawing");
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", "The design, left to right. Arrow keys move between parts; + and - change the width; Alt+arrows move a part; Delete removes it.");
  const bin = h("div", { class: "bin", "aria-hidden": "true" }, "Drop here to remove");
  const inspector = h("div", { class: "inspector", "aria-live": "off" });
  const findingsRegion = h("div", { role: "status", "aria-live": "polite", class: "findings-region" });
  const metricsTable = h("table", { class: "metrics" });
  const submitReason = h("div", { id: "editor-submit-reason", class: "blocked-reason" });
  const restoreBanner = h("div", { class: "restore", hidden: true });
  const notice = h("div", { class: "editor-notice", "aria-live": "polite" });

  root.replaceChildren(
    restoreBanner, notice, toolbar, palette,
    h("div", { class: "stage" }, svg, bin),
    h("div", { class: "editor-columns" },
      inspector,
      h("div", { class: "checks" }, h("h2", {}, "Rule checks"), findingsRegion, h("h2", {}, "Metrics"), metricsTable)),
  );
  submitButton.before(submitReason);
  submitButton.setAttribute("aria-describedby", "editor-submit-reason");
  root.hidden = false;
  document.body.classList.add("editor-on");

  // ---- state changes ---------------------------------------------------------------------------
  function parts() {
    return store.state.design.parts;
  }

  /** Dispatch `action` and show what it changed, or say why it was refused. */
  function act(action, { focus = false } = {}) {
    const started = performance.now();
    const previous = store.state;
    const error = store.dispatch(action);
    if (error) say(error.message, "error");
    else if (store.state !== previous || focus) render(previous, { focus, started });
    return !error;
  }

  const locked = (index) => isLocked(context, store.state, index);
  const width = (index) => widthMm(store.state, index);
  const addPart = (type, index) => act({ type: "addPart", partType: type, index }, { focus: true });
  const removePart = (index) => act({ type: "removePart", index }, { focus: true });
  const movePart = (index, to) => act({ type: "movePart", index, to }, { focus: true });
  const setWidth = (index, mm) => act({ type: "setWidth", index, widthMm: mm });
  const select = (index, options) => act({ type: "select", index }, options);

  function setUnits(units) {
    localStorage.setItem("cocreate:units", units);
    if (root.dataset.signedIn) {
      const body = new FormData();
      body.set("units", units);
      fetch(root.dataset.unitsUrl, { method: "POST", body, headers: { "X-CSRFToken": csrfToken } }).catch(() => {});
    }
    act({ type: "setUnits", units });
  }

  // ---- drawing everything ----------------------------------------------------------------------
  /** Show `store.state`; `previous` tells whether the draft moved on, `started` when the action
   * began (the state evaluates the design, so the time until now is the evaluation's). */
  function render(previous, { focus = false, started = performance.now() } = {}) {
    const { state } = store;
    const evaluated = performance.now();
    const hadFocus = svg.contains(document.activeElement);
    offsets = draw(svg, {
      parts: parts().map((part, index) => {
        const entry = catalog[part.type];
        return {
          type: part.type,
          widthMm: width(index),
          label: entry ? entry.label : `${part.type} (unknown)`,
          color: entry ? entry.color : "#bbbbbb",
          locked: locked(index),
        };
      }),
      lengthMm,
      evaluation: state.evaluation,
      units: state.units,
      selected: state.selected,
    });
    const drawn = performance.now();
    // ---- findings, quick fixes and metrics (issue 12, item 4) ----
    showFindings(findingsRegion, state.evaluation.findings, {
      toolkit, design: state.design, drawing: svg,
      onFix: (fix, index) => act({ type: "applyFix", fix, select: index }, { focus: true }),
      onShow: (index) => {
        select(index, { focus: true });
        svg.querySelector(`g.part[data-index="${index}"]`)?.scrollIntoView({ block: "nearest", inline: "center" });
      },
    });
    showMetrics(metricsTable, doc.metrics, state.evaluation.metrics, { rules: doc.rules || [], baseline: proposedMetrics(toolkit) });
    // ---- end of findings, quick fixes and metrics ----
    renderInspector();
    showSubmitState(submitButton, submitReason, state.evaluation.findings);
    undoButton.disabled = !canUndo(state);
    redoButton.disabled = !canRedo(state);
    unitButtons.forEach((button) => button.setAttribute("aria-pressed", String(button.dataset.units === state.units)));
    designField.value = JSON.stringify(state.design);
    if ((focus || hadFocus) && state.selected !== null) {
      svg.querySelector(`g.part[data-index="${state.selected}"]`)?.focus();
    }
    if (state.revision !== previous.revision) drafts.save(currentDraft());
    root.dispatchEvent(new CustomEvent("cocreate:rendered", { detail: { started, evaluated, drawn, finished: performance.now() } }));
  }

  function renderInspector() {
    const { state } = store;
    const index = state.selected;
    if (index === null || !parts()[index]) {
      inspector.replaceChildren(h("p", { class: "hint" }, "Select a part to change it, or drag one in from the palette."));
      return;
    }
    const part = parts()[index];
    const entry = catalog[part.type];
    const fixed = locked(index);
    const widthInput = h("input", { id: "inspector-width", inputmode: "decimal", size: 6, value: fieldValue(width(index), state.units), disabled: fixed });
    widthInput.addEventListener("change", () => {
      const mm = parseField(widthInput.value, store.state.units);
      if (mm === null) {
        widthInput.setAttribute("aria-invalid", "true");
        return;
      }
      setWidth(index, mm);
    });
    const typeSelect = h("select", { id: "inspector-type", disabled: fixed },
      ...Object.entries(catalog).map(([type, item]) => h("option", { value: type, selected: type === part.type }, item.label)),
      ...(entry ? [] : [h("option", { value: part.type, selected: true }, `${part.type} (unknown)`)]));
    typeSelect.addEventListener("change", () => act({ type: "setType", index, partType: typeSelect.value }));
    const variantFields = Object.entries(entry?.variants || {}).map(([axis, spec]) => {
      const select = h("select", { id: `inspector-variant-${axis}`, disabled: fixed },
        ...spec.values.map((value) => h("option", { value, selected: (part.variant || {})[axis] === value }, humanize(value))));
      select.addEventListener("change", () => act({ type: "setVariant", index, axis, value: select.value }));
      return h("label", { for: `inspector-variant-${axis}` }, humanize(axis), select);
    });
    inspector.replaceChildren(
      h("h2", {}, `Part ${index + 1}: ${entry ? entry.label : part.type}`, fixed ? " (locked)" : ""),
      h("div", { class: "fields" },
        h("label", { for: "inspector-type" }, "Type", typeSelect),
        h("label", { for: "inspector-width" }, `Width (${state.units === "imperial" ? "ft" : "m"})`, widthInput),
        ...variantFields),
      h("div", { class: "part-buttons" },
        h("button", { type: "button", disabled: fixed || index === 0, onclick: () => movePart(index, index - 1) }, "Move left"),
        h("button", { type: "button", disabled: fixed || index === parts().length - 1, onclick: () => movePart(index, index + 1) }, "Move right"),
        h("button", { type: "button", class: "danger", disabled: fixed, onclick: () => removePart(index) }, "Remove")),
    );
  }

  // ---- keyboard --------------------------------------------------------------------------------
  svg.addEventListener("keydown", (event) => {
    const group = event.target.closest?.("g.part");
    if (!group) return;
    const index = Number(group.dataset.index);
    const step = event.shiftKey ? FINE_STEP_MM : STEP_MM;
    const key = event.key;
    let handled = true;
    if ((event.ctrlKey || event.metaKey) && !event.altKey) {
      handled = false; // undo/redo are handled for the whole editor below
    } else if (key === "+" || key === "=" || key === "Add") {
      setWidth(index, width(index) + step);
    } else if (key === "-" || key === "_" || key === "Subtract") {
      setWidth(index, width(index) - step);
    } else if (event.altKey && key === "ArrowLeft") {
      movePart(index, index - 1);
    } else if (event.altKey && key === "ArrowRight") {
      movePart(index, index + 1);
    } else if (key === "ArrowLeft" || key === "ArrowRight" || key === "Home" || key === "End") {
      select({ ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: parts().length - 1 }[key], { focus: true });
    } else if (key === "Delete" || key === "Backspace") {
      removePart(index);
    } else if (key === "Enter" || key === " ") {
      select(index);
      document.getElementById("inspector-width")?.focus();
    } else {
      handled = false;
    }
    if (handled) event.preventDefault();
  });

  svg.addEventListener("focusin", (event) => {
    const group = event.target.closest?.("g.part");
    if (group && Number(group.dataset.index) !== store.state.selected) {
      store.dispatch({ type: "select", index: Number(group.dataset.index) }); // no redraw: focus stays put
      svg.querySelectorAll("g.part").forEach((g) => {
        g.setAttribute("tabindex", g === group ? "0" : "-1");
        g.classList.toggle("selected", g === group);
      });
      renderInspector();
    }
  });

  undoKeys(() => act({ type: "undo" }), () => act({ type: "redo" }));

  // ---- pointer: resize, reorder, remove, add ---------------------------------------------------
  function pointerMm(event) {
    const point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse()).x;
  }

  function indexAt(mm) {
    // Where a part dropped at `mm` goes: before the first part whose middle lies to its right.
    for (let i = 0; i < parts().length; i += 1) {
      if (mm < (offsets[i] + offsets[i + 1]) / 2) return i;
    }
    return parts().length;
  }

  function overBin(event) {
    const box = bin.getBoundingClientRect();
    return event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
  }

  svg.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest?.("[data-handle]");
    const group = event.target.closest?.("g.part");
    if ((!handle && !group) || event.button > 0) return;
    event.preventDefault();
    svg.setPointerCapture(event.pointerId);
    if (handle) startResize(event, Number(handle.dataset.handle));
    else if (!locked(Number(group.dataset.index))) startReorder(event, Number(group.dataset.index));
    else select(Number(group.dataset.index), { focus: true });
  });

  function track(event, onMove, onUp) {
    const move = (moveEvent) => { if (moveEvent.pointerId === event.pointerId) onMove(moveEvent); };
    const up = (upEvent) => {
      if (upEvent.pointerId !== event.pointerId) return;
      svg.removeEventListener("pointermove", move);
      svg.removeEventListener("pointerup", up);
      svg.removeEventListener("pointercancel", up);
      onUp(upEvent);
    };
    svg.addEventListener("pointermove", move);
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
  }

  /** A drag of a part's edge: every width on the way is shown, the whole drag is one undo step. */
  function startResize(event, index) {
    const startMm = pointerMm(event);
    const startWidth = width(index);
    select(index);
    store.dispatch({ type: "begin" }); // nothing to show until the edge moves
    track(event, (move) => {
      const step = move.shiftKey ? FINE_STEP_MM : STEP_MM;
      setWidth(index, Math.round((startWidth + (pointerMm(move) - startMm)) / step) * step);
    }, () => act({ type: "end" }));
  }

  function startReorder(event, index) {
    const startX = event.clientX;
    let dragging = false;
    track(event, (move) => {
      if (!dragging && Math.abs(move.clientX - startX) < DRAG_THRESHOLD_PX) return;
      dragging = true;
      svg.classList.add("dragging");
      bin.classList.toggle("armed", overBin(move));
    }, (up) => {
      svg.classList.remove("dragging");
      bin.classList.remove("armed");
      if (!dragging) {
        select(index, { focus: true });
        return;
      }
      if (overBin(up)) {
        removePart(index);
        return;
      }
      let to = indexAt(pointerMm(up));
      if (to > index) to -= 1;
      movePart(index, to);
    });
  }

  function startPaletteDrag(event, type) {
    if (event.button > 0) return;
    const button = event.currentTarget;
    const startX = event.clientX;
    const startY = event.clientY;
    let ghost = null;
    button.setPointerCapture(event.pointerId);
    const move = (moveEvent) => {
      if (!ghost && Math.hypot(moveEvent.clientX - startX, moveEvent.clientY - startY) < DRAG_THRESHOLD_PX) return;
      if (!ghost) {
        ghost = h("div", { class: "drag-ghost", "aria-hidden": "true" }, catalog[type].label);
        document.body.append(ghost);
        button.dataset.dragged = "1";
      }
      ghost.style.left = `${moveEvent.clientX}px`;
      ghost.style.top = `${moveEvent.clientY}px`;
    };
    const up = (upEvent) => {
      button.removeEventListener("pointermove", move);
      button.removeEventListener("pointerup", up);
      button.removeEventListener("pointercancel", up);
      if (!ghost) return;
      ghost.remove();
      const box = svg.getBoundingClientRect();
      const inside = upEvent.clientX >= box.left && upEvent.clientX <= box.right && upEvent.clientY >= box.top && upEvent.clientY <= box.bottom;
      if (inside && upEvent.type === "pointerup") addPart(type, indexAt(pointerMm(upEvent)));
    };
    button.addEventListener("pointermove", move);
    button.addEventListener("pointerup", up);
    button.addEventListener("pointercancel", up);
  }

  // ---- drafts ----------------------------------------------------------------------------------
  function currentDraft() {
    return { design: store.state.design, title: titleField?.value ?? "", rationale: whyField?.value ?? "", parent: parentField?.value ?? "" };
  }

  function showSaveStatus(status, detail) {
    saveStatus.dataset.status = status;
    saveStatus.textContent = {
      saving: "Saving…",
      saved: "Draft saved",
      offline: "Offline: kept in this browser, retrying",
      refused: `Not saved: ${detail || "the server refused this draft"}`,
      replaced: "A newer draft from another window is shown",
    }[status];
  }

  /** Show `copy` (its words and design) as the draft; false if the engine refuses the design. */
  function show(copy) {
    if (titleField) titleField.value = copy.title || "";
    if (whyField) whyField.value = copy.rationale || "";
    return act({ type: "replace", design: copy.design });
  }

  /** Another window saved first: take its newer draft, and offer this window's work back. */
  function takeStored(stored) {
    parentField.value = stored.parent ?? "";
    show(stored);
    offerRestore();
  }

  function offerRestore() {
    const setAside = drafts.setAside();
    if (setAside) {
      offerCopy(restoreBanner, setAside, "A newer draft saved in another window is shown.", {
        restore: (copy) => show(copy) && (drafts.discardSetAside(), true),
        discard: () => drafts.discardSetAside(),
      });
      return;
    }
    const copy = drafts.unsynced();
    if (!copy || JSON.stringify(copy.design) === JSON.stringify(store.state.design)) return;
    offerCopy(restoreBanner, copy, "Some changes were not saved to the server.", {
      restore: show,
      discard: () => drafts.discard(),
    });
  }

  titleField?.addEventListener("input", () => drafts.save(currentDraft()));
  whyField?.addEventListener("input", () => drafts.save(currentDraft()));
  form.addEventListener("submit", () => {
    designField.value = JSON.stringify(store.state.design);
    drafts.settle();
  });
  window.addEventListener("pagehide", () => drafts.flush());

  function fileName() {
    return (titleField?.value.trim() || root.dataset.fileName || "design").replace(/[^\w-]+/g, "-").slice(0, 60);
  }

  // ---- Streetmix ---------------------------------------------------------------------------------
  function say(text, kind = "") {
    notice.replaceChildren(...(text ? [h("p", { class: `message ${kind}` }, text)] : []));
  }

  const importForm = document.getElementById("import-streetmix");
  importForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    say("Importing…");
    let response = null;
    try {
      response = await fetch(importForm.action, {
        method: "POST", body: new FormData(importForm), headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      });
    } catch {
      say("The server could not be reached: nothing was imported.", "error");
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      say(data.error || "That street could not be imported.", "error");
      return;
    }
    if (act({ type: "replace", design: { ...store.state.design, parts: data.design.parts } })) {
      say(["Imported from Streetmix.", ...(data.notes || [])].join(" "));
    }
  });

  document.getElementById("export-streetmix")?.addEventListener("click", async (event) => {
    event.preventDefault();
    const href = event.currentTarget.href;
    await drafts.sendNow(currentDraft()); // the server exports what it has: give it the latest
    location.href = href;
  });

  offerRestore();
  render(store.state);
}
