// The edit operations of every kind as one namespace (Python's cocreate/design/edits.py): pure
// functions that return a NEW design. Sections: section/edits.js; configurators:
// configurator/edits.js.
export { setChoice, setParameter } from "./configurator/edits.js";
export { addPart, movePart, removePart, setType, setVariant, setWidth } from "./section/edits.js";
