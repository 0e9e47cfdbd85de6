// Work is never lost: every change is copied to this browser at once and sent to the server a
// moment later (retrying while offline); a copy the server never confirmed is offered back.
// Each save names the stored version it was based on: when another window saved first, the
// server refuses (409) and hands back its newer draft, which the editor takes, and this copy is
// set aside in this browser to be offered back, never lost and never written over the other.

const DELAY_MS = 800;
const RETRY_MS = [2000, 5000, 15000, 30000];

/** What an editor keeps its work with: autosaved `Drafts` when the page names a draft URL, else
 * nothing (the staff's baseline editor saves only through its form). */
export function draftsFor(root, options) {
  return root.dataset.draftUrl ? new Drafts({ url: root.dataset.draftUrl, key: root.dataset.storageKey, ...options }) : NO_DRAFTS;
}

const NO_DRAFTS = {
  unsynced: () => null,
  discard() {},
  setAside: () => null,
  discardSetAside() {},
  save() {},
  sendNow: async () => {},
  settle() {},
  flush() {},
};

export class Drafts {
  constructor({ url, key, csrfToken, version = null, onStatus, onVersion = () => {}, onConflict = () => {} }) {
    this.url = url;
    this.key = key;
    this.csrfToken = csrfToken;
    this.version = version; // the stored draft's version this copy is based on (0: none stored)
    this.onStatus = onStatus;
    this.onVersion = onVersion;
    this.onConflict = onConflict;
    this.timer = null;
    this.retries = 0;
    this.pending = null;
  }

  /** The copy in this browser that the server has not confirmed, if any. */
  unsynced() {
    const copy = readCopy(this.key);
    return copy && !copy.synced ? copy : null;
  }

  discard() {
    localStorage.removeItem(this.key);
  }

  /** The copy set aside when another window's newer draft was taken instead, if any. */
  setAside() {
    return readCopy(`${this.key}:set-aside`);
  }

  discardSetAside() {
    localStorage.removeItem(`${this.key}:set-aside`);
  }

  /** Keep `draft` ({design, title, rationale, parent}) locally now and on the server soon. */
  save(draft) {
    this.pending = draft;
    this.writeLocal({ ...draft, savedAt: Date.now(), synced: false });
    this.onStatus("saving");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), DELAY_MS);
  }

  /** Send `draft` at once (before something that reads the server's copy). */
  async sendNow(draft) {
    clearTimeout(this.timer);
    this.pending = draft;
    await this.send();
  }

  /** The form is being submitted with this draft: nothing is left to restore afterwards. */
  settle() {
    clearTimeout(this.timer);
    if (this.pending) this.writeLocal({ ...this.pending, savedAt: Date.now(), synced: true });
    this.pending = null;
  }

  /** Leaving the page: hand the last unsent draft to the browser to deliver. */
  flush() {
    if (!this.pending) return;
    clearTimeout(this.timer);
    navigator.sendBeacon(this.url, this.body(this.pending));
  }

  body(draft) {
    const body = new FormData();
    body.set("csrfmiddlewaretoken", this.csrfToken);
    body.set("design-json", JSON.stringify(draft.design));
    body.set("title", draft.title);
    body.set("rationale", draft.rationale);
    body.set("parent", draft.parent ?? "");
    body.set("version", this.version ?? "");
    return body;
  }

  async send() {
    const draft = this.pending;
    if (!draft) return;
    let response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        body: this.body(draft),
        headers: { "X-CSRFToken": this.csrfToken },
        credentials: "same-origin",
      });
    } catch {
      response = null;
    }
    if (response && response.ok) {
      this.retries = 0;
      const version = Number(response.headers.get("Draft-Version"));
      if (version) {
        this.version = version;
        this.onVersion(version);
      }
      if (this.pending === draft) {
        this.pending = null;
        this.writeLocal({ ...draft, savedAt: Date.now(), synced: true });
        this.onStatus("saved");
      }
      return;
    }
    if (response && response.status === 409) {
      const { draft: stored } = await response.json().catch(() => ({}));
      if (stored) {
        this.retries = 0;
        const mine = this.pending || draft;
        this.pending = null;
        this.version = stored.version;
        this.onVersion(stored.version);
        if (differs(mine, stored)) writeCopy(`${this.key}:set-aside`, { ...mine, savedAt: Date.now(), synced: false });
        this.writeLocal({ ...stored, parent: stored.parent ?? "", savedAt: Date.now(), synced: true });
        this.onStatus("replaced");
        this.onConflict(stored, mine);
        return;
      }
    }
    if (response && response.status === 400) {
      const { error } = await response.json().catch(() => ({ error: "" }));
      this.onStatus("refused", error);
      return;
    }
    this.onStatus("offline");
    const wait = RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)];
    this.retries += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), wait);
  }

  writeLocal(copy) {
    writeCopy(this.key, copy);
  }
}

/** Whether two drafts hold different work (the design or the words). */
export function differs(a, b) {
  return JSON.stringify(a.design) !== JSON.stringify(b.design) || (a.title || "") !== (b.title || "") || (a.rationale || "") !== (b.rationale || "");
}

function readCopy(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

function writeCopy(key, copy) {
  try {
    localStorage.setItem(key, JSON.stringify(copy));
  } catch {
    // Storage full or disabled: the server copy still keeps the work.
  }
}
