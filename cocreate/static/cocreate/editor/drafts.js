// Work is never lost: every change is copied to this browser at once and sent to the server a
// moment later (retrying while offline); a copy the server never confirmed is offered back.

const DELAY_MS = 800;
const RETRY_MS = [2000, 5000, 15000, 30000];

export class Drafts {
  constructor({ url, key, csrfToken, onStatus }) {
    this.url = url;
    this.key = key;
    this.csrfToken = csrfToken;
    this.onStatus = onStatus;
    this.timer = null;
    this.retries = 0;
    this.pending = null;
  }

  /** The copy in this browser that the server has not confirmed, if any. */
  unsynced() {
    try {
      const copy = JSON.parse(localStorage.getItem(this.key) || "null");
      return copy && !copy.synced ? copy : null;
    } catch {
      return null;
    }
  }

  discard() {
    localStorage.removeItem(this.key);
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
      if (this.pending === draft) {
        this.pending = null;
        this.writeLocal({ ...draft, savedAt: Date.now(), synced: true });
        this.onStatus("saved");
      }
      return;
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
    try {
      localStorage.setItem(this.key, JSON.stringify(copy));
    } catch {
      // Storage full or disabled: the server copy still keeps the work.
    }
  }
}
