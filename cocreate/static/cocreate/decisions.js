// The answer form, enhanced: choosing a status starts the answer from its template (when the
// answer is empty or still the untouched template of another), and "Preview" renders the
// answer in place by posting the same form (without JavaScript it reloads the page).
for (const form of document.querySelectorAll("form[data-answer-form]")) {
  const panel = form.closest(".answer-panel");
  const select = form.querySelector("select[name=answer_status]");
  const text = form.querySelector("textarea[name=answer]");
  const templates = new Map(
    [...panel.querySelectorAll("[data-template]")].map((pre) => [pre.dataset.template, pre.textContent]),
  );
  let filled = null; // the template the answer was last filled with

  const start = () => {
    const template = templates.get(select.value);
    const untouched = text.value.trim() === "" || text.value === filled;
    if (template !== undefined && untouched) {
      text.value = template;
      filled = template;
    }
  };
  select.addEventListener("change", start);
  if (select.value) start();

  const preview = panel.querySelector("[data-preview]");
  const body = panel.querySelector("[data-preview-body]");
  const button = form.querySelector("[data-preview-button]");
  button.addEventListener("click", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    data.set("preview", "1");
    try {
      const response = await fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const rendered = page.querySelector("[data-preview-body]");
      const errors = page.querySelector(".answer-panel [role=alert], .answer-panel .field-error");
      body.replaceChildren(...(rendered && rendered.childNodes.length ? rendered.childNodes : errors ? [errors] : []));
      preview.hidden = false;
    } catch {
      form.requestSubmit(button); // offline or refused: the plain post shows why
    }
  });
}
