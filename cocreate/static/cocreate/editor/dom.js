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

/** The toolkit form without htmx: a plain post that carries the editor's design as JSON. */
export function plainForm(form, remove = []) {
  const plain = form.cloneNode(true);
  for (const node of [plain, ...plain.querySelectorAll("[hx-post]")]) {
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
