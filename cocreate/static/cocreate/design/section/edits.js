// Pure edits of a section design (insert, remove, move, resize, set variant, set type), for the
// editor: each returns a NEW design and never changes its input (Python's
// cocreate/design/section/edits.py; tests/conformance/edits.json holds both to the same results).
// Edits check only what they touch (the index, the type, the width); the design as a whole is
// judged by `toolkit.evaluate`.

import { describe, DesignError, hasOwn, isObject, pyRepr } from "../errors.js";
import { MAX_MM, metres } from "./design.js";
import { toM, toMm } from "../units.js";

/** A copy of the design with its own parts list, part objects and variant objects. */
function copyParts(design) {
  if (!isObject(design)) throw new DesignError("", `expected a design object, got ${describe(design)}`);
  const parts = design.parts;
  if (!Array.isArray(parts) || !parts.every(isObject)) throw new DesignError("parts", "expected an array of part objects");
  const copied = parts.map((part) => (isObject(part.variant) ? { ...part, variant: { ...part.variant } } : { ...part }));
  return [{ ...design, parts: copied }, copied];
}

/** A valid part index (`end` also allows `parts.length`, the position after the last). */
function position(parts, index, end = false) {
  const last = end ? parts.length : parts.length - 1;
  if (!Number.isInteger(index) || index < 0 || index > last) {
    throw new DesignError(`parts[${pyRepr(index)}]`, `no such position: the design has ${parts.length} parts`);
  }
  return index;
}

function entryOf(toolkit, partType) {
  const entry = typeof partType === "string" ? toolkit.catalog.get(partType) : undefined;
  if (entry === undefined) throw new DesignError("type", `${describe(partType)} is not a part type of ${toolkit.title}`);
  return entry;
}

function widthM(value, path) {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new DesignError(path, `expected a number of metres, got ${describe(value)}`);
  }
  const mm = toMm(value);
  if (!(mm > 0 && mm <= MAX_MM)) throw new DesignError(path, `must be more than 0 m and at most 1000 m, got ${pyRepr(value)}`);
  return toM(mm);
}

/** Insert a part of `partType` at its default width and variant (at the end by default). */
export function addPart(toolkit, design, partType, index = null) {
  const entry = entryOf(toolkit, partType);
  const [copy, parts] = copyParts(design);
  const at = index === null || index === undefined ? parts.length : position(parts, index, true);
  const part = { type: entry.type, width: toM(entry.defaultWidthMm) };
  if (Object.keys(entry.defaultVariant).length) part.variant = { ...entry.defaultVariant };
  parts.splice(at, 0, part);
  return copy;
}

export function removePart(design, index) {
  const [copy, parts] = copyParts(design);
  parts.splice(position(parts, index), 1);
  return copy;
}

/** Move a part so that it ends up at `toIndex`. */
export function movePart(design, index, toIndex) {
  const [copy, parts] = copyParts(design);
  const [part] = parts.splice(position(parts, index), 1);
  parts.splice(position(parts, toIndex, true), 0, part);
  return copy;
}

/** Set a part's width in metres, rounded to the millimetre. */
export function setWidth(design, index, width) {
  const [copy, parts] = copyParts(design);
  const i = position(parts, index);
  parts[i].width = widthM(width, `parts[${i}].width`);
  return copy;
}

/** Set one variant axis of a known part type to one of its values. */
export function setVariant(toolkit, design, index, axis, value) {
  const [copy, parts] = copyParts(design);
  const i = position(parts, index);
  const entry = entryOf(toolkit, parts[i].type);
  const values = hasOwn(entry.variants, axis) ? entry.variants[axis] : undefined;
  if (values === undefined) throw new DesignError(`parts[${i}].variant`, `${entry.label} has no variant "${axis}"`);
  if (!values.includes(value)) {
    throw new DesignError(`parts[${i}].variant.${axis}`, `${describe(value)} is not one of: ${values.join(", ")}`);
  }
  const kept = isObject(parts[i].variant) ? parts[i].variant : {};
  parts[i].variant = { ...entry.defaultVariant, ...kept, [axis]: value };
  return copy;
}

/** Change a part's type, keeping its width and id; the variant resets to the new default. */
export function setType(toolkit, design, index, partType) {
  const entry = entryOf(toolkit, partType);
  const [copy, parts] = copyParts(design);
  const part = parts[position(parts, index)];
  part.type = entry.type;
  delete part.variant;
  if (Object.keys(entry.defaultVariant).length) part.variant = { ...entry.defaultVariant };
  return copy;
}
