// The editor's state and every change to it, with no DOM, no fetch and no storage, so node can
// test it (tests/js/state.test.mjs) and both editors share one undo history. A state is never
// changed in place: `reduce` returns a new one (or the same object when nothing changes), built
// from the engine's edit operations (design/edits.js), which never change their input either.
//
//   const context = sectionContext(toolkit, doc);            // or configuratorContext(toolkit)
//   const store = new Store(context, initialState(context, { design, units }));
//   const error = store.dispatch({ type: "setWidth", index: 2, widthMm: 3500 }); // a DesignError or null
//   store.dispatch({ type: "applyFix", fix, select: 2 }); // a quick fix (quickFixes): one undo step
//
// A state is {design, evaluation, selected, units, past, future, gesture, revision}:
// - `evaluation` is the engine's verdict on `design` ({valid, findings, metrics});
// - `selected` is the index of the selected part (sections), or null;
// - `units` are how lengths are shown, "metric" or "imperial";
// - `past` and `future` are whole designs for undo and redo (designs are small and never
//   changed in place, so snapshots cost little and are simpler than inverse operations);
// - `gesture` is the design from before an unfinished drag or typing, which ends as one step of
//   undo, or null;
// - `revision` counts the changes worth keeping: the draft is saved whenever it moves.

import { applyFix, DesignError, edits, toMm } from "../design/index.js";

export const HISTORY_LIMIT = 100;
export const MIN_WIDTH_MM = 50;

/** The part ids that the toolkit's `locked` rules fix: the editor leaves those parts alone. */
export function lockedIds(document) {
  return new Set((document.rules || []).filter((rule) => rule.check === "locked").flatMap((rule) => rule.ids || []));
}

/** What actions consult but never change: the toolkit, its locked ids and how a design is judged. */
export function sectionContext(toolkit, document) {
  return { toolkit, locked: lockedIds(document), evaluate: (design) => toolkit.evaluate(design) };
}

/** A configurator's form may hold what the engine refuses (a parameter that is no number yet):
 * that is judged as one error finding, so the design is kept, shown and cannot be submitted. */
export function configuratorContext(toolkit) {
  const evaluate = (design) => {
    try {
      return toolkit.evaluate(design);
    } catch (error) {
      if (!(error instanceof DesignError)) throw error;
      const finding = { rule: "input", check: "input", severity: "error", message: error.message, parts: [] };
      return { valid: false, metrics: {}, findings: [finding] };
    }
  };
  return { toolkit, locked: new Set(), evaluate };
}

export function initialState(context, { design, units = "metric" }) {
  return {
    design,
    evaluation: context.evaluate(design),
    selected: null,
    units,
    past: [],
    future: [],
    gesture: null,
    revision: 0,
  };
}

export function isLocked(context, state, index) {
  const part = state.design.parts[index];
  return Boolean(part && part.id && context.locked.has(part.id));
}

export function widthMm(state, index) {
  return toMm(state.design.parts[index].width);
}

/** Every locked part of `before` is in `after` with its type and width: the editor's promise. */
function keepsLocked(context, before, after) {
  const kept = new Map(after.parts.filter((part) => part.id).map((part) => [part.id, part]));
  return before.parts.every((part) => {
    if (!part.id || !context.locked.has(part.id)) return true;
    const now = kept.get(part.id);
    return Boolean(now) && now.type === part.type && toMm(now.width) === toMm(part.width);
  });
}

/** Undo has something to do: a step in the past, or an open gesture that changed the design. */
export function canUndo(state) {
  return state.past.length > 0 || (state.gesture !== null && state.gesture !== state.design);
}

export function canRedo(state) {
  return state.future.length > 0;
}

/** Where a part added from the palette goes: after the selected part, else at the end. */
export function insertionIndex(state) {
  return state.selected === null ? state.design.parts.length : state.selected + 1;
}

/** A selection that still names a part of `design` (the last one when it has fewer parts now). */
function clamped(selected, design) {
  if (selected === null || !design.parts.length) return null;
  return Math.max(0, Math.min(design.parts.length - 1, selected));
}

