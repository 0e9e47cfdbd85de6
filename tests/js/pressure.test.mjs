// The editor's constraint pressure (cocreate/static/cocreate/editor/pressure.js): per rule, each
// appearance of its findings, each submit they block and the seconds they stay shown, sent in
// anonymous batches of counts since the last one.

import assert from "node:assert/strict";
import { test } from "node:test";

import { Pressure } from "../../cocreate/static/cocreate/editor/pressure.js";

const error = (rule) => ({ rule, severity: "error", message: `${rule} broken`, parts: [] });
const warning = (rule) => ({ rule, severity: "warning", message: `${rule} advised`, parts: [] });

/** A Pressure on a clock the test moves, whose batches are collected as sent. */
function pressure() {
  const clock = { ms: 0 };
  const sent = [];
  const counter = new Pressure({
    url: "/c/road/toolkit/pressure/",
    csrfToken: "t",
    now: () => clock.ms,
    send: (url, body) => sent.push({ url, ...Object.fromEntries(body.entries()) }),
  });
  return { counter, clock, sent, batches: () => sent.map((post) => JSON.parse(post.pressure)) };
}

test("a rule counts as shown when its findings appear, not while they stay", () => {
  const { counter, clock } = pressure();
  counter.see([error("capacity")]);
  clock.ms = 1000;
  counter.see([error("capacity"), error("capacity"), warning("width")]); // more of the same rule
  counter.see([warning("width")]);
  counter.see([error("capacity"), warning("width")]); // capacity appears again
  assert.deepEqual(counter.take(), {
    capacity: { shown: 2, blocked: 0, seconds: 1 },
    width: { shown: 1, blocked: 0, seconds: 0 },
  });
});

test("seconds run while shown, carry their fraction over and stop when the findings go", () => {
  const { counter, clock } = pressure();
  counter.see([error("capacity")]);
  clock.ms = 2500;
  assert.deepEqual(counter.take(), { capacity: { shown: 1, blocked: 0, seconds: 2 } });
  clock.ms = 4000; // 1.5 s since the batch, plus the 0.5 s carried over
  counter.see([]);
  clock.ms = 60000;
  assert.deepEqual(counter.take(), { capacity: { shown: 0, blocked: 0, seconds: 2 } });
  assert.deepEqual(counter.take(), {});
});

test("a press of the blocked submit counts once per rule with an error", () => {
  const { counter } = pressure();
  const findings = [error("capacity"), error("capacity"), error("platform"), warning("width")];
  counter.see(findings);
  counter.block(findings);
  counter.block(findings);
  const batch = counter.take();
  assert.equal(batch.capacity.blocked, 2);
  assert.equal(batch.platform.blocked, 2);
  assert.equal(batch.width.blocked, 0);
});

test("an hour at most per rule and batch, whatever the tab was left open for", () => {
  const { counter, clock } = pressure();
  counter.see([error("capacity")]);
  clock.ms = 5 * 3600 * 1000;
  assert.equal(counter.take().capacity.seconds, 3600);
});

test("flush sends one anonymous batch with the CSRF token, and nothing when nothing happened", () => {
  const { counter, clock, sent, batches } = pressure();
  counter.flush();
  assert.equal(sent.length, 0);
  counter.see([error("capacity")]);
  clock.ms = 3000;
  counter.flush();
  assert.deepEqual(Object.keys(sent[0]).sort(), ["csrfmiddlewaretoken", "pressure", "url"]);
  assert.equal(sent[0].url, "/c/road/toolkit/pressure/");
  assert.deepEqual(batches(), [{ capacity: { shown: 1, blocked: 0, seconds: 3 } }]);
});

test("saves in a burst make one batch a few seconds later", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { counter, sent } = pressure();
  counter.see([error("capacity")]);
  counter.soon();
  counter.soon();
  counter.soon();
  t.mock.timers.tick(2999);
  assert.equal(sent.length, 0);
  t.mock.timers.tick(1);
  assert.equal(sent.length, 1);
  counter.soon();
  t.mock.timers.tick(3000);
  assert.equal(sent.length, 1); // the clock did not move: nothing new, no request
});
