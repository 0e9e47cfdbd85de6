// The compare pages, made quicker where scripts run (everything works without them):
// - a picker's filter box narrows its list of designs as one types (the form sends the same
//   words to the server, which narrows the list without this script);
// - on a narrow screen the diff drawing, drawn at a readable scale in a sideways scroller,
//   starts with its changed parts in view, and "Show whole street" fits it to the screen.

function filterPicker(input) {
  const select = document.getElementById(input.dataset.filters);
  const listed = document.getElementById(`${select.id}-shown`).querySelector(".listed");
  const all = [...select.options];
  input.addEventListener("input", () => {
    const words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const chosen = select.value; // stays listed and chosen, as the server keeps it
    const keep = all.filter(
      (option) =>
        option.value === "baseline" ||
        option.value === chosen ||
        words.every((word) => option.text.toLocaleLowerCase().includes(word)),
    );
    select.replaceChildren(...keep);
    select.value = chosen;
    listed.textContent = String(keep.filter((option) => option.value !== "baseline").length);
  });
}

// An empty filter box stays out of the address the form goes to.
function dropEmptyFilters(form) {
  const filters = form.querySelectorAll("input[data-filters]");
  form.addEventListener("submit", () => {
    for (const input of filters) input.disabled = !input.value;
  });
  // Back to this page from the history: the boxes work again.
  window.addEventListener("pageshow", () => {
    for (const input of filters) input.disabled = false;
  });
}

function showChanges(view) {
  const scroller = view.querySelector(".diff-scroll");
  const whole = view.querySelector(".diff-whole");
  const focus = () => {
    const width = scroller.scrollWidth;
    const room = scroller.clientWidth;
    if (width <= room) return;
    const start = Number(view.dataset.changeStart) * width;
    const end = Number(view.dataset.changeEnd) * width;
    // The changes centred when they fit, else their start a little in from the left edge.
    scroller.scrollLeft = end - start <= room ? (start + end - room) / 2 : start - 16;
  };
  const overflows = scroller.scrollWidth > scroller.clientWidth;
  whole.hidden = !overflows;
  whole.addEventListener("click", () => {
    const pressed = whole.getAttribute("aria-pressed") !== "true";
    whole.setAttribute("aria-pressed", String(pressed));
    view.classList.toggle("whole", pressed);
    if (!pressed) focus();
  });
  focus();
}

for (const input of document.querySelectorAll("input[data-filters]")) filterPicker(input);
for (const form of document.querySelectorAll("form.compare-form")) dropEmptyFilters(form);
for (const view of document.querySelectorAll(".diff-view[data-change-start]")) showChanges(view);