/** `state` after one step worth keeping, with `before` as the design to undo back to. */
function kept(state, before) {
  return { ...state, past: [...state.past, before].slice(-HISTORY_LIMIT), future: [], revision: state.revision + 1 };
}

/** `state` with `design` (judged at once); one step of undo unless a gesture is open. */
function changed(context, state, design, selected = state.selected) {
  const next = { ...state, design, evaluation: context.evaluate(design), selected };
  return state.gesture === null ? kept(next, state.design) : next;
}

/** Close an open gesture: one step of undo if it changed the design, none if not. */
function ended(state) {
  if (state.gesture === null) return state;
  const closed = { ...state, gesture: null };
  return state.gesture === state.design ? closed : kept(closed, state.gesture);
}

/** Undo (`from` "past", `to` "future") or redo (the other way), after closing any gesture. */
function travel(context, state, from, to) {
  const closed = ended(state);
  const steps = closed[from];
  if (!steps.length) return closed;
  const design = steps[steps.length - 1];
  return {
    ...closed,
    design,
    evaluation: context.evaluate(design),
    selected: clamped(closed.selected, design),
    [from]: steps.slice(0, -1),
    [to]: [...closed[to], closed.design],
    revision: closed.revision + 1,
  };
}

/**
 * The state after `action`, or `state` itself when the action changes nothing (a locked part, a
 * move off either end, a width already set). Throws the engine's DesignError, naming the field,
 * when the action is invalid; nothing has changed then.
 */
export function reduce(context, state, action) {
  const { design } = state;
  switch (action.type) {
    case "addPart": {
      const next = edits.addPart(context.toolkit, design, action.partType, action.index ?? null);
      return changed(context, state, next, action.index ?? next.parts.length - 1);
    }
    case "removePart": {
      if (isLocked(context, state, action.index)) return state;
      const next = edits.removePart(design, action.index);
      return changed(context, state, next, clamped(action.index, next));
    }
    case "movePart": {
      const { index, to } = action;
      if (to < 0 || to >= design.parts.length || to === index || isLocked(context, state, index)) return state;
      return changed(context, state, edits.movePart(design, index, to), to);
    }
    case "setWidth": {
      if (isLocked(context, state, action.index)) return state;
      const mm = Math.max(MIN_WIDTH_MM, action.widthMm);
      if (design.parts[action.index] && mm === widthMm(state, action.index)) return state;
      return changed(context, state, edits.setWidth(design, action.index, mm / 1000));
    }
    case "setType":
      if (isLocked(context, state, action.index)) return state;
      return changed(context, state, edits.setType(context.toolkit, design, action.index, action.partType));
    case "setVariant":
      if (isLocked(context, state, action.index)) return state;
      return changed(context, state, edits.setVariant(context.toolkit, design, action.index, action.axis, action.value));
    case "applyFix": { // a quick fix (design/fixes.js): all its edits as one step of undo
      const next = applyFix(context.toolkit, design, action.fix);
      if (!keepsLocked(context, design, next)) return state;
      const selected = action.select ?? state.selected;
      return changed(context, ended(state), next, clamped(selected, next));
    }
    case "replace": // a whole design at once: a Streetmix import, a restored draft, the form's controls
      return changed(context, state, action.design, null);
    case "select": {
      const selected = action.index === null ? null : clamped(action.index, design);
      return selected === state.selected ? state : { ...state, selected };
    }
    case "setUnits":
      return action.units === state.units ? state : { ...state, units: action.units };
    case "begin":
      return state.gesture === null ? { ...state, gesture: design } : state;
    case "end":
      return ended(state);
    case "undo":
      return travel(context, state, "past", "future");
    case "redo":
      return travel(context, state, "future", "past");
    default:
      throw new Error(`unknown editor action ${JSON.stringify(action.type)}`);
  }
}

/** The current state and the one way to change it. */
export class Store {
  constructor(context, state) {
    this.context = context;
    this.state = state;
  }

  /** Apply `action`; an invalid one leaves the state as it was and comes back as its DesignError. */
  dispatch(action) {
    try {
      this.state = reduce(this.context, this.state, action);
    } catch (error) {
      if (!(error instanceof DesignError)) throw error;
      return error;
    }
    return null;
  }
}
