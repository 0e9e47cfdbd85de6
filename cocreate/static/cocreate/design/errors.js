// errors.js: DesignError, paths, and how JSON values are named in messages (Python repr, truthiness).
// Python twin: cocreate/design/errors.py.

export const hasOwn = Object.hasOwn;

export const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** The engine's only input error. `message` equals Python's `str(e)`; `path` and `detail` too. */
export class DesignError extends Error {
  constructor(path, message) {
    if (message === undefined) {
      message = path;
      path = "";
    }
    super(path ? `${path}: ${message}` : message);
    this.name = "DesignError";
    this.path = path;
    this.detail = message;
  }
}

/** `join("parts", 2) == "parts[2]"`, `join("a", "b") == "a.b"`, `join("", "b") == "b"`. */
export function join(path, key) {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Python's `repr()` of a JSON number (whole numbers print as integers, see the header). */
export function pyRepr(n) {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n === 0 ? 0 : n);
  const [mantissa, expText] = n.toExponential().split("e");
  const exp = Number(expText);
  const sign = mantissa[0] === "-" ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  return `${sign}${whole}.${digits.slice(exp + 1) || "0"}`;
}

/** Python's `json.dumps(s)` (ASCII only: everything outside space..~ escaped as \uXXXX). */
export function pyJsonString(s) {
  return JSON.stringify(s).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Name a JSON value in an error message without dumping large structures. */
export function describe(value) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") {
    let shown = value;
    if (value.length > 40) {
      const points = Array.from(value); // Python counts code points
      if (points.length > 40) shown = points.slice(0, 37).join("") + "...";
    }
    return pyJsonString(shown);
  }
  if (typeof value === "number") return pyRepr(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return typeof value;
}

export const sortedStrings = (values) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Python's `str()` of a toolkit number in a load error (`None` for a missing one). */
export const pyStr = (value) =>
  value === null || value === undefined ? "None" : typeof value === "number" ? pyRepr(value) : String(value);

/** Python's truthiness of a JSON value (`{}` and `[]` are false). */
export function pyTruthy(value) {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

/** `obj[key] = value` that also works for a key named "__proto__" (an own property, as in JSON). */
export function put(obj, key, value) {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

export const isNumber = (value) => typeof value === "number" && Number.isFinite(value);

export const clone = (value) => (value === undefined ? undefined : structuredClone(value));

export const EMPTY = Object.freeze({});
