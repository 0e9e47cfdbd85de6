// The review board's keyboard shortcuts (board/board.html), on top of a page that works without
// them: j / k move between proposals, x ticks the one in focus, Enter opens it, / goes to the
// search, ? shows the list of keys (a <details> element, readable without this script too).
// Keys wait while a person types in a field.

const board = document.querySelector("[data-board]");

/** Whether `element` takes typed text, so a letter pressed there is the person's, not ours. */
function typingIn(element) {
  if (!(element instanceof HTMLElement)) return false;
  if (element.isContentEditable || element.matches("textarea, select")) return true;
  return element.matches("input") && !["checkbox", "radio", "submit", "button", "reset"].includes(element.type);
}

function start(board) {
  const rows = () => [...board.querySelectorAll("[data-board-row]")];
  const help = board.querySelector("[data-board-shortcuts]");
  const search = board.querySelector("[data-board-search]");
  const rowInFocus = () => document.activeElement?.closest?.("[data-board-row]") ?? null;

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const at = all.indexOf(rowInFocus());
    const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
    all[next].focus();
    all[next].scrollIntoView({ block: "nearest" });
  }

  const actions = {
    j: () => move(1),
    k: () => move(-1),
    x: () => {
      const box = rowInFocus()?.querySelector("input[type=checkbox]");
      if (!box) return false;
      box.click(); // as a click would: the change event fires
      return true;
    },
    Enter: () => {
      const row = rowInFocus();
      // On a link or a button, Enter does what it always does.
      if (!row || document.activeElement.matches("a, button")) return false;
      row.querySelector("[data-board-open]").click();
      return true;
    },
    "/": () => {
      if (!search) return false;
      search.focus();
      search.select();
      return true;
    },
    "?": () => {
      help.open = !help.open;
      if (help.open) help.querySelector("summary").focus();
      return true;
    },
    Escape: () => {
      if (!help.open) return false;
      help.open = false;
      return true;
    },
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typingIn(event.target)) return;
    const action = actions[event.key];
    if (action && action() !== false) event.preventDefault();
  });
}

if (board) start(board);
