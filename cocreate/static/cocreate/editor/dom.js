// Small DOM helpers shared by the section and configurator editors.

export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

export function readJson(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

export function humanize(identifier) {
  const words = identifier.replaceAll("-", " ").replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The toolkit form without htmx: a plain post that carries the editor's design as JSON. The
 * title's similar-proposal lookup stays (it posts the form, so the design on screen counts). */
export function plainForm(form, remove = []) {
  const plain = form.cloneNode(true);
  for (const node of [plain, ...plain.querySelectorAll("[hx-post]:not([hx-target='#similar-proposals'])")]) {
    for (const attribute of ["hx-post", "hx-trigger", "hx-target", "hx-swap", "hx-include", "hx-sync"]) {
      node.removeAttribute(attribute);
    }
  }
  for (const selector of ["#submit-blocked", ".blocked-list", ...remove]) {
    plain.querySelectorAll(selector).forEach((node) => node.remove());
  }
  form.replaceWith(plain);
  window.htmx?.process(plain); // what stays enhanced (the title's similar-proposal lookup)
  return plain;
}

/** Offer back a copy of the work kept in this browser (`copy`: {design, title, rationale,
 * savedAt}) in `banner`, with `why` it is not the one shown; Restore hands it to `restore`. */
export function offerCopy(banner, copy, why, { restore, discard }) {
  const when = new Date(copy.savedAt).toLocaleString();
  banner.replaceChildren(
    h("p", {}, `${why} Your changes from ${when} are kept in this browser.`),
    h("button", { type: "button", class: "primary", onclick: () => { if (restore(copy) !== false) banner.hidden = true; } }, "Restore them"),
    h("button", { type: "button", onclick: () => { discard(); banner.hidden = true; } }, "Discard"),
  );
  banner.hidden = false;
}

/** Listen to `target`'s pointer moves (`onMove`) and ends, up or cancel (`onEnd`); returns the
 * function that stops listening, for `onEnd` to call once its gesture is over. */
export function followPointer(target, onMove, onEnd) {
  target.addEventListener("pointermove", onMove);
  target.addEventListener("pointerup", onEnd);
  target.addEventListener("pointercancel", onEnd);
  return () => {
    target.removeEventListener("pointermove", onMove);
    target.removeEventListener("pointerup", onEnd);
    target.removeEventListener("pointercancel", onEnd);
  };
}
