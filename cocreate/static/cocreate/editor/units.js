// Lengths are stored in metres and computed in whole millimetres; people may read them in feet.

export const FOOT_MM = 304.8;

export function toMm(metres) {
  return Math.floor(metres * 1000 + 0.5);
}

export function formatLength(mm, units) {
  if (units === "imperial") return `${(mm / FOOT_MM).toFixed(2)} ft`;
  return `${(mm / 1000).toFixed(2)} m`;
}

/** The number a width field shows, in the chosen units. */
export function fieldValue(mm, units) {
  return units === "imperial" ? (mm / FOOT_MM).toFixed(2) : (mm / 1000).toFixed(2);
}

/** A width field's text back to millimetres, or null when it is not a positive number. */
export function parseField(text, units) {
  const value = Number(String(text).trim().replace(",", "."));
  if (!Number.isFinite(value) || value <= 0) return null;
  const mm = units === "imperial" ? Math.round(value * FOOT_MM) : toMm(value);
  return mm > 0 ? mm : null;
}
