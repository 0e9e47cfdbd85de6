// What each part looks like in the editor's drawing: the illustrated street (people on footpaths,
// bikes, a tram, a bus, cars, trees…) drawn inside a part's band, and the ink for its label.
// The server draws the same symbols (cocreate/design/illustration.py); the two are tested alike.

/**
 * An SVG group (aria-hidden, pointer-events none) illustrating a part of `type` with `variant`
 * inside the box `x, y, width, height` (drawing units: millimetres), or null when the type has no
 * illustration.
 */
export function illustration(_type, _variant, _box) {
  return null;
}

/** The label colour (#111111 or #ffffff) that reads best on `fill`: contrast >= 4.5:1. */
export function labelInk(_fill) {
  return "#111111";
}
