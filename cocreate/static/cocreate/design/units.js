// units.js: metres to integer millimetres and back; numbers in messages.
// Python twin: cocreate/design/units.py.

import { metres } from "./section/design.js";

/** Metres to whole millimetres, half up on the IEEE product (`1.4995 -> 1500`). */
export function toMm(metres) {
  return Math.floor(metres * 1000 + 0.5);
}

/** Millimetres back to metres for documents (`1500 -> 1.5`). */
export function toM(mm) {
  return mm / 1000;
}

/** `3000 -> "3.00 m"`; a third decimal only when needed (`1499 -> "1.499 m"`). */
export function formatM(mm) {
  const sign = mm < 0 ? "-" : "";
  const abs = Math.abs(mm);
  const whole = Math.floor(abs / 1000);
  const frac = abs % 1000;
  if (frac % 10) return `${sign}${whole}.${String(frac).padStart(3, "0")} m`;
  return `${sign}${whole}.${String(frac / 10).padStart(2, "0")} m`;
}

export function groupThousands(digits) {
  // digits: an optional "-" and decimal digits
  const sign = digits[0] === "-" ? "-" : "";
  const body = sign ? digits.slice(1) : digits;
  let out = "";
  for (let end = body.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    out = out ? `${body.slice(start, end)},${out}` : body.slice(start, end);
  }
  return sign + out;
}

/** Python's `f"{x:.2f}"`: exact value rounded half to even (JS toFixed rounds exact ties up). */
export function fixed2(x) {
  const eighths = Math.abs(x) * 8; // exact: a power-of-two scaling
  if (Number.isSafeInteger(eighths) && eighths % 2 === 1) {
    // |x| is k/8 with k odd (.125 .375 .625 .875): an exact tie at the third decimal
    const k = BigInt(eighths);
    let n = (k * 25n) / 2n; // floor(|x| * 100)
    if (n % 2n === 1n) n += 1n;
    const text = `${n / 100n}.${String(n % 100n).padStart(2, "0")}`;
    return x < 0 ? `-${text}` : text;
  }
  return x.toFixed(2);
}

/** Metric values for messages: thousands separators, at most two decimals. */
export function formatNumber(value) {
  if (Number.isInteger(value)) return groupThousands(BigInt(value).toString());
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const text = fixed2(value);
  const dot = text.indexOf(".");
  const grouped = groupThousands(text.slice(0, dot)) + text.slice(dot);
  return grouped.replace(/0+$/, "").replace(/\.+$/, "");
}

/** `0.305 -> "30.5%"` (one decimal, half-up on the per-mille). */
export function formatShare(fraction) {
  const permille = Math.floor(fraction * 1000 + 0.5);
  return `${Math.floor(permille / 10)}.${((permille % 10) + 10) % 10}%`;
}

