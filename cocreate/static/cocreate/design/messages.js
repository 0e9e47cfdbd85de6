// messages.js: message templates and the findings of one rule.
// Python twin: cocreate/design/messages.py.

import { DesignError, hasOwn, join } from "./errors.js";

export const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** A `{placeholder}` template split once into literal text and names; never fails. */
export class Template {
  constructor(text) {
    const pieces = [];
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      pieces.push(text.slice(last, match.index), match[1]);
      last = match.index + match[0].length;
    }
    pieces.push(text.slice(last));
    this.pieces = pieces; // literal, name, literal, name, ..., literal
  }

  render(values) {
    const pieces = this.pieces;
    let out = pieces[0];
    for (let k = 1; k < pieces.length; k += 2) {
      const name = pieces[k];
      out += (hasOwn(values, name) ? values[name] : `{${name}}`) + pieces[k + 1];
    }
    return out;
  }
}

/** One rule's findings: id, check, severity and a template per kind of hit. */
export class Emitter {
  constructor(rule, path, defaults) {
    this.rule = String(rule.id);
    this.check = String(rule.check);
    this.severity = String(rule.severity);
    const own = rule.message;
    const byKind = rule.messages || {};
    for (const kind of Object.keys(byKind)) {
      if (!hasOwn(defaults, kind)) {
        const known = Object.keys(defaults).join(", ");
        throw new DesignError(
          join(join(path, "messages"), kind),
          `a ${this.check} rule has no message "${kind}" (it has: ${known})`,
        );
      }
    }
    this.templates = {};
    for (const [kind, fallback] of Object.entries(defaults)) {
      this.templates[kind] = new Template(String(byKind[kind] || own || fallback));
    }
  }

  finding(kind, parts, values) {
    return {
      rule: this.rule,
      check: this.check,
      severity: this.severity,
      message: this.templates[kind].render(values),
      parts,
    };
  }
}

