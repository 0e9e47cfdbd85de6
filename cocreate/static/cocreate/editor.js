// The toolkit editor: progressively enhances the plain-HTML toolkit page (which stays available as
// the form view, `?form=1`). This file is the DOM wiring: every change is an action on the
// editor's state (editor/state.js, built on the engine's edit operations), evaluated at once by
// the engine with the same rules the server applies; the draft is kept in this browser and
// autosaved to the server.

import { loadToolkit } from "./design/index.js";
import { proposedMetrics, showFindings, showMetrics, showSubmitState, undoKeys } from "./editor/checks.js";
import { startConfigurator } from "./editor/configurator.js";
import { followPointer, h, humanize, offerCopy, plainForm, readJson } from "./editor/dom.js";
import { downloadPng, downloadSvg } from "./editor/export.js";
import { draftsFor } from "./editor/drafts.js";
import { pressureFor } from "./editor/pressure.js";
import { Drawing, MARGIN_PX } from "./editor/drawing.js";
import { canRedo, canUndo, initialState, insertionIndex, isLocked, sectionContext, Store, widthMm } from "./editor/state.js";
import { fieldValue, parseField, toMm } from "./editor/units.js";

const STEP_MM = 100;
const FINE_STEP_MM = 50;
const DRAG_THRESHOLD_PX = 4;
const READABLE = 0.032; // px per mm a phone starts at: 32 px a metre
const MAX_SCALE = 0.3;
const ZOOM_STEP = 1.25;
const EDGE_PX = 32;
const PHONE = matchMedia("(max-width: 600px)");
const EDGE_STEP_PX = 12;

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
  let scale = null; // px per mm
  let fitting = !PHONE.matches; // a phone starts at a readable scale
  const drafts = draftsFor(root, {
    csrfToken,
    version: !versionField?.value ? null : Number(versionField.value),
    onStatus: (status, detail) => showSaveStatus(status, detail),
    onVersion: (version) => { versionField.value = version; },
    onConflict: (stored) => takeStored(stored),
  });
  const pressure = pressureFor(root, { csrfToken, submitButton, findings: () => store.state.evaluation.findings });

  // ---- the page -------------------------------------------------------------------------------
  // Laptop: the toolbar, then the drawing with the palette and inspector under it, and the rule
  // checks and metrics in a sticky column beside it. Phone (editor.css, <= 600 px): the drawing at
  // a readable scale scrolling sideways under a mini-map, the checks as a sticky bar that opens,
  // and the palette and the selected part's inspector as sheets from the bottom.
  const saveStatus = h("span", { class: "save-status" });
  const undoButton = h("button", { type: "button", onclick: () => act({ type: "undo" }) }, "Undo");
  const redoButton = h("button", { type: "button", onclick: () => act({ type: "redo" }) }, "Redo");
  const addButton = h("button", { type: "button", class: "add-part primary", "aria-expanded": "false", "aria-controls": "editor-palette", onclick: () => openPalette() }, "Add a part");
  const unitButtons = ["metric", "imperial"].map((units) =>
    h("button", { type: "button", "data-units": units, onclick: () => setUnits(units) },
      units === "metric" ? "Metres" : "Feet"));
  const toolbar = h("div", { class: "editor-toolbar", role: "toolbar", "aria-label": "Editor" },
    undoButton, redoButton, addButton, saveStatus);
  const tools = h("div", { class: "editor-tools", role: "group", "aria-label": "Units and export" },
    h("span", { class: "group", role: "group", "aria-label": "Units" }, ...unitButtons),
    h("button", { type: "button", onclick: () => downloadSvg(svg, fileName()) }, "Export SVG"),
    h("button", { type: "button", onclick: () => downloadPng(svg, fileName()) }, "Export PNG"),
    h("a", { href: "?form=1", class: "form-view button" }, "Form view"));

  const search = h("input", { type: "search", class: "palette-search", "aria-label": "Find a part", placeholder: "Find a part", autocomplete: "off" });
  const nothingFound = h("p", { class: "hint", hidden: true }, "No part type matches.");
  const swatches = Object.entries(catalog).map(([type, entry]) => {
    const button = h("button", { type: "button", class: "swatch", "data-type": type,
      "aria-label": `Add ${entry.label}` }, h("span", { class: "chip", "aria-hidden": "true" }), entry.label);
    button.querySelector(".chip").style.background = entry.color;
    button.addEventListener("pointerdown", (event) => startPaletteDrag(event, type));
    button.addEventListener("click", (event) => {
      if (event.detail === 0 || !button.dataset.dragged) {
        closePalette();
        addPart(type, insertionIndex(store.state));
      }
      delete button.dataset.dragged;
    });
    return button;
  });
  const palette = h("section", { class: "palette", id: "editor-palette", "aria-label": "Add a part" },
    h("div", { class: "sheet-head" },
      h("h2", {}, "Add a part"),
      h("button", { type: "button", class: "close", onclick: () => closePalette() }, "Close")),
    search,
    h("div", { class: "swatches" }, ...swatches),
    nothingFound);
  search.addEventListener("input", () => {
    const words = search.value.trim().toLowerCase();
    let shown = 0;
    swatches.forEach((button) => {
      button.hidden = Boolean(words) && !button.textContent.toLowerCase().includes(words);
      shown += button.hidden ? 0 : 1;
    });
    nothingFound.hidden = shown > 0;
  });
  palette.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && palette.classList.contains("open")) {
      event.preventDefault();
      closePalette();
    }
  });

  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "editor-drawing");
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", "The design, left to right. Arrow keys move between parts; + and - change the width; Alt+arrows move a part; Delete removes it.");
  const drawing = new Drawing(svg);
  const viewport = h("div", { class: "viewport" });
  viewport.append(svg);
  const scroller = h("div", { class: "scroller" }, viewport,
    h("span", { class: "cue left", "aria-hidden": "true" }, "‹"), h("span", { class: "cue right", "aria-hidden": "true" }, "›"));
  const zoomButtons = h("div", { class: "zoom", role: "group", "aria-label": "Zoom" },
    h("button", { type: "button", "aria-label": "Zoom out", onclick: () => zoomBy(1 / ZOOM_STEP) }, "−"),
    h("button", { type: "button", "aria-label": "Zoom in", onclick: () => zoomBy(ZOOM_STEP) }, "+"),
    h("button", { type: "button", onclick: () => zoomToFit() }, "Fit"));
  const mapWindow = h("span", { class: "window" });
  const mapParts = h("span", { class: "map-parts" });
  const minimap = h("div", { class: "minimap", "aria-hidden": "true", title: "The whole street: drag to scroll" }, mapParts, mapWindow);
  const bin = h("div", { class: "bin", "aria-hidden": "true" }, "Drop here to remove");
  const stage = h("div", { class: "stage" }, scroller,
    h("div", { class: "map-row" }, minimap, h("span", { class: "scroll-hint", "aria-hidden": "true" }, "Swipe or drag the map")),
    h("div", { class: "stage-foot" }, bin, zoomButtons));
  const inspector = h("div", { class: "inspector", "aria-live": "off" });
  const findingsRegion = h("div", { role: "status", "aria-live": "polite", class: "findings-region" });
  const metricsTable = h("table", { class: "metrics" });
  const checksSummary = h("button", { type: "button", class: "checks-summary", "aria-expanded": "false", "aria-controls": "editor-checks-body", onclick: () => toggleChecks() });
  const checks = h("aside", { class: "checks", "aria-label": "Rule checks and metrics" },
    checksSummary,
    h("div", { class: "checks-body", id: "editor-checks-body" },
      h("h2", {}, "Rule checks"), findingsRegion, h("h2", {}, "Metrics"), metricsTable));
  const submitReason = h("div", { id: "editor-submit-reason", class: "blocked-reason" });
  const restoreBanner = h("div", { class: "restore", hidden: true });
  const notice = h("div", { class: "editor-notice", "aria-live": "polite" });

  root.replaceChildren(
    restoreBanner, notice, toolbar,
    h("div", { class: "editor-main" },
      h("div", { class: "editor-work" }, stage, inspector, palette, tools),
      checks),
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

  // ---- the sheets ------------------------------------------------------------------------------
  /** On a phone a sheet covers the lower half of the screen: bring the drawing above it. */
  function bringStageUp() {
    if (!PHONE.matches) return;
    const box = stage.getBoundingClientRect();
    if (box.bottom > innerHeight * 0.45) scrollBy({ top: box.top - checks.offsetHeight - 8, behavior: "instant" });
  }

  function openPalette() {
    bringStageUp();
    palette.classList.add("open");
    addButton.setAttribute("aria-expanded", "true");
    search.focus();
  }

  function closePalette() {
    if (!palette.classList.contains("open")) return;
    const returnFocus = palette.contains(document.activeElement);
    palette.classList.remove("open");
    addButton.setAttribute("aria-expanded", "false");
    if (returnFocus) addButton.focus();
  }

  // Collapsed, the list stays readable to screen readers (its live region still speaks); a
  // keyboard reaching into it opens it.
  checks.addEventListener("focusin", (event) => {
    if (event.target !== checksSummary && !checks.classList.contains("open")) toggleChecks();
  });

  function toggleChecks() {
    const open = !checks.classList.contains("open");
    checks.classList.toggle("open", open);
    checksSummary.setAttribute("aria-expanded", String(open));
  }

  // The inspector's sheet stays out of the way while the person scrolls down to the form.
  new IntersectionObserver(([entry]) => root.classList.toggle("stage-away", !entry.isIntersecting)).observe(stage);

  // ---- scale and scrolling ---------------------------------------------------------------------
  /** The scale that shows the whole street (and a little room past its end) in the viewport. */
  function fitScale() {
    const total = parts().reduce((sum, _part, index) => sum + width(index), 0);
    return Math.max(viewWidth() - 24, 120) / Math.max(lengthMm * 1.05, total, 1000);
  }

  /** The scale to draw at: kept as it is while a pointer is down (a resize follows the pointer
   * 1:1 and overflow grows past the street's end), else the fitted one or the chosen zoom. */
  function currentScale() {
    if (held) return scale;
    const fitted = fitScale();
    scale = fitting ? fitted : Math.min(MAX_SCALE, Math.max(scale ?? READABLE, fitted));
    return scale;
  }

  /** The viewport's width, kept from the last resize: reading it during an edit would make the
   * browser lay the page out in the middle of the edit. */
  let knownWidth = null;
  const viewWidth = () => knownWidth ?? (knownWidth = viewport.clientWidth);

  /** Zoom to `next` px per mm, keeping the street at `anchorPx` (viewport px) where it is. */
  function zoomTo(next, anchorPx = viewWidth() / 2) {
    const mmAt = (viewport.scrollLeft + anchorPx) / scale;
    const fitted = fitScale();
    fitting = next <= fitted * 1.001;
    scale = Math.min(MAX_SCALE, Math.max(next, fitted));
    drawOnly();
    viewport.scrollLeft = mmAt * scale - anchorPx;
  }

  const zoomBy = (factor) => zoomTo(scale * factor);

  function zoomToFit() {
    fitting = true;
    drawOnly();
  }

  /** The mini-map's window and the scroll cues follow the viewport (once a frame at most). */
  let scrollShown = null;
  function showScroll() {
    scrollShown ??= requestAnimationFrame(() => {
      scrollShown = null;
      followScroll();
    });
  }

  function followScroll() {
    const full = drawing.widthPx || 1;
    const seen = viewWidth();
    const overflowing = full > seen + 1;
    stage.classList.toggle("overflowing", overflowing);
    if (overflowing && mapShown !== offsets) showMap(); // hidden while the street fits
    scroller.classList.toggle("can-left", scrolled > 1);
    scroller.classList.toggle("can-right", scrolled + seen < full - 1);
    mapWindow.style.left = `${(scrolled / full) * 100}%`;
    mapWindow.style.width = `${Math.min(1, seen / full) * 100}%`;
  }

  /** The mini-map's parts, as shares of the drawing's width. */
  let mapShown = null;
  function showMap() {
    mapShown = offsets;
    const full = (drawing.widthPx || 1) / scale;
    const left = -(MARGIN_PX / scale);
    const colours = parts().map((part) => catalog[part.type]?.color ?? "#bbbbbb");
    while (mapParts.children.length > colours.length) mapParts.lastChild.remove();
    colours.forEach((colour, index) => {
      const span = mapParts.children[index] || mapParts.appendChild(h("span", {}));
      span.style.left = `${(((offsets[index] - left) / full) * 100).toFixed(2)}%`;
      span.style.width = `${(((offsets[index + 1] - offsets[index]) / full) * 100).toFixed(2)}%`;
      span.style.background = colour;
    });
  }

  let scrolled = 0; // the viewport's scrollLeft, kept from its scroll events
  viewport.addEventListener("scroll", () => {
    scrolled = viewport.scrollLeft;
    showScroll();
  }, { passive: true });
  new ResizeObserver(([entry]) => {
    knownWidth = entry.contentRect.width;
    if (scale !== null) drawOnly();
  }).observe(viewport);

  /** Scroll so that the map's point under the pointer is in the middle of the viewport. */
  minimap.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    minimap.setPointerCapture(event.pointerId);
    const go = (at) => {
      const box = minimap.getBoundingClientRect();
      const share = (at.clientX - box.left) / box.width;
      viewport.scrollLeft = share * drawing.widthPx - viewWidth() / 2;
    };
    go(event);
    const stop = followPointer(minimap, go, () => stop());
  });

  // ---- drawing everything ----------------------------------------------------------------------
  /** The drawing alone, at the current scale (after a zoom; also part of every render). */
  function drawOnly() {
    const { state } = store;
    const shown = parts().map((part, index) => {
      const entry = catalog[part.type];
      return {
        type: part.type,
        variant: part.variant,
        widthMm: width(index),
        label: entry ? entry.label : `${part.type} (unknown)`,
        color: entry ? entry.color : "#bbbbbb",
        locked: locked(index),
      };
    });
    offsets = drawing.update({
      parts: shown,
      lengthMm,
      evaluation: state.evaluation,
      units: state.units,
      selected: state.selected,
      scale: currentScale(),
      viewPx: viewWidth(),
    });
    showScroll();
  }

  /** Show `store.state`; `previous` tells whether the draft moved on, `started` when the action
   * began (the state evaluates the design, so the time until now is the evaluation's). */
  function render(previous, { focus = false, started = performance.now() } = {}) {
    const { state } = store;
    const evaluated = performance.now();
    const hadFocus = svg.contains(document.activeElement);
    drawOnly();
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
    pressure.see(state.evaluation.findings);
    showChecksSummary(state.evaluation.findings);
    undoButton.disabled = !canUndo(state);
    redoButton.disabled = !canRedo(state);
    unitButtons.forEach((button) => button.setAttribute("aria-pressed", String(button.dataset.units === state.units)));
    designField.value = JSON.stringify(state.design);
    if ((focus || hadFocus) && state.selected !== null) {
      const group = svg.querySelector(`g.part[data-index="${state.selected}"]`);
      if (group && group !== document.activeElement) group.focus();
    }
    if (state.revision !== previous.revision) saveSoon();
    root.dispatchEvent(new CustomEvent("cocreate:rendered", { detail: { started, evaluated, drawn, finished: performance.now() } }));
  }

  /** The checks' bar on a phone: how many errors and warnings, before it is opened. */
  function showChecksSummary(findings) {
    const count = (severity) => findings.filter((finding) => finding.severity === severity).length;
    const errors = count("error");
    const warnings = count("warning");
    const words = [
      errors ? `${errors} ${errors === 1 ? "error" : "errors"}` : "",
      warnings ? `${warnings} ${warnings === 1 ? "warning" : "warnings"}` : "",
    ].filter(Boolean).join(", ") || "Meets every rule";
    if (checksSummary.textContent !== `Rule checks: ${words}`) checksSummary.textContent = `Rule checks: ${words}`;
    checks.dataset.severity = errors ? "error" : warnings ? "warning" : "ok";
  }

  let inspected = null; // what the inspector shows: rebuilt only when that changes
  function renderInspector() {
    const { state } = store;
    const index = state.selected;
    const opening = index !== null && Boolean(parts()[index]) && !root.classList.contains("has-selection");
    root.classList.toggle("has-selection", index !== null && Boolean(parts()[index]));
    if (opening) bringStageUp();
    if (index === null || !parts()[index]) {
      if (inspected === "none") return;
      inspected = "none";
      inspector.replaceChildren(h("p", { class: "hint" }, "Select a part to change it, or drag one in from the palette."));
      return;
    }
    const part = parts()[index];
    const entry = catalog[part.type];
    const fixed = locked(index);
    const key = JSON.stringify([index, part.type, part.variant, state.units, fixed, parts().length]);
    if (inspected === key) {
      const field = document.getElementById("inspector-width");
      if (field && field !== document.activeElement) field.value = fieldValue(width(index), state.units);
      return;
    }
    inspected = key;
    const widthInput = h("input", { id: "inspector-width", inputmode: "decimal", size: 6, value: fieldValue(width(index), state.units), disabled: fixed });
    widthInput.addEventListener("change", () => {
      const mm = parseField(widthInput.value, store.state.units);
      if (mm === null) {
        widthInput.setAttribute("aria-invalid", "true");
        return;
      }
      widthInput.removeAttribute("aria-invalid");
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
      h("div", { class: "sheet-head" },
        h("h2", {}, `Part ${index + 1}: ${entry ? entry.label : part.type}`, fixed ? " (locked)" : ""),
        h("button", { type: "button", class: "close", onclick: () => select(null) }, "Done")),
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
      drawing.highlight(store.state.selected);
      renderInspector();
    }
  });

  undoKeys(() => act({ type: "undo" }), () => act({ type: "redo" }));

  // ---- pointer: resize, reorder, remove, add, pan, pinch ----------------------------------------
  let held = false; // a pointer is down on the drawing: the scale holds still
  let gesture = null; // how to end the one-pointer gesture when a second finger starts a pinch
  const pointers = new Map();

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

  const inside = (event, element) => {
    const box = element.getBoundingClientRect();
    return event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
  };

  /** Near either end of the viewport, a drag scrolls the drawing along. */
  function edgeScroll(event) {
    const box = viewport.getBoundingClientRect();
    if (event.clientX < box.left + EDGE_PX) viewport.scrollLeft -= EDGE_STEP_PX;
    else if (event.clientX > box.right - EDGE_PX) viewport.scrollLeft += EDGE_STEP_PX;
  }

  /** A ghost of the part being dragged, following the pointer. */
  function ghostOf(label, colour) {
    const ghost = h("div", { class: "drag-ghost", "aria-hidden": "true" }, h("span", { class: "chip" }), label);
    ghost.querySelector(".chip").style.background = colour;
    document.body.append(ghost);
    return ghost;
  }

  function follow(ghost, event) {
    ghost.style.left = `${event.clientX}px`;
    ghost.style.top = `${event.clientY}px`;
  }

  svg.addEventListener("pointerdown", (event) => {
    if (event.button > 0) return;
    pointers.set(event.pointerId, event);
    svg.setPointerCapture(event.pointerId);
    if (pointers.size === 2) {
      startPinch();
      return;
    }
    if (pointers.size > 2) return;
    const handle = event.target.closest?.("[data-handle]");
    const group = event.target.closest?.("g.part");
    event.preventDefault();
    held = true;
    if (handle) startResize(event, Number(handle.dataset.handle));
    else if (!group) startPan(event);
    else if (!locked(Number(group.dataset.index))) startReorder(event, Number(group.dataset.index));
    else select(Number(group.dataset.index), { focus: true });
  });

  // A tap's click comes after the tap has selected a part, and the page may have scrolled for
  // the inspector's sheet in between: the click would land on whatever is there now.
  svg.addEventListener("touchend", (event) => event.preventDefault(), { passive: false });

  const forget = (event) => {
    pointers.delete(event.pointerId);
    if (!pointers.size) held = false;
  };
  svg.addEventListener("pointermove", (event) => { if (pointers.has(event.pointerId)) pointers.set(event.pointerId, event); });
  svg.addEventListener("pointerup", forget);
  svg.addEventListener("pointercancel", forget);

  /** Follow the pointer of `event` until it is up (`onUp`) or a pinch takes over (`onCancel`). */
  function track(event, onMove, onUp, onCancel = () => {}) {
    const move = (moveEvent) => { if (moveEvent.pointerId === event.pointerId) onMove(moveEvent); };
    const up = (upEvent) => {
      if (upEvent.pointerId !== event.pointerId) return;
      stop();
      held = false;
      onUp(upEvent);
      if (fitting) drawOnly(); // the scale may follow the design again
    };
    const unfollow = followPointer(svg, move, up);
    const stop = () => {
      unfollow();
      gesture = null;
    };
    gesture = () => {
      stop();
      onCancel();
    };
  }

  /** A drag of a part's edge: every width on the way is shown, the whole drag is one undo step;
   * the scale holds, so the edge stays under the pointer. */
  function startResize(event, index) {
    const startMm = pointerMm(event);
    const startWidth = width(index);
    select(index);
    store.dispatch({ type: "begin" }); // nothing to show until the edge moves
    svg.classList.add("resizing");
    const done = () => {
      svg.classList.remove("resizing");
      act({ type: "end" });
    };
    track(event, (move) => {
      const step = move.shiftKey ? FINE_STEP_MM : STEP_MM;
      setWidth(index, Math.round((startWidth + (pointerMm(move) - startMm)) / step) * step);
    }, done, done);
  }

  /** A drag of a part: it lifts, a ghost follows the pointer, a marker shows where it would
   * land, and the bin lights up when it would be removed. */
  function startReorder(event, index) {
    const startX = event.clientX;
    const startY = event.clientY;
    let ghost = null;
    const clear = () => {
      ghost?.remove();
      drawing.lift(null);
      svg.classList.remove("dragging");
      bin.classList.remove("armed", "ready");
      drawing.mark(null);
    };
    const target = (at) => {
      let to = indexAt(pointerMm(at));
      if (to > index) to -= 1;
      return to;
    };
    track(event, (move) => {
      if (!ghost && Math.hypot(move.clientX - startX, move.clientY - startY) < DRAG_THRESHOLD_PX) return;
      if (!ghost) {
        const part = parts()[index];
        ghost = ghostOf(catalog[part.type]?.label ?? part.type, catalog[part.type]?.color ?? "#bbbbbb");
        drawing.lift(index);
        svg.classList.add("dragging");
        bin.classList.add("ready");
      }
      follow(ghost, move);
      edgeScroll(move);
      const binned = inside(move, bin);
      bin.classList.toggle("armed", binned);
      const to = target(move);
      drawing.mark(binned || to === index ? null : to > index ? to + 1 : to);
    }, (up) => {
      const dragged = ghost !== null;
      clear();
      if (!dragged) {
        select(index, { focus: true });
        return;
      }
      if (up.type !== "pointerup") return;
      if (inside(up, bin)) removePart(index);
      else movePart(index, target(up));
    }, clear);
  }

  /** A drag on the drawing's background scrolls it sideways (a finger's swipe, a mouse's drag). */
  function startPan(event) {
    const startX = event.clientX;
    const startScroll = viewport.scrollLeft;
    svg.classList.add("panning");
    track(event, (move) => {
      viewport.scrollLeft = startScroll - (move.clientX - startX);
    }, (up) => {
      svg.classList.remove("panning");
      if (Math.abs(up.clientX - startX) < DRAG_THRESHOLD_PX) select(null);
    }, () => svg.classList.remove("panning"));
  }

  /** Two fingers: their spread zooms, the street between them stays under them. */
  function startPinch() {
    gesture?.();
    const [a, b] = [...pointers.values()];
    const spread = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY) || 1;
    const from = scale;
    held = true;
    const onMove = (event) => {
      if (!pointers.has(event.pointerId) || pointers.size !== 2) return;
      pointers.set(event.pointerId, event);
      const [p, q] = [...pointers.values()];
      const box = viewport.getBoundingClientRect();
      zoomTo(from * (Math.hypot(p.clientX - q.clientX, p.clientY - q.clientY) / spread), (p.clientX + q.clientX) / 2 - box.left);
    };
    const stop = followPointer(svg, onMove, (event) => {
      if (pointers.size > 1 && pointers.has(event.pointerId)) return;
      stop();
    });
  }

  function startPaletteDrag(event, type) {
    if (event.button > 0) return;
    const button = event.currentTarget;
    const startX = event.clientX;
    const startY = event.clientY;
    let ghost = null;
    button.setPointerCapture(event.pointerId);
    const overDrawing = (at) => inside(at, viewport);
    const move = (moveEvent) => {
      if (!ghost && Math.hypot(moveEvent.clientX - startX, moveEvent.clientY - startY) < DRAG_THRESHOLD_PX) return;
      if (!ghost) {
        ghost = ghostOf(catalog[type].label, catalog[type].color);
        button.dataset.dragged = "1";
        palette.classList.add("passing"); // a sheet lets the drawing show through while dragging
      }
      follow(ghost, moveEvent);
      if (overDrawing(moveEvent)) {
        edgeScroll(moveEvent);
        drawing.mark(indexAt(pointerMm(moveEvent)));
      } else {
        drawing.mark(null);
      }
    };
    const stop = followPointer(button, move, (upEvent) => {
      stop();
      if (!ghost) return;
      ghost.remove();
      drawing.mark(null);
      palette.classList.remove("passing");
      if (overDrawing(upEvent) && upEvent.type === "pointerup") {
        closePalette();
        addPart(type, indexAt(pointerMm(upEvent)));
      }
    });
  }

  // ---- drafts ----------------------------------------------------------------------------------
  /** Keep the draft once the edit is on screen: a held key's edits make one write. */
  let saving = null;
  function saveSoon() {
    if (saving !== null) return;
    showSaveStatus("saving"); // at once: "Draft saved" would be untrue until then
    saving = setTimeout(saveNow, 0);
  }

  function saveNow() {
    clearTimeout(saving);
    saving = null;
    drafts.save(currentDraft());
    pressure.soon();
  }

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
    if (saving !== null) saveNow();
    drafts.settle();
  });
  window.addEventListener("pagehide", () => {
    if (saving !== null) saveNow();
    drafts.flush();
  });

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
