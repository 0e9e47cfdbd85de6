// Constraint pressure (issue 13): which rules people push against while they work. Per rule,
// counted in this page only: each time its findings appear (none shown before), each press of
// the submit button they block, and the seconds they stay shown. The counts go to the server in
// small batches while the draft autosaves and when the page is left: anonymous, no design, no
// person, only `{rule: {shown, blocked, seconds}}` since the last batch.

const BATCH_MS = 3000; // at most one batch this often while the draft keeps saving
const MAX_SECONDS = 3600; // a batch counts at most an hour per rule (a tab left open)

export class Pressure {
  constructor({ url, csrfToken, now = () => performance.now(), send = (to, body) => navigator.sendBeacon(to, body) }) {
    this.url = url;
    this.csrfToken = csrfToken;
    this.now = now;
    this.send = send;
    this.since = new Map(); // rule -> when its findings appeared (ms), while shown
    this.counts = new Map(); // rule -> {shown, blocked, ms} since the last batch
    this.timer = null;
  }

  /** The editor shows `findings` now: rules that appear count as shown, rules that go stop
   * their clock. */
  see(findings) {
    const rules = new Set(findings.map((finding) => finding.rule));
    const at = this.now();
    for (const [rule, since] of this.since) {
      if (!rules.has(rule)) {
        this.count(rule).ms += at - since;
        this.since.delete(rule);
      }
    }
    for (const rule of rules) {
      if (!this.since.has(rule)) {
        this.since.set(rule, at);
        this.count(rule).shown += 1;
      }
    }
  }

  /** The submit button was pressed while `findings` showed: each rule with an error blocked it. */
  block(findings) {
    const rules = new Set(findings.filter((finding) => finding.severity === "error").map((finding) => finding.rule));
    rules.forEach((rule) => { this.count(rule).blocked += 1; });
  }

  count(rule) {
    if (!this.counts.has(rule)) this.counts.set(rule, { shown: 0, blocked: 0, ms: 0 });
    return this.counts.get(rule);
  }

  /** The counts since the last batch, whole seconds (the rest carried over), and a fresh start. */
  take() {
    const at = this.now();
    for (const [rule, since] of this.since) {
      this.count(rule).ms += at - since;
      this.since.set(rule, at);
    }
    const batch = {};
    for (const [rule, { shown, blocked, ms }] of this.counts) {
      const seconds = Math.min(Math.floor(ms / 1000), MAX_SECONDS);
      if (shown || blocked || seconds) batch[rule] = { shown, blocked, seconds };
    }
    this.counts = new Map([...this.counts].map(([rule, { ms }]) => [rule, { shown: 0, blocked: 0, ms: ms % 1000 }]));
    return batch;
  }

  /** The draft is being saved: send a batch within a few seconds (one for a burst of saves). */
  soon() {
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Send what there is now (leaving the page: the browser delivers it after). */
  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    const batch = this.take();
    if (!Object.keys(batch).length) return;
    const body = new FormData();
    body.set("csrfmiddlewaretoken", this.csrfToken);
    body.set("pressure", JSON.stringify(batch));
    this.send(this.url, body);
  }
}

/** The editor's pressure counter: a `Pressure` when the page names its URL, else one that
 * counts nothing (the staff's baseline editor). It counts each press of `submitButton` while
 * disabled (a disabled button still gets pointer events) against `findings()`, and sends what is
 * left when the page is left. */
export function pressureFor(root, { csrfToken, submitButton, findings }) {
  if (!root.dataset.pressureUrl) return NO_PRESSURE;
  const pressure = new Pressure({ url: root.dataset.pressureUrl, csrfToken });
  submitButton.addEventListener("pointerdown", () => submitButton.disabled && pressure.block(findings()));
  window.addEventListener("pagehide", () => pressure.flush());
  return pressure;
}

const NO_PRESSURE = { see() {}, soon() {} };
