// What each part looks like in the editor's drawing: the illustrated street (people on footpaths,
// bikes, a tram, a bus, cars, trees…) drawn inside a part's band, and the ink for its label.
// The symbols and which part shows which are data in illustrations.json, read by the server's
// drawings too (cocreate/design/illustration.py); `figures` mirrors the Python `figures` number
// for number (tests/conformance/drawing/illustrations.json).

import data from "./illustrations.json" with { type: "json" };

const SVG = "http://www.w3.org/2000/svg";
const FILL_SHARE = 0.92; // the most of a part's width its symbols take

/** The tallest symbol in millimetres: a band this tall shows every symbol to scale. */
export const TALLEST_MM = Math.max(...Object.values(data.symbols).map((s) => s.height));

/** Half up, as the Python twin's `_round`. */
function round(value, places) {
  const k = 10 ** places;
  return Math.floor(value * k + 0.5) / k;
}

/** The part's symbols: the first `by` axis whose variant value is listed, else `show`. */
function chosen(spec, variant) {
  for (const [axis, values] of Object.entries(spec.by ?? {})) {
    if (Object.hasOwn(values, variant[axis])) return values[variant[axis]];
  }
  return spec.show;
}

/**
 * The symbols of a part placed in `box` (standing on its bottom edge, centred, to scale at
 * `perMm` drawing units per millimetre, scaled down only to fit the box): a list of
 * `{symbol, x, y, scale, flip, face}`, empty when the type shows none.
 */
export function figures(type, variant, box, perMm = 1) {
  const spec = Object.hasOwn(data.parts, type) ? data.parts[type] : null;
  if (!spec || box.width <= 0 || box.height <= 0) return [];
  const picked = chosen(spec, variant ?? {}).map((f) => (typeof f === "string" ? { symbol: f } : f));
  if (!picked.length) return [];
  const sizes = picked.map((f) => data.symbols[f.symbol]);
  const naturalW = sizes.reduce((sum, s) => sum + s.width, 0) + data.gap * (picked.length - 1);
  const naturalH = Math.max(...sizes.map((s) => s.height));
  const scale = Math.min(perMm, (box.width * FILL_SHARE) / naturalW, box.height / naturalH);
  const facing = data.facing[(variant ?? {})[spec.facing ?? ""]] ?? "front";
  let left = box.x + (box.width - naturalW * scale) / 2;
  const ground = box.y + box.height;
  return picked.map((f, i) => {
    const placed = {
      symbol: f.symbol,
      x: round(left, 2),
      y: round(ground - sizes[i].height * scale, 2),
      scale: round(scale, 6),
      flip: Boolean(f.flip),
      face: f.face ?? facing,
    };
    left += (sizes[i].width + data.gap) * scale;
    return placed;
  });
}

/** The symbol's shapes seen from `face` (front or rear): [tag, attributes] in order. */
export function shapes(symbol, face) {
  return data.symbols[symbol].shapes
    .filter(([, attributes]) => (attributes.face ?? face) === face)
    .map(([tag, { face: _face, ...attributes }]) => [tag, attributes]);
}

/** A placed figure's SVG transform (mirrored about its own middle when `flip`). */
export function transform(figure) {
  const { x, y, scale } = figure;
  if (!figure.flip) return `translate(${x} ${y}) scale(${scale})`;
  const right = x + data.symbols[figure.symbol].width * scale;
  return `translate(${right} ${y}) scale(${-scale} ${scale})`;
}

/**
 * An SVG group (aria-hidden, pointer-events none) illustrating a part of `type` with `variant`
 * inside the box `x, y, width, height` (drawing units: millimetres unless `perMm` says how many
 * units a millimetre is), or null when the type has no illustration.
 */
export function illustration(type, variant, box, perMm = 1) {
  const placed = figures(type, variant, box, perMm);
  if (!placed.length) return null;
  const group = document.createElementNS(SVG, "g");
  group.setAttribute("aria-hidden", "true");
  group.setAttribute("pointer-events", "none");
  group.setAttribute("class", "illustration");
  for (const figure of placed) {
    const g = document.createElementNS(SVG, "g");
    g.setAttribute("transform", transform(figure));
    for (const [tag, attributes] of shapes(figure.symbol, figure.face)) {
      const shape = document.createElementNS(SVG, tag);
      for (const [key, value] of Object.entries(attributes)) shape.setAttribute(key, value);
      g.append(shape);
    }
    group.append(g);
  }
  return group;
}

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(color) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a, b) {
  const [high, low] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (high + 0.05) / (low + 0.05);
}

/** The label colour (#111111 or #ffffff) that reads best on `fill`: contrast >= 4.5:1. */
export function labelInk(fill) {
  const { dark, light } = data.ink;
  return contrast(fill, dark) >= contrast(fill, light) ? dark : light;
}
